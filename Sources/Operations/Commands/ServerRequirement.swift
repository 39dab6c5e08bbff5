import Backends
import MySQL

/// `apply-views` refuses, before it runs a statement, a server the directory's views cannot load
/// on: the other product, or a release older than the dialect needs (`SQLDialect.minimumServer`,
/// which cites the manual for each construct). The views would otherwise fail half-way, or — worse —
/// load and answer differently.
public enum ServerRequirement {
    public struct ServerVersion: Equatable, Sendable {
        public var product: DatabaseProduct
        public var version: [Int]
        public var text: String { "\(product.rawValue) \(version.map(String.init).joined(separator: "."))" }
    }

    /// `SELECT VERSION()`'s text: `8.0.36`, `8.0.36-log`, `10.11.6-MariaDB-0+deb12u1`, or
    /// `5.5.5-10.11.6-MariaDB` (the prefix MariaDB's handshake adds for old clients).
    public static func parse(_ text: String) -> ServerVersion? {
        var rest = Substring(text)
        let isMariaDB = text.localizedCaseInsensitiveContains("mariadb")
        if isMariaDB, rest.hasPrefix("5.5.5-") { rest = rest.dropFirst("5.5.5-".count) }
        let numbers = rest.prefix { $0.isNumber || $0 == "." }.split(separator: ".").compactMap { Int($0) }
        guard numbers.count >= 2 else { return nil }
        return ServerVersion(product: isMariaDB ? .mariadb : .mysql, version: numbers)
    }

    /// nil when `server` can load views of `dialect`, else why not and what to do.
    public static func refusal(dialect: SQLDialect, server: ServerVersion) -> String? {
        let need = dialect.minimumServer
        let needText = "\(need.product.rawValue) \(need.version.map(String.init).joined(separator: "."))"
        if server.product != need.product {
            let other: SQLDialect = server.product == .mariadb ? .mariadb : .mysql8
            return "the views are generated for \(needText) or later (dialect \(dialect.rawValue)); the server is \(server.text): regenerate them with 'ddb-migrate generate ... --dialect \(other.rawValue)'"
        }
        let padded = { (v: [Int]) in v + Array(repeating: 0, count: max(0, 3 - v.count)) }
        if padded(server.version).lexicographicallyPrecedes(padded(need.version)) {
            return "the views need \(needText) or later for \(need.needs); the server is \(server.text): upgrade the server"
        }
        return nil
    }

    /// Reads the server's version on `connection` and throws the refusal, if any.
    public static func check(dialect: SQLDialect, on connection: MySQLConnection) throws {
        let text: String
        do {
            text = try connection.query("SELECT VERSION()").first?.values.first??.text ?? ""
        } catch let e as MySQLError {
            throw CommandFailure(e.isUnreachable ? .unreachable : .input, "apply-views: cannot read the server's version: \(e)")
        }
        guard let server = parse(text) else {
            throw CommandFailure(.input, "apply-views: the server's version '\(text)' is not one of MySQL's or MariaDB's")
        }
        if let why = refusal(dialect: dialect, server: server) { throw CommandFailure(.input, "apply-views: " + why) }
    }
}
