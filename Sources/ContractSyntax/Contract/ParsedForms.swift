import Diagnostics

// The small languages inside contract strings that are not SQL fragments: `{col}` templates,
// `order_by` lists, dotted `else_value`s, number and date formats (docs/CONTRACT.md §4.1, §4.3,
// §5). The decoder parses them once, reporting errors at the character concerned; Sema only
// resolves the names they contain.

/// A `string-format` / `template` / `pk_template` pattern: literal text and `{col}` or
/// `{rel.col}` placeholders.
public struct Template: Sendable {
    public var source: LocatedString
    public var parts: [TemplatePart]
}

public enum TemplatePart: Sendable {
    /// Literal text, located in the file.
    case literal(LocatedString)
    case column(TemplateColumn)
}

public struct TemplateColumn: Sendable {
    /// The placeholder without braces and surrounding space: `col` or `rel.col`.
    public var name: String
    /// The column reference, with the text between the braces as its source.
    public var fragment: Fragment
}

/// One term of `order_by`: an SQL fragment and its direction.
public struct OrderTerm: Sendable {
    public var expression: LocatedString
    public var descending: Bool
}

/// `else_value` of a conditional join (§4.1).
public enum ElseValue: Sendable {
    /// A quoted SQL string literal (`'none'`), read as a fragment.
    case sqlLiteral(LocatedString)
    /// `rel.col`: a column of a relation in scope.
    case column(QualifiedName)
    /// Anything else: literal text.
    case text(LocatedString)
}

/// `rel.col` as written, both parts plain identifiers.
public struct QualifiedName: Sendable {
    public var source: LocatedString
    public var relation: String
    public var column: String

    /// The column reference as a fragment spanning the whole text.
    public var fragment: Fragment {
        Fragment(source: source, expr: Expr(.column(qualifier: relation, name: column), start: 0, end: source.value.unicodeScalars.count))
    }
}

/// A date-format pattern, tokenised: the six fields of §4.3 and literal text.
public enum DateFormatToken: Hashable, Sendable {
    case year, month, day, hour, minute, second
    case literal(String)
}

/// A number format of §4.3.
public enum NumberFormat: Hashable, Sendable {
    /// "0.00": fixed number of decimals, no thousands separator.
    case fixedDecimals(Int)
    /// "00000000": integer zero-padded to a width (sortable sort keys).
    case zeroPadded(width: Int)
}

/// Identifiers written bare in templates and dotted names: a letter or `_`, then letters, digits, `_`.
public enum PlainIdentifier {
    public static func isValid(_ s: String) -> Bool {
        guard let f = s.utf8.first, f == UInt8(ascii: "_") || isLetter(f) else { return false }
        return s.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// An ASCII letter (what Unicode's Alphabetic property is among ASCII scalars). By bytes:
    /// a scalar's Unicode properties are a table lookup each, 1 % of check for the placeholders.
    /// A non-ASCII scalar's bytes are all >= 0x80, so no byte of one passes.
    private static func isLetter(_ b: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b | 0x20)
    }
}

extension LocatedString {
    /// The scalars `a..<b`, still pointing at their place in the file. `scalars` is
    /// `Array(value.unicodeScalars)`, made once by the caller: each slice made it again before.
    func slice(_ scalars: [Unicode.Scalar], _ a: Int, _ b: Int) -> LocatedString {
        let text = String(scalarsOf: scalars[a..<b])
        if let cols = scalarColumns {
            return LocatedString(text, at: location, scalarColumns: Array(cols[a..<b]))
        }
        return LocatedString(text, at: location.advanced(by: a))
    }
}

enum FormParsers {
    /// A `{col}` template; nil (with every error reported) when malformed.
    static func template(_ s: LocatedString, diagnostics: DiagnosticEngine) -> Template? {
        let scalars = Array(s.value.unicodeScalars)
        var out: [TemplatePart] = []
        var literalStart = 0
        var i = 0
        var ok = true
        func flushLiteral(upTo end: Int) {
            if literalStart < end { out.append(.literal(s.slice(scalars, literalStart, end))) }
        }
        while i < scalars.count {
            let c = scalars[i]
            if c == "}" {
                diagnostics.error("bad-template", "'}' without a matching '{'", at: s.location(ofScalar: i)); ok = false
                i += 1; continue
            }
            guard c == "{" else { i += 1; continue }
            guard let close = scalars[(i + 1)...].firstIndex(of: "}") else {
                diagnostics.error("bad-template", "'{' is never closed", at: s.location(ofScalar: i)); ok = false
                break
            }
            let name = String(scalarsOf: scalars[(i + 1)..<close]).trimmingWhitespace
            // Split at the dots' bytes: a valid piece is ASCII (`PlainIdentifier`), so wherever a
            // grapheme-wise split would differ the placeholder is invalid either way.
            let pieces = name.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            guard (1...2).contains(pieces.count), pieces.allSatisfy(PlainIdentifier.isValid) else {
                diagnostics.error("bad-template", "placeholder '{\(name)}' must be a column name or rel.column",
                                  at: s.location(ofScalar: i + 1)); ok = false
                i = close + 1; literalStart = i; continue
            }
            flushLiteral(upTo: i)
            let expr = Expr(.column(qualifier: pieces.count == 2 ? pieces[0] : nil, name: pieces.last ?? name),
                            start: 0, end: close - i - 1)
            out.append(.column(TemplateColumn(name: name, fragment: Fragment(source: s.slice(scalars, i + 1, close), expr: expr))))
            i = close + 1
            literalStart = i
        }
        flushLiteral(upTo: scalars.count)
        return ok ? Template(source: s, parts: out) : nil
    }

    /// `order_by` ("created_at DESC, id"): split at top-level commas (not inside parentheses or
    /// quotes), each term's trailing ASC/DESC taken off. An empty term is kept: resolving it as a
    /// fragment reports it where it stands.
    static func orderBy(_ s: LocatedString) -> [OrderTerm] {
        var out: [OrderTerm] = []
        let scalars = Array(s.value.unicodeScalars)
        var depth = 0, quote: Unicode.Scalar?, start = 0
        func term(_ from: Int, _ to: Int) {
            var a = from, b = to
            while a < b, scalars[a].properties.isWhitespace { a += 1 }
            while b > a, scalars[b - 1].properties.isWhitespace { b -= 1 }
            var desc = false
            let text = String(scalarsOf: scalars[a..<b])
            for (word, d) in [(" DESC", true), (" ASC", false)] where text.uppercased().hasSuffix(word) {
                desc = d; b -= word.unicodeScalars.count
                while b > a, scalars[b - 1].properties.isWhitespace { b -= 1 }
            }
            out.append(OrderTerm(expression: s.slice(scalars, a, b), descending: desc))
        }
        for (i, c) in scalars.enumerated() {
            if let q = quote { if c == q { quote = nil }; continue }
            switch c {
            case "'", "\"", "`": quote = c
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0: term(start, i); start = i + 1
            default: break
            }
        }
        term(start, scalars.count)
        return out
    }

    /// `else_value`: a quoted SQL literal, `rel.col`, else literal text.
    static func elseValue(_ v: LocatedString) -> ElseValue {
        let text = v.value
        if text.hasPrefix("'") && text.hasSuffix("'") && text.count >= 2 { return .sqlLiteral(v) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2, parts.allSatisfy(PlainIdentifier.isValid) {
            return .column(QualifiedName(source: v, relation: parts[0], column: parts[1]))
        }
        return .text(v)
    }

    /// `"0.00"` (fixed decimals) or `"00000000"` (zero-padded width); nil with an error otherwise.
    static func numberFormat(_ f: LocatedString, diagnostics: DiagnosticEngine) -> NumberFormat? {
        let s = f.value
        if !s.isEmpty, s.allSatisfy({ $0 == "0" }), s.count <= 64 { return .zeroPadded(width: s.count) }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 2, parts[0] == "0", parts[1].allSatisfy({ $0 == "0" }), parts[1].count <= 30 {
            return .fixedDecimals(parts[1].count)
        }
        diagnostics.error("bad-number-format", "number format '\(f.value)' is not supported", at: f.location,
                          notes: [Note("supported: \"0.00\" (fixed decimals) and \"00000000\" (zero-padded integer of that width)")])
        return nil
    }

    /// `YYYY MM DD HH mm ss` tokens and literal text, or `iso8601`; nil with an error when no
    /// field token occurs. Matched on the UTF-8 bytes: the tokens are ASCII, so a byte run between
    /// two of them is always whole characters' bytes. Matching `Character`s (`hasPrefix` on a
    /// `Substring` for each token at each position, grapheme breaking for each literal) cost
    /// ~35,000 instructions per format, 3 % of a check of the synthetic contract. One difference
    /// from grapheme matching, deliberate: a combining mark right after a token's letter is literal
    /// text after the token (`YYYY\u{301}`), not part of a letter that no longer matches.
    static func dateFormat(_ f: LocatedString, diagnostics: DiagnosticEngine) -> [DateFormatToken]? {
        let bytes = Array(f.value.utf8)
        if bytes.count == 7, f.value.lowercased() == "iso8601" {
            return [.year, .literal("-"), .month, .literal("-"), .day, .literal("T"), .hour, .literal(":"), .minute,
                    .literal(":"), .second, .literal("Z")]
        }
        var out: [DateFormatToken] = []
        var literalStart = 0
        var k = 0
        var sawField = false
        func flushLiteral() {
            if literalStart < k { out.append(.literal(String(decoding: bytes[literalStart..<k], as: UTF8.self))) }
        }
        scan: while k < bytes.count {
            for (word, token) in dateFieldTokens where bytes.count - k >= word.count
                && (0..<word.count).allSatisfy({ bytes[k + $0] == word[$0] }) {
                flushLiteral()
                out.append(token)
                k += word.count
                literalStart = k
                sawField = true
                continue scan
            }
            k += 1
        }
        flushLiteral()
        guard sawField else {
            diagnostics.error("bad-date-format", "date format '\(f.value)' has none of the tokens YYYY MM DD HH mm ss", at: f.location,
                              notes: [Note("or use \"iso8601\"")])
            return nil
        }
        return out
    }

    /// The field tokens of a date format, as bytes; none is a prefix of another.
    private static let dateFieldTokens: [(word: [UInt8], token: DateFormatToken)] =
        ([("YYYY", .year), ("MM", .month), ("DD", .day), ("HH", .hour), ("mm", .minute), ("ss", .second)] as [(String, DateFormatToken)])
            .map { (Array($0.0.utf8), $0.1) }
}

extension String {
    /// The text of `scalars`, encoded straight into the new string's storage: appending them to a
    /// `UnicodeScalarView` one by one re-checked its capacity and ASCII-ness for each (4 % of check).
    init(scalarsOf scalars: ArraySlice<Unicode.Scalar>) {
        self.init(unsafeUninitializedCapacity: scalars.count * 4) { buffer in
            var n = 0
            for scalar in scalars {
                for byte in scalar.utf8 { buffer[n] = byte; n += 1 }
            }
            return n
        }
    }

    var trimmingWhitespace: String {
        // Most names have nothing to trim: no substring and no copy for them.
        if first?.isWhitespace != true, last?.isWhitespace != true { return self }
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
