// Placeholder so the module builds before its first file lands.
import Foundation
