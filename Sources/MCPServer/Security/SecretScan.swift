import Foundation
import MCP

/// The last guard before a result leaves the server: every string in it is searched for the
/// secrets this process holds (the MySQL password, the AWS secret key and session token) and
/// any occurrence is replaced by `***`. Results are built from messages that never name a
/// secret (`MySQLURL.description` redacts the password); this catches what a server error
/// might echo back. Secrets shorter than `minimumLength` are not searched for: a one-letter
/// password would otherwise blank out every word holding that letter.
public struct SecretScan: Sendable {
    public static let minimumLength = 4
    public static let redaction = "***"
    public let secrets: [String]
    /// Other text replaced on the way out (the root's path prefix), after the secrets.
    public let replacements: [String: String]

    public init(secrets: [String], replacements: [String: String] = [:]) {
        // Longest first, so a secret that contains another is replaced whole.
        self.secrets = Array(Set(secrets.filter { $0.count >= Self.minimumLength })).sorted { $0.count > $1.count }
        self.replacements = replacements.filter { !$0.key.isEmpty }
    }

    /// The secrets of this process: `MYSQL_PWD`, the `--mysql` URL's password, and the AWS keys
    /// the credential chain reads from the environment.
    public static func fromEnvironment(_ environment: [String: String], mysqlPassword: String?) -> SecretScan {
        let names = ["MYSQL_PWD", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]
        return SecretScan(secrets: names.compactMap { environment[$0] } + [mysqlPassword].compactMap { $0 })
    }

    public func redact(_ text: String) -> String {
        var out = text
        for secret in secrets where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: Self.redaction)
        }
        for (text, replacement) in replacements where out.contains(text) {
            out = out.replacingOccurrences(of: text, with: replacement)
        }
        return out
    }

    public func redact(_ value: Value) -> Value {
        switch value {
        case .string(let s): return .string(redact(s))
        case .array(let a): return .array(a.map(redact))
        case .object(let o):
            var r: [String: Value] = [:]
            for (k, v) in o { r[redact(k)] = redact(v) }
            return .object(r)
        default: return value
        }
    }

    /// True when `text` holds none of the secrets.
    public func isClean(_ text: String) -> Bool { !secrets.contains { text.contains($0) } }
}
