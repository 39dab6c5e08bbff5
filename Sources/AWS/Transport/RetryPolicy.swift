import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The SDKs' "standard" retry mode: up to `maxAttempts` attempts in all; before retry n
/// (n = 1, 2, ...) wait `min(maxBackoff, random(0,1) * baseDelay * 2^(n-1))` — exponential
/// backoff with full jitter. Retried: throttling codes, transient codes, HTTP 500/502/503/504,
/// connection failures and timeouts. Never retried: other 4xx answers (validation, conditional
/// check failures, access denied).
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    /// Seconds; the SDKs use 1 (so the first retry waits up to 1 s).
    public var baseDelay: TimeInterval
    public var maxBackoff: TimeInterval

    public init(maxAttempts: Int = 3, baseDelay: TimeInterval = 1, maxBackoff: TimeInterval = 20) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
    }

    /// The wait before retry number `retry` (1-based).
    public func delay(beforeRetry retry: Int, random: Double = Double.random(in: 0...1)) -> TimeInterval {
        let exponent = Double(max(0, min(retry - 1, 62)))
        return min(maxBackoff, random * baseDelay * pow(2, exponent))
    }

    /// Whether `error` may succeed on another attempt.
    public static func isRetryable(_ error: Error) -> Bool {
        switch error {
        case let error as AWSError: return error.isRetryable
        case let error as AWSTransportError: return error.isRetryable
        default: return false
        }
    }

    /// Classifies a URLSession failure.
    static func transportError(_ error: Error, service: String, operation: String?) -> AWSTransportError {
        let urlError = error as? URLError
        let timeout = urlError?.code == .timedOut
        let retryableCodes: Set<URLError.Code> = [
            .timedOut, .cannotConnectToHost, .networkConnectionLost, .notConnectedToInternet, .dnsLookupFailed,
            .cannotFindHost, .badServerResponse, .secureConnectionFailed, .resourceUnavailable,
        ]
        let retryable = urlError.map { retryableCodes.contains($0.code) } ?? false
        return AWSTransportError(service: service, operation: operation, message: error.localizedDescription,
                                 isTimeout: timeout, isRetryable: retryable)
    }
}
