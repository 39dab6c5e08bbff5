/// Walking fragment trees without recursion, so a pass over a tree never depends on its depth.
extension Expr {
    /// Direct sub-expressions in source order.
    public var children: [Expr] {
        var all: [Expr] = []
        _ = replacingChildren { all.append($0); return nil }
        return all
    }

    /// Every node of the tree in source (pre-)order, this one first.
    public var allNodes: [Expr] {
        var result: [Expr] = []
        var stack: [Expr] = [self]
        while let e = stack.popLast() {
            result.append(e)
            stack.append(contentsOf: e.children.reversed())
        }
        return result
    }

    /// Every column reference (`col`, `rel.col`) in source order, with its position.
    public var columnReferences: [Expr] {
        allNodes.filter { if case .column = $0.kind { return true }; return false }
    }

    /// `(qualifier, name)` when the whole expression is one column reference, else nil. Used to
    /// tell "select_column": "users.email" (a plain column, typed from the schema) from a computed value.
    public var asColumnReference: (qualifier: String?, name: String)? {
        if case .column(let q, let n) = kind { return (q, n) }
        return nil
    }

    /// The conjuncts of a condition: the tree split on its top-level ANDs, in source order.
    public var conjuncts: [Expr] {
        var out: [Expr] = []
        var stack = [self]
        while let x = stack.popLast() {
            if case let .binary(op, a, b) = x.kind, op == .and { stack.append(b); stack.append(a) } else { out.append(x) }
        }
        return out
    }

    /// Whether the whole expression is one column reference.
    public var isColumnReference: Bool { asColumnReference != nil }

    /// Whether the tree contains an aggregate call (COUNT, SUM, AVG, MIN, MAX).
    public var containsAggregate: Bool {
        allNodes.contains {
            if case .function(let name, _, _, _) = $0.kind { return FragmentVocabulary.aggregateFunctions.contains(name.uppercased()) }
            return false
        }
    }
}

extension Expr {
    /// The same node with `f` applied to each direct child (positions kept).
    public func mapChildren(_ f: (Expr) -> Expr) -> Expr {
        replacingChildren { f($0) } ?? self
    }

    /// The node with each direct child replaced by `f`'s answer, or nil when `f` answers nil (no
    /// change) for every child. `f` sees the children in source order. A node is rebuilt only
    /// when something under it changed, so passes that rarely change anything allocate nothing
    /// (Sema's resolver); answering nil throughout visits the children without building a list.
    /// The one place that knows each kind's children: `children` and `mapChildren` use it.
    public func replacingChildren(_ f: (Expr) -> Expr?) -> Expr? {
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
        let k: Kind
        switch kind {
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
            var newArms: [CaseArm]?
            for i in arms.indices {
                let w = f(arms[i].when), t = f(arms[i].then)
                guard w != nil || t != nil else { continue }
                if newArms == nil { newArms = arms }
                newArms![i] = CaseArm(when: w ?? arms[i].when, then: t ?? arms[i].then)
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
        return Expr(k, start: start, end: end)
    }
}
