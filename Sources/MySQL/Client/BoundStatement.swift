/// A value bound to a `?` of a statement (`MySQLConnection.forEachRow(_:binding:_:)`).
public enum MySQLParameter: Sendable, Equatable {
    /// A character string: enters the text only as `MySQLConnection.quote(_:)` escapes it.
    case text(String)
    /// An integer, rendered by Swift (no user text reaches the statement).
    case integer(Int64)
    case unsigned(UInt64)
    /// A byte string, as a hexadecimal literal (independent of character set and SQL mode).
    case bytes([UInt8])
}

/// Binds parameters the way MySQL Connector/J binds them by default (`useServerPrepStmts=false`,
/// "client-side prepared statements", MySQL Connector/J Developer Guide, "Prepared Statements"):
/// each `?` outside quotes and backquotes becomes its value as a literal the server's own escaping
/// made (`mysql_real_escape_string`), so no value can end the literal it is in. The statement's
/// results stay in the text protocol every other read here uses, so a bound read returns values
/// exactly as the same unbound read would.
enum BoundStatement {
    struct Mismatch: Error, CustomStringConvertible { var description: String }

    static func render(_ sql: String, _ parameters: [MySQLParameter], quote: (String) throws -> String) throws -> String {
        var out = ""
        var next = 0
        var quoteCharacter: Character?
        for character in sql {
            if let open = quoteCharacter {
                // A doubled quote inside a quoted part closes and reopens it: the same rule both ways.
                if character == open { quoteCharacter = nil }
                out.append(character)
                continue
            }
            switch character {
            case "`", "'", "\"":
                quoteCharacter = character
                out.append(character)
            case "?":
                guard next < parameters.count else {
                    throw Mismatch(description: "the statement has more placeholders than the \(parameters.count) parameter(s) bound")
                }
                switch parameters[next] {
                case let .text(text): out += try quote(text)
                case let .integer(n): out += String(n)
                case let .unsigned(n): out += String(n)
                case let .bytes(b): out += MySQLConnection.hexLiteral(b)
                }
                next += 1
            default:
                out.append(character)
            }
        }
        guard next == parameters.count else {
            throw Mismatch(description: "the statement has \(next) placeholder(s), \(parameters.count) parameter(s) were bound")
        }
        return out
    }
}

extension MySQLConnection {
    /// `forEachRow` of a statement whose `?` placeholders are bound to `parameters` (in order).
    public func forEachRow(_ sql: String, binding parameters: [MySQLParameter], _ body: (MySQLRow) throws -> Void) throws {
        let bound: String
        do {
            bound = try BoundStatement.render(sql, parameters, quote: quote)
        } catch let mismatch as BoundStatement.Mismatch {
            throw MySQLError(kind: .client, errno: 0, sqlState: "HY000", message: mismatch.description, endpoint: endpoint)
        }
        try forEachRow(bound, body)
    }
}
