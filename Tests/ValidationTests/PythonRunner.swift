import Foundation
import TestSupport

/// This target's helper scripts, `Tests/ValidationTests/Support`.
let pythonScripts = PythonScripts(besides: #filePath)
