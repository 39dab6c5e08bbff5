import Foundation
import TestSupport

/// This target's helper scripts, `Tests/AWSTests/Support`.
let pythonScripts = PythonScripts(besides: #filePath)
