import ContractSyntax
import Diagnostics

/// `string-format` / `template` / `pk_template` patterns: literal text with `{col}` or
/// `{rel.col}` placeholders (docs/CONTRACT.md §4.3, §5).
enum TemplateParser {
    enum Part {
        case literal(String)
        /// The placeholder's text and a column fragment pointing at it in the file.
        case placeholder(String, Fragment)
    }

    static func parse(_ s: LocatedString, diagnostics: DiagnosticEngine) -> [Part]? {
        let scalars = Array(s.value.unicodeScalars)
        var out: [Part] = []
        var literal = ""
        var i = 0
        var ok = true
        while i < scalars.count {
            let c = scalars[i]
            if c == "}" {
                diagnostics.error("bad-template", "'}' without a matching '{'", at: s.location(ofScalar: i)); ok = false
                i += 1; continue
            }
            guard c == "{" else { literal.unicodeScalars.append(c); i += 1; continue }
            guard let close = scalars[(i + 1)...].firstIndex(of: "}") else {
                diagnostics.error("bad-template", "'{' is never closed", at: s.location(ofScalar: i)); ok = false
                break
            }
            let name = String(String.UnicodeScalarView(scalars[(i + 1)..<close])).trimmingWhitespace
            let pieces = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard (1...2).contains(pieces.count), pieces.allSatisfy(FragmentResolver.isIdentifier) else {
                diagnostics.error("bad-template", "placeholder '{\(name)}' must be a column name or rel.column",
                                  at: s.location(ofScalar: i + 1)); ok = false
                i = close + 1; continue
            }
            if !literal.isEmpty { out.append(.literal(literal)); literal = "" }
            let slice = OrderBySplitter.slice(s, i + 1, close)
            let expr = Expr(.column(qualifier: pieces.count == 2 ? pieces[0] : nil, name: pieces.last ?? name),
                            start: 0, end: close - i - 1)
            out.append(.placeholder(name, Fragment(source: slice, expr: expr)))
            i = close + 1
        }
        if !literal.isEmpty { out.append(.literal(literal)) }
        return ok ? out : nil
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
