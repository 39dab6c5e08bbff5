import ContractSyntax
import Diagnostics

/// A small stand-in for ContractSyntax's fragment parser, used by these tests until it lands:
/// identifiers, `rel.col`, literals, comparison, AND/OR/NOT, IS [NOT] NULL, IN, LIKE,
/// arithmetic and function calls. Syntax errors become `fragment-syntax` diagnostics.
struct StandInFragmentParser {
    let s: [Unicode.Scalar]
    var i = 0
    var failed: (String, Int)?

    static func parse(_ text: LocatedString, _ diagnostics: DiagnosticEngine) -> Fragment? {
        var p = StandInFragmentParser(s: Array(text.value.unicodeScalars))
        let e = p.expr(0)
        p.skip()
        if p.failed == nil, p.i < p.s.count { p.failed = ("unexpected '\(p.s[p.i])'", p.i) }
        if let (m, at) = p.failed {
            diagnostics.error("fragment-syntax", m, at: text.location(ofScalar: at))
            return nil
        }
        return Fragment(source: text, expr: e)
    }

    mutating func skip() { while i < s.count, s[i].properties.isWhitespace { i += 1 } }

    mutating func word() -> String? {
        skip()
        var j = i
        while j < s.count, s[j] == "_" || s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) { j += 1 }
        guard j > i, !("0"..."9").contains(s[i]) else { return nil }
        return String(String.UnicodeScalarView(s[i..<j]))
    }

    mutating func keyword(_ k: String) -> Bool {
        let save = i
        if let w = word(), w.uppercased() == k { i += w.unicodeScalars.count; return true }
        i = save
        return false
    }

    mutating func symbol(_ ops: [String]) -> String? {
        skip()
        for op in ops.sorted(by: { $0.count > $1.count }) {
            let o = Array(op.unicodeScalars)
            if i + o.count <= s.count, Array(s[i..<(i + o.count)]) == o { i += o.count; return op }
        }
        return nil
    }

    static let levels: [[String]] = [["OR"], ["AND"], ["=", "<=>", "<>", "!=", "<=", ">=", "<", ">"], ["+", "-"], ["*", "/", "%"]]

    mutating func expr(_ level: Int) -> Expr {
        guard failed == nil else { return Expr(.null, start: i, end: i) }
        if level == Self.levels.count { return unary() }
        skip()
        let start = i
        if level == 1, keyword("NOT") { let x = expr(level); return Expr(.unary(op: "NOT", x), start: start, end: x.end) }
        var lhs = expr(level + 1)
        while failed == nil {
            skip()
            if level == 2 {
                if keyword("IS") {
                    let neg = keyword("NOT")
                    guard keyword("NULL") else { failed = ("expected NULL", i); break }
                    lhs = Expr(.isNull(lhs, negated: neg), start: start, end: i); continue
                }
                let save = i
                let neg = keyword("NOT")
                if keyword("IN") {
                    guard symbol(["("]) != nil else { failed = ("expected (", i); break }
                    var xs: [Expr] = []
                    repeat { xs.append(expr(0)) } while symbol([","]) != nil
                    guard symbol([")"]) != nil else { failed = ("expected )", i); break }
                    lhs = Expr(.inList(lhs, xs, negated: neg), start: start, end: i); continue
                }
                if keyword("LIKE") { let p = expr(3); lhs = Expr(.like(lhs, pattern: p, negated: neg), start: start, end: p.end); continue }
                i = save
            }
            let ops = Self.levels[level]
            var op: String?
            if ops[0].first!.isLetter { op = ops.first { keyword($0) } } else { op = symbol(ops) }
            guard let op else { break }
            let rhs = expr(level + 1)
            lhs = Expr(.binary(op: op, lhs, rhs), start: start, end: rhs.end)
        }
        return lhs
    }

    mutating func unary() -> Expr {
        skip()
        let start = i
        if symbol(["-"]) != nil { let x = unary(); return Expr(.unary(op: "-", x), start: start, end: x.end) }
        guard i < s.count else { failed = ("expected an expression", i); return Expr(.null, start: i, end: i) }
        if s[i] == "'" {
            var j = i + 1, v = ""
            while j < s.count {
                if s[j] == "'" { if j + 1 < s.count, s[j + 1] == "'" { v += "'"; j += 2; continue }; break }
                v.unicodeScalars.append(s[j]); j += 1
            }
            guard j < s.count else { failed = ("unterminated string", i); return Expr(.null, start: i, end: i) }
            i = j + 1
            return Expr(.string(v), start: start, end: i)
        }
        if ("0"..."9").contains(s[i]) {
            while i < s.count, ("0"..."9").contains(s[i]) || s[i] == "." { i += 1 }
            return Expr(.number(String(String.UnicodeScalarView(s[start..<i]))), start: start, end: i)
        }
        if symbol(["("]) != nil {
            let x = expr(0)
            guard symbol([")"]) != nil else { failed = ("expected )", i); return x }
            return x
        }
        guard let w = word() else { failed = ("unexpected '\(s[i])'", i); return Expr(.null, start: i, end: i) }
        i += w.unicodeScalars.count
        switch w.uppercased() {
        case "NULL": return Expr(.null, start: start, end: i)
        case "TRUE", "FALSE": return Expr(.boolean(w.uppercased() == "TRUE"), start: start, end: i)
        default: break
        }
        if symbol(["("]) != nil {
            var args: [Expr] = []
            var star = false
            if symbol(["*"]) != nil { star = true } else if symbol([")"]) != nil {
                return Expr(.function(name: w.uppercased(), args: [], distinct: false, star: false), start: start, end: i)
            } else { repeat { args.append(expr(0)) } while symbol([","]) != nil }
            guard symbol([")"]) != nil else { failed = ("expected )", i); return Expr(.null, start: i, end: i) }
            return Expr(.function(name: w.uppercased(), args: args, distinct: false, star: star), start: start, end: i)
        }
        if i < s.count, s[i] == "." {
            i += 1
            guard let c = word() else { failed = ("expected a column name", i); return Expr(.null, start: i, end: i) }
            i += c.unicodeScalars.count
            return Expr(.column(qualifier: w, name: c), start: start, end: i)
        }
        return Expr(.column(qualifier: nil, name: w), start: start, end: i)
    }
}
