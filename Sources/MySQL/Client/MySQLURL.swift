import Foundation

/// Where and how to connect to a MySQL or MariaDB server, parsed from the `--mysql` argument.
///
/// Accepted forms:
/// - `mysql://user:pass@host:port/db` (port defaults to 3306; IPv6 hosts in brackets);
/// - `mysql://user@host/db?socket=/path/to/mysqld.sock` (a Unix socket instead of TCP);
/// - query parameters `connect_timeout` and `read_timeout` (seconds).
///
/// Every component is percent-decoded, so a password may hold `@`, `:` or `/` written as
/// `%40`, `%3A`, `%2F`. When the URL carries no password, `MYSQL_PWD` from the environment is
/// used, as the `mysql` command-line client does. The `description` never shows the password,
/// so a URL can be logged or put into an error message safely.
public struct MySQLURL: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public var user: String?
    public var password: String?
    /// Host name or IP address; `nil` only when a socket is given without a host.
    public var host: String?
    public var port: Int
    public var database: String?
    /// Path of a Unix socket; when set, the connection does not use TCP.
    public var socket: String?
    /// Seconds to wait for the TCP/socket connection and the handshake.
    public var connectTimeout: Int?
    /// Seconds to wait for one network read; bounds how long a single query may stay silent.
    public var readTimeout: Int?

    public static let defaultPort = 3306
    /// The query parameters the URL understands.
    public static let knownParameters = ["socket", "connect_timeout", "read_timeout"]

    public init(user: String? = nil, password: String? = nil, host: String? = "127.0.0.1",
                port: Int = MySQLURL.defaultPort, database: String? = nil, socket: String? = nil,
                connectTimeout: Int? = nil, readTimeout: Int? = nil) {
        self.user = user; self.password = password; self.host = host; self.port = port
        self.database = database; self.socket = socket
        self.connectTimeout = connectTimeout; self.readTimeout = readTimeout
    }

    /// Parses `text`; the password falls back to `environment["MYSQL_PWD"]` when the URL has none.
    public init(parsing text: String,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self = try MySQLURLParser(text: text).parse()
        if password == nil, let fromEnvironment = environment["MYSQL_PWD"] {
            password = fromEnvironment
        }
    }

    /// `host:port`, or `socket /path`: how error messages name the server.
    public var endpoint: String {
        if let socket { return "socket \(socket)" }
        let name = host ?? "localhost"
        return name.contains(":") ? "[\(name)]:\(port)" : "\(name):\(port)"
    }

    /// The URL with the password replaced by `***`. Safe to print and log.
    public var redacted: String { render(redactingPassword: true) }

    public var description: String { redacted }
    public var debugDescription: String { "MySQLURL(\(redacted))" }

    /// The same server with another default database (used by tests that create databases).
    public func with(database: String?) -> MySQLURL {
        var copy = self
        copy.database = database
        return copy
    }

    /// Renders the URL again, percent-encoding each component. Includes the real password:
    /// only for handing the URL to a trusted child process, never for display.
    public var unredactedString: String { render(redactingPassword: false) }

    private func render(redactingPassword: Bool) -> String {
        var out = "mysql://"
        if let user {
            out += Self.encode(user)
            if let password { out += ":" + (redactingPassword ? "***" : Self.encode(password)) }
            out += "@"
        }
        if let host { out += host.contains(":") ? "[\(host)]" : Self.encode(host) }
        if host != nil && (socket == nil || port != Self.defaultPort) { out += ":\(port)" }
        out += "/"
        if let database { out += Self.encode(database) }
        var parameters: [String] = []
        if let socket { parameters.append("socket=" + Self.encode(socket, keepSlashes: true)) }
        if let connectTimeout { parameters.append("connect_timeout=\(connectTimeout)") }
        if let readTimeout { parameters.append("read_timeout=\(readTimeout)") }
        if !parameters.isEmpty { out += "?" + parameters.joined(separator: "&") }
        return out
    }

    private static func encode(_ text: String, keepSlashes: Bool = false) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        if keepSlashes { allowed.insert("/") }
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// Why a `--mysql` URL was rejected. Each message says what is wrong and what a good URL looks like.
public enum MySQLURLError: Error, Equatable, Sendable, CustomStringConvertible {
    case wrongScheme(String)
    case missingHost
    case invalidPort(String)
    case invalidPercentEncoding(component: String)
    case invalidDatabaseName(String)
    case unknownParameter(String)
    case invalidParameterValue(name: String, value: String)
    case malformed(String)

    static let example = "expected mysql://user:password@host:port/database or mysql://user@localhost/database?socket=/path/to/mysqld.sock"

    public var description: String {
        switch self {
        case .wrongScheme(let scheme):
            return scheme.isEmpty
                ? "the MySQL URL has no scheme; \(Self.example)"
                : "the MySQL URL scheme is '\(scheme)', not 'mysql'; \(Self.example)"
        case .missingHost:
            return "the MySQL URL names no host and no socket; \(Self.example)"
        case .invalidPort(let port):
            return "the MySQL URL port '\(port)' is not a number from 1 to 65535"
        case .invalidPercentEncoding(let component):
            return "the MySQL URL's \(component) has an invalid percent-escape (write '%' itself as %25)"
        case .invalidDatabaseName(let name):
            return "the MySQL URL's database '\(name)' is not a single name (a '/' must be written %2F)"
        case .unknownParameter(let name):
            return "the MySQL URL parameter '\(name)' is unknown; known parameters: \(MySQLURL.knownParameters.joined(separator: ", "))"
        case .invalidParameterValue(let name, let value):
            return "the MySQL URL parameter \(name)='\(value)' is invalid: expected a whole number of seconds from 1 to 86400"
        case .malformed(let reason):
            return "the MySQL URL is malformed: \(reason); \(Self.example)"
        }
    }
}

/// A hand-written parser: Foundation's URL accepts too much (and too little: it rejects some
/// percent-escaped passwords), and its errors say nothing about what is wrong.
private struct MySQLURLParser {
    let text: String

    func parse() throws -> MySQLURL {
        guard let schemeEnd = text.range(of: "://") else {
            let scheme = text.contains(":") ? String(text.prefix { $0 != ":" }) : ""
            if scheme.lowercased() == "mysql" { throw MySQLURLError.malformed("'mysql:' must be followed by '//'") }
            throw MySQLURLError.wrongScheme(scheme)
        }
        let scheme = String(text[..<schemeEnd.lowerBound])
        guard scheme.lowercased() == "mysql" else { throw MySQLURLError.wrongScheme(scheme) }
        var rest = Substring(text[schemeEnd.upperBound...])

        if let hash = rest.firstIndex(of: "#") {
            throw MySQLURLError.malformed("a fragment ('\(rest[hash...])') has no meaning here")
        }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        var authority = rest
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        }

        var url = MySQLURL(host: nil)
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                url.user = try decode(userInfo[..<colon], "user name")
                url.password = try decode(userInfo[userInfo.index(after: colon)...], "password")
            } else {
                url.user = try decode(userInfo, "user name")
            }
            if url.user?.isEmpty == true { url.user = nil }
        }
        try parseHostPort(hostPort, into: &url)

        if !path.isEmpty {
            let name = try decode(path, "database name")
            guard !name.contains("/") || path.contains("%2F") || path.contains("%2f") else {
                throw MySQLURLError.invalidDatabaseName(String(path))
            }
            url.database = name
        }

        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decode(parts[0], "parameter name")
            let value = parts.count > 1 ? try decode(parts[1], "parameter \(name)") : ""
            switch name {
            case "socket":
                guard !value.isEmpty else { throw MySQLURLError.malformed("socket= needs a path") }
                url.socket = value
            case "connect_timeout": url.connectTimeout = try seconds(name, value)
            case "read_timeout": url.readTimeout = try seconds(name, value)
            default: throw MySQLURLError.unknownParameter(name)
            }
        }
        if url.host == nil && url.socket == nil { throw MySQLURLError.missingHost }
        return url
    }

    private func parseHostPort(_ hostPort: Substring, into url: inout MySQLURL) throws {
        var hostText = hostPort
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else {
                throw MySQLURLError.malformed("an IPv6 host is missing its closing ']'")
            }
            hostText = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw MySQLURLError.malformed("unexpected '\(after)' after the IPv6 host") }
                portText = after.dropFirst()
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            hostText = hostPort[..<colon]
            portText = hostPort[hostPort.index(after: colon)...]
        }
        let host = try decode(hostText, "host")
        url.host = host.isEmpty ? nil : host
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port) else {
                throw MySQLURLError.invalidPort(String(portText))
            }
            url.port = port
        }
    }

    private func seconds(_ name: String, _ value: String) throws -> Int {
        guard let number = Int(value), (1...86_400).contains(number) else {
            throw MySQLURLError.invalidParameterValue(name: name, value: value)
        }
        return number
    }

    private func decode(_ text: Substring, _ component: String) throws -> String {
        guard text.contains("%") else { return String(text) }
        guard let decoded = String(text).removingPercentEncoding else {
            throw MySQLURLError.invalidPercentEncoding(component: component)
        }
        return decoded
    }
}
