import SQLText

/// The name a `CREATE VIEW` statement creates, read from the statement's head:
/// `CREATE [OR REPLACE] [ALGORITHM = a] [DEFINER = user[@host] | CURRENT_USER[()]]
///  [SQL SECURITY s] VIEW [IF NOT EXISTS] [schema.]name`.
public struct CreatedViewName: Hashable, Sendable, CustomStringConvertible {
    public var schema: String?
    public var name: String

    public init(schema: String? = nil, name: String) { self.schema = schema; self.name = name }

    /// The name as MySQL text, back-quoted.
    public var quoted: String { SQLIdentifier.quote(name, in: schema) }

    public var description: String { schema.map { "\($0).\(name)" } ?? name }

    /// The view `statement` creates, or nil when it is not a `CREATE VIEW` statement.
    public static func of(_ statement: String) -> CreatedViewName? {
        guard let tokens = try? SQLLexer.tokens(statement) else { return nil }
        var cursor = TokenCursor(tokens)
        guard cursor.take("CREATE") else { return nil }
        if cursor.take("OR") { guard cursor.take("REPLACE") else { return nil } }
        while true {
            if cursor.take("ALGORITHM") {
                guard cursor.takeSymbol("="), cursor.takeAny() != nil else { return nil }
            } else if cursor.take("DEFINER") {
                guard cursor.takeSymbol("="), let user = cursor.takeAny() else { return nil }
                if user.isWord("CURRENT_USER") {
                    if cursor.takeSymbol("(") { guard cursor.takeSymbol(")") else { return nil } }
                } else if cursor.takeSymbol("@") {
                    guard cursor.takeAny() != nil else { return nil }
                }
            } else if cursor.take("SQL") {
                guard cursor.take("SECURITY"), cursor.takeAny() != nil else { return nil }
            } else {
                break
            }
        }
        guard cursor.take("VIEW") else { return nil }
        if cursor.take("IF") { guard cursor.take("NOT"), cursor.take("EXISTS") else { return nil } }
        guard let first = cursor.takeName() else { return nil }
        if cursor.takeSymbol(".") {
            guard let second = cursor.takeName() else { return nil }
            return CreatedViewName(schema: first, name: second)
        }
        return CreatedViewName(name: first)
    }
}

/// Walks a token list for the small recursive-descent readers of statement heads.
private struct TokenCursor {
    let tokens: [SQLToken]
    var index = 0

    init(_ tokens: [SQLToken]) { self.tokens = tokens }

    mutating func take(_ keyword: String) -> Bool {
        guard index < tokens.count, tokens[index].isWord(keyword) else { return false }
        index += 1
        return true
    }

    mutating func takeSymbol(_ symbol: String) -> Bool {
        guard index < tokens.count, tokens[index].isSymbol(symbol) else { return false }
        index += 1
        return true
    }

    mutating func takeAny() -> SQLToken? {
        guard index < tokens.count else { return nil }
        defer { index += 1 }
        return tokens[index]
    }

    /// An unquoted or back-quoted identifier.
    mutating func takeName() -> String? {
        guard index < tokens.count else { return nil }
        let token = tokens[index]
        guard token.kind == .word || token.kind == .quotedIdentifier else { return nil }
        index += 1
        return token.value
    }
}
