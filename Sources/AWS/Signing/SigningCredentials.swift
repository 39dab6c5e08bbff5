import Foundation

/// AWS credentials: an access key, its secret and, for temporary credentials, a session token
/// and an expiry. `description` never shows the secret or the token, so credentials can be
/// logged or interpolated into an error message without leaking.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// When temporary credentials stop working; nil for long-term keys.
    public var expiration: Date?
    /// Which source of the chain produced them (`environment`, `shared-credentials-file`, ...).
    public var source: String

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil,
                expiration: Date? = nil, source: String = "static") {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.source = source
    }

    /// Shows the key id (it identifies, it does not authenticate) and redacts everything else.
    public var description: String {
        var parts = ["accessKeyId: \(accessKeyId)", "secretAccessKey: <redacted>"]
        if sessionToken != nil { parts.append("sessionToken: <redacted>") }
        if let expiration { parts.append("expiration: \(ISO8601DateFormatter().string(from: expiration))") }
        parts.append("source: \(source)")
        return "AWSCredentials(\(parts.joined(separator: ", ")))"
    }

    public var debugDescription: String { description }

    /// True when the credentials expire within `margin` seconds of `now` (or already have).
    public func expires(within margin: TimeInterval, of now: Date = Date()) -> Bool {
        guard let expiration else { return false }
        return expiration.timeIntervalSince(now) <= margin
    }
}
