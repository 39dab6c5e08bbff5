/// A failure reported by the server or by libmariadb, with the numbers a DBA searches for.
///
/// `errno` is the server's (1xxx) or the client library's (2xxx) error number, `sqlState` the
/// five-character SQLSTATE, `message` the text MySQL gave. `endpoint` names the server
/// (`host:port` or `socket /path`) so "connection refused" always says which server refused.
public struct MySQLError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// The server could not be reached or refused the session (network, socket, auth, handshake).
        case connect
        /// A statement failed on the server (syntax, unknown column, constraint, ...).
        case statement
        /// The connection broke while in use (server gone away, lost connection, read timeout).
        case connectionLost
        /// The client library failed locally (out of memory, bad option).
        case client
    }

    public var kind: Kind
    public var errno: UInt32
    public var sqlState: String
    public var message: String
    public var endpoint: String

    public init(kind: Kind, errno: UInt32, sqlState: String, message: String, endpoint: String) {
        self.kind = kind; self.errno = errno; self.sqlState = sqlState
        self.message = message; self.endpoint = endpoint
    }

    /// True when the server was unreachable or the connection broke: the CLI's exit code 3
    /// ("MySQL unreachable or failed"), as opposed to a statement the server rejected.
    public var isUnreachable: Bool { kind == .connect || kind == .connectionLost }

    public var description: String {
        switch kind {
        case .connect:
            return "cannot connect to MySQL at \(endpoint): \(message) (error \(errno), SQLSTATE \(sqlState))"
        case .connectionLost:
            return "lost the connection to MySQL at \(endpoint): \(message) (error \(errno), SQLSTATE \(sqlState))"
        case .statement, .client:
            return "MySQL error \(errno) (SQLSTATE \(sqlState)): \(message)"
        }
    }

    /// Client error numbers (errmsg.h) that mean the connection is gone rather than a bad statement.
    static let connectionLostErrnos: Set<UInt32> = [
        2006, // CR_SERVER_GONE_ERROR
        2013, // CR_SERVER_LOST
        2055, // CR_SERVER_LOST_EXTENDED
    ]
}
