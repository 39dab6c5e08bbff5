import ContractSyntax

/// Renders a resolved fragment (every column qualified by Sema) as MySQL. Each compound
/// node is parenthesised, so the printed text parses back to the same tree.
enum ExprSQL {
    static func render(_ e: Expr) -> String {
        switch e.kind {
        case let .column(q, n):
            return (q.map { SQLQuoting.identifier($0) + "." } ?? "") + SQLQuoting.identifier(n)
        case let .string(s): return SQLQuoting.string(s)
        case let .number(t): return t
        case .null: return "NULL"
        case let .boolean(b): return b ? "TRUE" : "FALSE"
        case let .unary(op, x):
            let o = op.uppercased()
            return "(" + o + (o == "NOT" ? " " : "") + render(x) + ")"
        case let .binary(op, a, b): return "(\(render(a)) \(op.uppercased()) \(render(b)))"
        case let .isNull(x, neg): return "(\(render(x)) IS \(neg ? "NOT " : "")NULL)"
        case let .inList(x, xs, neg): return "(\(render(x)) \(neg ? "NOT " : "")IN (\(xs.map(render).joined(separator: ", "))))"
        case let .between(x, l, h, neg): return "(\(render(x)) \(neg ? "NOT " : "")BETWEEN \(render(l)) AND \(render(h)))"
        case let .like(x, p, neg): return "(\(render(x)) \(neg ? "NOT " : "")LIKE \(render(p)))"
        case let .caseWhen(op, arms, els):
            var s = "CASE"
            if let op { s += " " + render(op) }
            for a in arms { s += " WHEN \(render(a.when)) THEN \(render(a.then))" }
            if let els { s += " ELSE " + render(els) }
            return s + " END"
        case let .function(name, args, distinct, star):
            if star { return "\(name.uppercased())(*)" }
            return "\(name.uppercased())(\(distinct ? "DISTINCT " : "")\(args.map(render).joined(separator: ", ")))"
        case let .interval(x, unit): return "INTERVAL \(render(x)) \(unit.uppercased())"
        case let .cast(x, type): return "CAST(\(render(x)) AS \(type.uppercased()))"
        }
    }
}
