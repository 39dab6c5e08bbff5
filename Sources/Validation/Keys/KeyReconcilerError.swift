/// Why a key reconciliation could not be completed. Scratch-file failures carry the path and the
/// operating system's reason (`No space left on device`, `Permission denied`) so the message
/// says what to fix; none of them is a crash.
public enum KeyReconcilerError: Error, Equatable, CustomStringConvertible {
    /// An argument of `KeyReconciler.init` is out of range.
    case invalidConfiguration(String)
    /// The fresh subdirectory under the scratch directory could not be created.
    case scratchUnavailable(path: String, reason: String)
    /// Writing a bucket file failed; the keys buffered for it are lost, so the reconciler is
    /// unusable from then on and every later call throws this again.
    case writeFailed(path: String, reason: String)
    /// Reading a bucket file back failed.
    case readFailed(path: String, reason: String)
    /// A bucket file ends in the middle of a record: something else changed the scratch files.
    case corruptBucket(path: String, offset: Int)
    /// The scratch files could not be removed (the reconciliation itself was complete).
    case cleanupFailed(path: String, reason: String)
    /// `add...` or `finish()` after `finish()`.
    case finished

    public var description: String {
        switch self {
        case .invalidConfiguration(let message):
            return "key reconciliation: \(message)"
        case .scratchUnavailable(let path, let reason):
            return "key reconciliation: cannot create scratch directory \(path): \(reason)"
        case .writeFailed(let path, let reason):
            return "key reconciliation: cannot write scratch file \(path): \(reason)"
        case .readFailed(let path, let reason):
            return "key reconciliation: cannot read scratch file \(path): \(reason)"
        case .corruptBucket(let path, let offset):
            return "key reconciliation: scratch file \(path) is truncated at byte \(offset) (changed by something else?)"
        case .cleanupFailed(let path, let reason):
            return "key reconciliation: cannot remove scratch files \(path): \(reason)"
        case .finished:
            return "key reconciliation: already finished"
        }
    }
}
