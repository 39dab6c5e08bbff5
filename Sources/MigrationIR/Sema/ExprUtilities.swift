import ContractSyntax

/// Structural helpers over fragment trees that Sema needs for its checks.
enum ExprUtilities {
    /// The same tree with every position set to zero, so two fragments written in different
    /// places compare equal when they mean the same thing (join sharing, template agreement).
    static func positionFree(_ e: Expr) -> Expr {
        Expr(map(e.kind, positionFree), start: 0, end: 0)
    }

    /// Applies `f` to the direct children of a node.
    static func map(_ k: Expr.Kind, _ f: (Expr) -> Expr) -> Expr.Kind {
        switch k {
        case .column, .string, .number, .null, .boolean: return k
        case let .unary(op, x): return .unary(op: op, f(x))
        case let .binary(op, a, b): return .binary(op: op, f(a), f(b))
        case let .isNull(x, n): return .isNull(f(x), negated: n)
        case let .inList(x, xs, n): return .inList(f(x), xs.map(f), negated: n)
        case let .between(x, l, h, n): return .between(f(x), low: f(l), high: f(h), negated: n)
        case let .like(x, p, n): return .like(f(x), pattern: f(p), negated: n)
        case let .caseWhen(o, arms, e):
            return .caseWhen(operand: o.map(f), arms: arms.map { Expr.CaseArm(when: f($0.when), then: f($0.then)) },
                             elseValue: e.map(f))
        case let .function(name, args, d, s): return .function(name: name, args: args.map(f), distinct: d, star: s)
        case let .interval(x, unit): return .interval(f(x), unit: unit)
        case let .cast(x, type): return .cast(f(x), type: type)
        }
    }

    /// Direct children of a node, in source order.
    static func children(_ k: Expr.Kind) -> [Expr] {
        switch k {
        case .column, .string, .number, .null, .boolean: return []
        case let .unary(_, x), let .isNull(x, _), let .interval(x, _), let .cast(x, _): return [x]
        case let .binary(_, a, b): return [a, b]
        case let .like(x, p, _): return [x, p]
        case let .inList(x, xs, _): return [x] + xs
        case let .between(x, l, h, _): return [x, l, h]
        case let .caseWhen(o, arms, e): return (o.map { [$0] } ?? []) + arms.flatMap { [$0.when, $0.then] } + (e.map { [$0] } ?? [])
        case let .function(_, args, _, _): return args
        }
    }

    /// Every resolved column reference (qualifier, name) in the tree. Iterative: no recursion depth.
    static func columns(_ e: Expr) -> [(relation: String, name: String, node: Expr)] {
        var out: [(String, String, Expr)] = []
        var stack = [e]
        while let x = stack.popLast() {
            if case let .column(q, n) = x.kind { out.append((q ?? "", n, x)) }
            stack.append(contentsOf: children(x.kind).reversed())
        }
        return out
    }

    /// The conjuncts of a condition (split on top-level AND).
    static func conjuncts(_ e: Expr) -> [Expr] { e.conjuncts }

    /// Comparisons in the tree whose both sides are columns of `relation` (`a.x = a.y`).
    static func selfComparisons(_ e: Expr, relation: String) -> [Expr] {
        var out: [Expr] = []
        var stack = [e]
        while let x = stack.popLast() {
            if case let .binary(op, a, b) = x.kind, op.isComparison,
               case let .column(qa, _) = a.kind, case let .column(qb, _) = b.kind, qa == relation, qb == relation {
                out.append(x)
            }
            stack.append(contentsOf: children(x.kind))
        }
        return out
    }

    /// Combines conditions with AND (nil when there are none).
    static func and(_ es: [Expr]) -> Expr? {
        guard var acc = es.first else { return nil }
        for e in es.dropFirst() { acc = Expr(.binary(op: .and, acc, e), start: acc.start, end: e.end) }
        return acc
    }
}
