import Foundation

/// Something that can produce credentials; called before every signed attempt.
public protocol CredentialProvider: Sendable {
    func credentials() async throws -> AWSCredentials
}

/// Fixed credentials (tests, or keys handed over explicitly).
public struct StaticCredentialProvider: CredentialProvider {
    public let value: AWSCredentials
    public init(_ value: AWSCredentials) { self.value = value }
    public func credentials() async throws -> AWSCredentials { value }
}

/// A failure to resolve credentials, naming the source and the reason (never a secret).
public struct CredentialsError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var message: String
    public init(source: String, _ message: String) {
        self.source = source
        self.message = message
    }
    public var description: String { "credentials (\(source)): \(message)" }
}

/// Caches what `fetch` returns and refreshes it `refreshMargin` seconds (default 5 minutes)
/// before it expires. Concurrent callers share one in-flight refresh instead of each calling
/// STS or the metadata service.
public actor CachingCredentialProvider: CredentialProvider {
    private let fetch: @Sendable () async throws -> AWSCredentials
    private let refreshMargin: TimeInterval
    private let now: @Sendable () -> Date
    private var cached: AWSCredentials?
    private var inFlight: Task<AWSCredentials, Error>?
    /// How many times `fetch` ran (observable by tests and logs).
    public private(set) var fetchCount = 0

    public init(refreshMargin: TimeInterval = 300, now: @escaping @Sendable () -> Date = { Date() },
                fetch: @escaping @Sendable () async throws -> AWSCredentials) {
        self.fetch = fetch
        self.refreshMargin = refreshMargin
        self.now = now
    }

    public func credentials() async throws -> AWSCredentials {
        if let cached, !cached.expires(within: refreshMargin, of: now()) { return cached }
        if let inFlight { return try await inFlight.value }
        let task = Task { try await self.fetch() }
        inFlight = task
        fetchCount += 1
        defer { inFlight = nil }
        let fresh = try await task.value
        cached = fresh
        return fresh
    }
}
