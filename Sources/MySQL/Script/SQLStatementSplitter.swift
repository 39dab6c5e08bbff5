/// One statement of a SQL script: its text without the terminating `;` and without leading
/// comments, and where it starts in the script (for messages like "views.sql:12:1").
public struct SQLStatement: Hashable, Sendable {
    public var text: String
    public var position: SQLPosition

    public init(text: String, position: SQLPosition) { self.text = text; self.position = position }
}

/// Splits a script such as `views.sql` into statements.
///
/// A statement ends at a `;` that is outside string literals, back-quoted identifiers and
/// comments, so `';'`, `` `a;b` `` and `-- done;` never split. Statements made only of comments
/// and whitespace are dropped; `/*! ... */` comments count as content because MySQL executes
/// them. A final statement without `;` is kept. The `mysql` client's `DELIMITER` command is not
/// SQL and is not supported (generated scripts never use it).
public enum SQLStatementSplitter {
    /// The statements of `script`, in order. Throws `SQLLexError` for a string, identifier or
    /// comment that is never closed, naming where it opens.
    public static func split(_ script: String) throws -> [SQLStatement] {
        let bytes = Array(script.utf8)
        var statements: [SQLStatement] = []
        var first: SQLToken?
        var last: SQLToken?
        func flush() {
            guard let first, let last else { return }
            let text = String(decoding: bytes[first.start..<last.end], as: UTF8.self)
            statements.append(SQLStatement(text: text, position: first.position))
        }
        for token in try SQLLexer.tokens(script) {
            if token.kind == .semicolon {
                flush()
                first = nil; last = nil
            } else {
                if first == nil { first = token }
                last = token
            }
        }
        flush()
        return statements
    }
}

/// A statement of a script that the server rejected, with where it starts in the script.
public struct SQLScriptError: Error, Hashable, Sendable, CustomStringConvertible {
    public var statement: SQLStatement
    public var error: MySQLError

    public var description: String { "\(statement.position): \(error)" }
}

extension MySQLConnection {
    /// Runs every statement of `script` in order, one per round trip, and stops at the first
    /// failure. Throws `SQLLexError` when the script cannot be split, `SQLScriptError` (the
    /// statement and the server's error) when a statement fails.
    public func executeScript(_ script: String) throws {
        for statement in try SQLStatementSplitter.split(script) {
            do {
                try execute(statement.text)
            } catch let error as MySQLError {
                throw SQLScriptError(statement: statement, error: error)
            }
        }
    }
}
