/// A token of an SQL fragment. Offsets are Unicode-scalar offsets into the fragment's decoded text.
struct FragmentToken: Equatable {
    enum Kind: Equatable {
        /// An unquoted word: identifier, keyword or function name, as written.
        case word(String)
        /// A backquoted identifier, backquotes removed and doubled backquotes undone.
        case quotedIdentifier(String)
        /// A string literal's decoded value.
        case string(String)
        /// A number literal's text.
        case number(String)
        /// Punctuation and operators: `( ) , . = <> != < <= > >= <=> + - * / % && !`.
        case symbol(String)
        case end
    }

    var kind: Kind
    var start: Int
    var end: Int
    /// The upper-cased text of an unquoted word (nil for every other token). Folded once when the
    /// word is lexed: the parser asks each token for several keywords, and folding per question
    /// was a `String.uppercased()` per keyword test.
    let keyword: String?

    init(kind: Kind, start: Int, end: Int) {
        self.kind = kind; self.start = start; self.end = end
        if case .word(let w) = kind { keyword = w.uppercased() } else { keyword = nil }
    }

    init(word: String, upper: String, start: Int, end: Int) {
        kind = .word(word); self.start = start; self.end = end; keyword = upper
    }

    func isSymbol(_ s: String) -> Bool { kind == .symbol(s) }
    func isKeyword(_ k: String) -> Bool { keyword == k }
}

/// An error in a fragment, at a scalar offset; `FragmentParser` turns it into a `Diagnostic`.
struct FragmentError: Error {
    var code: String
    var message: String
    var offset: Int
}

/// Splits a fragment into tokens, rejecting at the exact character everything that could turn an
/// expression into something else: statement separators, comments (including MySQL's executable
/// `/*! ... */`), variables and placeholders. String escapes follow MySQL's defaults (backslash
/// escapes on, `"` quotes a string, not an identifier).
struct FragmentLexer {
    private let s: [Unicode.Scalar]
    private var i = 0

    /// An ASCII fragment (nearly all) has a scalar per byte, widened in one pass;
    /// `Array(text.unicodeScalars)` counted the scalars by decoding them, then decoded them again.
    init(_ text: String) {
        var text = text
        let widened: [Unicode.Scalar]? = text.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count) { buffer, count in
                for b in bytes { buffer[count] = Unicode.Scalar(b); count += 1 }
            }
        }
        s = widened ?? Array(text.unicodeScalars)
    }

    /// All tokens, ending with `.end`. The end is told by its case before the token is moved
    /// into the array: comparing after the append copied every token (its word and keyword).
    static func tokenize(_ text: String) throws -> [FragmentToken] {
        var lexer = FragmentLexer(text)
        var tokens: [FragmentToken] = []
        tokens.reserveCapacity(8)
        while true {
            let t = try lexer.next()
            let isEnd: Bool
            if case .end = t.kind { isEnd = true } else { isEnd = false }
            tokens.append(t)
            if isEnd { return tokens }
        }
    }

    private func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

    static func isWordStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" || (c.value >= 0x80 && c.properties.isAlphabetic)
    }

    static func isWordPart(_ c: Unicode.Scalar) -> Bool {
        isWordStart(c) || isDigit(c) || c == "$" || (c.value >= 0x80 && c.properties.numericType != nil)
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    private static let twoScalarOperators: [(Unicode.Scalar, Unicode.Scalar, String)] =
        [("<", "=", "<="), (">", "=", ">="), ("<", ">", "<>"), ("!", "=", "!="), ("&", "&", "&&")]

    private mutating func next() throws -> FragmentToken {
        while let c = peek(), c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" { i += 1 }
        let start = i
        guard let c = peek() else { return FragmentToken(kind: .end, start: i, end: i) }
        if Self.isWordStart(c) {
            var ascii = true
            while let d = peek(), Self.isWordPart(d) { ascii = ascii && d.isASCII; i += 1 }
            return ascii ? asciiWord(start) : FragmentToken(kind: .word(text(start..<i)), start: start, end: i)
        }
        if Self.isDigit(c) || (c == "." && peek(1).map(Self.isDigit) == true) {
            return try number()
        }
        switch c {
        case "`": return try quotedIdentifier()
        case "'", "\"": return try stringLiteral(quote: c)
        case ";":
            throw FragmentError(code: "fragment-statement",
                                message: "';' ends an SQL statement; a fragment must be a single expression", offset: i)
        case "#":
            throw FragmentError(code: "fragment-comment", message: "'#' starts an SQL comment; comments are not allowed in a fragment", offset: i)
        case "@":
            throw FragmentError(code: "fragment-variable", message: "variables (@name, @@name) are not allowed in a fragment", offset: i)
        case "?":
            throw FragmentError(code: "fragment-syntax", message: "placeholders ('?') are not allowed in a fragment", offset: i)
        default:
            break
        }
        // Two-scalar sequences, matched on the scalars: a two-character String made for every
        // symbol and compared with each sequence was most of the lexer's time.
        let d = peek(1)
        func pair(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool { c == a && d == b }
        if pair("-", "-") {
            throw FragmentError(code: "fragment-comment",
                                message: "'--' starts an SQL comment; comments are not allowed in a fragment (write '- -' for a double negation)", offset: i)
        }
        if pair("/", "*") {
            throw FragmentError(code: "fragment-comment", message: "'/*' starts an SQL comment; comments are not allowed in a fragment", offset: i)
        }
        if pair("|", "|") {
            throw FragmentError(code: "fragment-syntax",
                                message: "'||' means OR or string concatenation depending on the server's sql_mode; write OR or CONCAT(...)", offset: i)
        }
        if pair(":", "=") {
            throw FragmentError(code: "fragment-syntax", message: "assignments (':=') are not allowed in a fragment", offset: i)
        }
        if pair("<", "<") || pair(">", ">") {
            throw FragmentError(code: "fragment-syntax", message: "bit shifts ('\(c)\(c)') are not supported in a fragment", offset: i)
        }
        if pair("<", "="), peek(2) == ">" {
            i += 3
            return FragmentToken(kind: .symbol("<=>"), start: start, end: i)
        }
        for (a, b, op) in Self.twoScalarOperators where pair(a, b) {
            i += 2
            return FragmentToken(kind: .symbol(op), start: start, end: i)
        }
        switch c {
        case "(", ")", ",", ".", "=", "<", ">", "+", "-", "*", "/", "%", "!":
            i += 1
            return FragmentToken(kind: .symbol(String(c)), start: start, end: i)
        case "|", "&", "^", "~":
            throw FragmentError(code: "fragment-syntax", message: "bit operators ('\(c)') are not supported in a fragment", offset: i)
        case "{", "}":
            throw FragmentError(code: "fragment-syntax", message: "ODBC escapes ('{ ... }') are not allowed in a fragment", offset: i)
        default:
            let shown = c.value < 0x20 || c.value == 0x7F ? "control character U+\(hex4(c.value))" : "'\(c)'"
            throw FragmentError(code: "fragment-syntax", message: "unexpected \(shown) in a fragment", offset: i)
        }
    }

    /// The scalars in `range` as a String.
    private func text(_ range: Range<Int>) -> String { String(scalarsOf: s[range]) }

    /// An ASCII word ending at `i`, and its upper-case form, each written in one pass into a
    /// fresh string (most words are short enough to need no allocation at all) rather than
    /// appended a scalar at a time and folded by `uppercased()`.
    private func asciiWord(_ start: Int) -> FragmentToken {
        let n = i - start
        let word = String(unsafeUninitializedCapacity: n) { buffer in
            for k in 0..<n { buffer[k] = UInt8(truncatingIfNeeded: s[start + k].value) }
            return n
        }
        let upper = String(unsafeUninitializedCapacity: n) { buffer in
            for k in 0..<n {
                let b = UInt8(truncatingIfNeeded: s[start + k].value)
                buffer[k] = b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") ? b - 32 : b
            }
            return n
        }
        return FragmentToken(word: word, upper: upper, start: start, end: i)
    }

    /// `123`, `1.5`, `.5`, `1e-3`. A letter glued to a number (`1abc`, `0x1F`) is an error rather
    /// than an identifier, so no literal form the printer cannot re-emit verbatim gets through.
    private mutating func number() throws -> FragmentToken {
        let start = i
        var text = ""
        func digits() { while let d = peek(), Self.isDigit(d) { text.unicodeScalars.append(d); i += 1 } }
        digits()
        if peek() == ".", let d = peek(1), Self.isDigit(d) {
            text.append(".")
            i += 1
            digits()
        }
        if let e = peek(), e == "e" || e == "E" {
            let save = i
            var exp = "e"
            i += 1
            if let sign = peek(), sign == "+" || sign == "-" { exp.unicodeScalars.append(sign); i += 1 }
            if let d = peek(), Self.isDigit(d) {
                text += exp
                digits()
            } else {
                i = save
            }
        }
        if let d = peek(), Self.isWordPart(d) {
            throw FragmentError(code: "fragment-syntax",
                                message: "invalid number: '\(d)' directly after '\(text)' (hex and bit literals are not supported)", offset: i)
        }
        return FragmentToken(kind: .number(text), start: start, end: i)
    }

    private mutating func quotedIdentifier() throws -> FragmentToken {
        let start = i
        i += 1
        var name = ""
        while true {
            guard let c = peek() else {
                throw FragmentError(code: "fragment-syntax", message: "unterminated backquoted identifier", offset: start)
            }
            if c == "`" {
                if peek(1) == "`" { name.append("`"); i += 2; continue }
                i += 1
                break
            }
            if c.value == 0 || c.value > 0xFFFF {
                throw FragmentError(code: "fragment-syntax",
                                    message: "MySQL identifiers cannot contain U+\(String(c.value, radix: 16, uppercase: true))", offset: i)
            }
            name.unicodeScalars.append(c)
            i += 1
        }
        if name.isEmpty {
            throw FragmentError(code: "fragment-syntax", message: "empty identifier ``", offset: start)
        }
        return FragmentToken(kind: .quotedIdentifier(name), start: start, end: i)
    }

    /// A MySQL string literal: doubled quotes and backslash escapes; `\%` and `\_` keep their
    /// backslash (they matter to LIKE), other unknown escapes drop it, as MySQL does.
    private mutating func stringLiteral(quote: Unicode.Scalar) throws -> FragmentToken {
        let start = i
        i += 1
        var value = ""
        while true {
            guard let c = peek() else {
                throw FragmentError(code: "fragment-syntax", message: "unterminated string literal (opened here with \(quote))", offset: start)
            }
            if c == quote {
                if peek(1) == quote { value.unicodeScalars.append(quote); i += 2; continue }
                i += 1
                return FragmentToken(kind: .string(value), start: start, end: i)
            }
            if c == "\\" {
                guard let e = peek(1) else {
                    throw FragmentError(code: "fragment-syntax", message: "unterminated string literal (opened here with \(quote))", offset: start)
                }
                switch e {
                case "0": value.unicodeScalars.append("\u{0}")
                case "b": value.unicodeScalars.append("\u{08}")
                case "n": value.unicodeScalars.append("\n")
                case "r": value.unicodeScalars.append("\r")
                case "t": value.unicodeScalars.append("\t")
                case "Z": value.unicodeScalars.append("\u{1A}")
                case "%", "_": value.unicodeScalars.append("\\"); value.unicodeScalars.append(e)
                default: value.unicodeScalars.append(e)
                }
                i += 2
                continue
            }
            value.unicodeScalars.append(c)
            i += 1
        }
    }
}
