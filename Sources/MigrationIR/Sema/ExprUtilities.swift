import ContractSyntax

/// Structural helpers over fragment trees that Sema needs for its checks.
enum ExprUtilities {
    /// The same tree with every position set to zero, so two fragments written in different
    /// places compare equal when they mean the same thing (join sharing, template agreement).
    static func positionFree(_ e: Expr) -> Expr {
        var x = e.mapChildren(positionFree)
        x.start = 0
        x.end = 0
        return x
    }

    /// `e` with each direct child replaced by `f`'s answer, or nil when `f` answers nil (no
    /// change) for every child. `f` sees the children in source order. A node is rebuilt only
    /// when something under it changed, so passes that rarely change anything allocate nothing.
    static func replacingChildren(of e: Expr, _ f: (Expr) -> Expr?) -> Expr? {
        /// Applies `f` to each element; nil when none changed.
        func list(_ xs: [Expr]) -> [Expr]? {
            var out: [Expr]?
            for i in xs.indices {
                if let r = f(xs[i]) {
                    if out == nil { out = xs }
                    out![i] = r
                }
            }
            return out
        }
        let k: Expr.Kind
        switch e.kind {
        case .column, .string, .number, .null, .boolean: return nil
        case let .unary(op, x):
            guard let nx = f(x) else { return nil }
            k = .unary(op: op, nx)
        case let .binary(op, a, b):
            let na = f(a), nb = f(b)
            guard na != nil || nb != nil else { return nil }
            k = .binary(op: op, na ?? a, nb ?? b)
        case let .isNull(x, n):
            guard let nx = f(x) else { return nil }
            k = .isNull(nx, negated: n)
        case let .inList(x, xs, n):
            let nx = f(x), nxs = list(xs)
            guard nx != nil || nxs != nil else { return nil }
            k = .inList(nx ?? x, nxs ?? xs, negated: n)
        case let .between(x, l, h, n):
            let nx = f(x), nl = f(l), nh = f(h)
            guard nx != nil || nl != nil || nh != nil else { return nil }
            k = .between(nx ?? x, low: nl ?? l, high: nh ?? h, negated: n)
        case let .like(x, p, n):
            let nx = f(x), np = f(p)
            guard nx != nil || np != nil else { return nil }
            k = .like(nx ?? x, pattern: np ?? p, negated: n)
        case let .caseWhen(o, arms, el):
            let no = o.flatMap(f)
            var newArms: [Expr.CaseArm]?
            for i in arms.indices {
                let w = f(arms[i].when), t = f(arms[i].then)
                guard w != nil || t != nil else { continue }
                if newArms == nil { newArms = arms }
                newArms![i] = Expr.CaseArm(when: w ?? arms[i].when, then: t ?? arms[i].then)
            }
            let ne = el.flatMap(f)
            guard no != nil || newArms != nil || ne != nil else { return nil }
            k = .caseWhen(operand: no ?? o, arms: newArms ?? arms, elseValue: ne ?? el)
        case let .function(name, args, d, s):
            guard let nargs = list(args) else { return nil }
            k = .function(name: name, args: nargs, distinct: d, star: s)
        case let .interval(x, unit):
            guard let nx = f(x) else { return nil }
            k = .interval(nx, unit: unit)
        case let .cast(x, type):
            guard let nx = f(x) else { return nil }
            k = .cast(nx, type: type)
        }
        return Expr(k, start: e.start, end: e.end)
    }

    /// Whether some column reference in the tree has relation (qualifier) `relation`. Recursive
    /// without building a list of columns: fragment trees are at most `FragmentParser.maxDepth`
    /// high (the resolver rejects deeper ones), so the recursion stays shallow.
    static func refers(_ e: Expr, to relation: String) -> Bool {
        containsColumn(e) { q, _ in (q ?? "") == relation }
    }

    /// Whether some column reference `(qualifier, name)` in the tree satisfies `match`.
    static func containsColumn(_ e: Expr, where match: (String?, String) -> Bool) -> Bool {
        func walk(_ x: Expr) -> Bool {
            switch x.kind {
            case let .column(q, n): return match(q, n)
            case .string, .number, .null, .boolean: return false
            case let .unary(_, a), let .isNull(a, _), let .interval(a, _), let .cast(a, _): return walk(a)
            case let .binary(_, a, b), let .like(a, b, _): return walk(a) || walk(b)
            case let .inList(a, xs, _): return walk(a) || xs.contains(where: walk)
            case let .between(a, l, h, _): return walk(a) || walk(l) || walk(h)
            case let .caseWhen(o, arms, el):
                return (o.map(walk) ?? false) || arms.contains { walk($0.when) || walk($0.then) } || (el.map(walk) ?? false)
            case let .function(_, args, _, _): return args.contains(where: walk)
            }
        }
        return walk(e)
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
            stack.append(contentsOf: x.children)
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
