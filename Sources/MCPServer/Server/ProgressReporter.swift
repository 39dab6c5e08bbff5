import Foundation
import MCP

/// Sends `notifications/progress` for one call when its request carried a `progressToken`;
/// does nothing otherwise. Library callbacks are synchronous, so each report is queued and one
/// task sends them in order; `progress` only ever grows, as the protocol requires.
public final class ProgressReporter: @unchecked Sendable {
    public typealias Send = @Sendable (ProgressNotification.Parameters) async -> Void
    private let token: ProgressToken?
    private let lock = NSLock()
    private var last = 0.0
    private let continuation: AsyncStream<ProgressNotification.Parameters>.Continuation?
    private let sender: Task<Void, Never>?

    public init(token: ProgressToken?, send: @escaping Send) {
        self.token = token
        guard token != nil else { continuation = nil; sender = nil; return }
        let (stream, continuation) = AsyncStream<ProgressNotification.Parameters>.makeStream()
        self.continuation = continuation
        sender = Task { for await p in stream { await send(p) } }
    }

    public static let none = ProgressReporter(token: nil) { _ in }

    public var isActive: Bool { token != nil }

    /// `progress` of `total` (when known), with a line a person can read.
    public func report(_ progress: Double, total: Double? = nil, _ message: String) {
        guard let token, let continuation else { return }
        lock.lock()
        let value = max(progress, last)
        last = value
        lock.unlock()
        continuation.yield(.init(progressToken: token, progress: value, total: total, message: message))
    }

    /// The next step of an open-ended run: one more than the last.
    public func step(_ message: String) {
        lock.lock(); let next = last + 1; lock.unlock()
        report(next, message)
    }

    /// Sends what is queued before the call's response goes out.
    public func finish() async {
        continuation?.finish()
        await sender?.value
    }
}
