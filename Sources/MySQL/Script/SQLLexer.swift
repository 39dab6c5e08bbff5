/// A position in SQL text: 1-based line and column (columns count Unicode scalars).
public struct SQLPosition: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public var description: String { "\(line):\(column)" }
}

/// One lexical token of MySQL text, just fine enough to find statement ends and read the head
/// of a statement (`CREATE ... VIEW name`). Comments and whitespace produce no tokens.
struct SQLToken: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        /// Keyword, unquoted identifier or number: a run of `A-Za-z0-9_$` and non-ASCII.
        case word
        /// A back-quoted identifier; `value` holds the name with doubled back-quotes undone.
        case quotedIdentifier
        /// A `'...'` or `"..."` string; `value` is its raw text between the quotes.
        case string
        /// `/*! ... */` or `/*M! ... */`: a comment that MySQL executes, so it counts as content.
        case executableComment
        /// `;`: the end of a statement.
        case semicolon
        /// Any other single character (`(`, `=`, `@`, `.`, ...).
        case symbol
    }

    var kind: Kind
    var value: String
    /// Byte offsets of the token in the UTF-8 text, quotes included.
    var start: Int
    var end: Int
    var position: SQLPosition

    /// Case-insensitive keyword test.
    func isWord(_ keyword: String) -> Bool { kind == .word && value.uppercased() == keyword }
    func isSymbol(_ symbol: String) -> Bool { kind == .symbol && value == symbol }
}

/// What the lexer could not finish: a quote or comment still open at the end of the text.
public struct SQLLexError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Construct: String, Sendable {
        case singleQuotedString = "string literal ('...')"
        case doubleQuotedString = "string literal (\"...\")"
        case quotedIdentifier = "back-quoted identifier (`...`)"
        case blockComment = "comment (/* ... */)"
    }
    public var construct: Construct
    /// Where the unterminated construct opens.
    public var position: SQLPosition

    public var description: String {
        "\(position): unterminated \(construct.rawValue): it opens here and is never closed"
    }
}

/// Splits MySQL text into tokens with the rules of MySQL's default SQL mode: strings take
/// backslash escapes and doubled quotes, `--` starts a comment only when followed by whitespace
/// (so `a--b` is arithmetic), `#` starts a comment, `/* */` comments do not nest.
struct SQLLexer {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var column = 1

    init(_ text: String) { bytes = Array(text.utf8) }

    /// All tokens of the text, or the first unterminated construct.
    static func tokens(_ text: String) throws -> [SQLToken] {
        var lexer = SQLLexer(text)
        var tokens: [SQLToken] = []
        while let token = try lexer.next() { tokens.append(token) }
        return tokens
    }

    mutating func next() throws -> SQLToken? {
        while index < bytes.count {
            let byte = bytes[index]
            let start = index
            let position = SQLPosition(line: line, column: column)
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0b, 0x0c:
                advance()
            case UInt8(ascii: "#"):
                skipLine()
            case UInt8(ascii: "-") where peek(1) == UInt8(ascii: "-") && (peek(2).map(Self.isCommentSpace) ?? true):
                skipLine()
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                let executable = peek(2) == UInt8(ascii: "!")
                    || (peek(2) == UInt8(ascii: "M") && peek(3) == UInt8(ascii: "!"))
                advance(); advance()
                var closed = false
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/") {
                        advance(); advance(); closed = true; break
                    }
                    advance()
                }
                guard closed else { throw SQLLexError(construct: .blockComment, position: position) }
                if executable {
                    return SQLToken(kind: .executableComment, value: text(start, index), start: start, end: index, position: position)
                }
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                let value = try quoted(byte, backslashEscapes: true, position: position,
                                       construct: byte == UInt8(ascii: "'") ? .singleQuotedString : .doubleQuotedString)
                return SQLToken(kind: .string, value: value, start: start, end: index, position: position)
            case UInt8(ascii: "`"):
                let raw = try quoted(byte, backslashEscapes: false, position: position, construct: .quotedIdentifier)
                return SQLToken(kind: .quotedIdentifier, value: raw.replacingOccurrences(of: "``", with: "`"),
                                start: start, end: index, position: position)
            case UInt8(ascii: ";"):
                advance()
                return SQLToken(kind: .semicolon, value: ";", start: start, end: index, position: position)
            default:
                if Self.isWordByte(byte) {
                    while index < bytes.count && Self.isWordByte(bytes[index]) { advance() }
                    return SQLToken(kind: .word, value: text(start, index), start: start, end: index, position: position)
                }
                advance()
                return SQLToken(kind: .symbol, value: text(start, index), start: start, end: index, position: position)
            }
        }
        return nil
    }

    /// Reads a quoted run starting at the opening quote; returns the raw text between the quotes.
    private mutating func quoted(_ quote: UInt8, backslashEscapes: Bool, position: SQLPosition,
                                 construct: SQLLexError.Construct) throws -> String {
        advance()
        let contentStart = index
        while index < bytes.count {
            let byte = bytes[index]
            if backslashEscapes && byte == UInt8(ascii: "\\") {
                advance()
                if index < bytes.count { advance() }
                continue
            }
            if byte == quote {
                if peek(1) == quote { advance(); advance(); continue }
                let value = text(contentStart, index)
                advance()
                return value
            }
            advance()
        }
        throw SQLLexError(construct: construct, position: position)
    }

    private mutating func skipLine() {
        while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { advance() }
    }

    private func peek(_ offset: Int) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: "\n") {
            line += 1; column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private func text(_ from: Int, _ to: Int) -> String {
        String(decoding: bytes[from..<to], as: UTF8.self)
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "$"):
            return true
        default:
            return byte >= 0x80
        }
    }

    /// MySQL's `--` comment needs a following space or control character.
    private static func isCommentSpace(_ byte: UInt8) -> Bool { byte <= 0x20 }
}
