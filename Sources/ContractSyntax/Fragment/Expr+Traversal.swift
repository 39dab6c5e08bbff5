/// Walking fragment trees without recursion, so a pass over a tree never depends on its depth.
extension Expr {
    /// Direct sub-expressions in source order.
    public var children: [Expr] {
        switch kind {
        case .column, .string, .number, .null, .boolean: return []
        case .unary(_, let x), .isNull(let x, _), .interval(let x, _), .cast(let x, _): return [x]
        case .binary(_, let l, let r): return [l, r]
        case .inList(let x, let items, _): return [x] + items
        case .between(let x, let low, let high, _): return [x, low, high]
        case .like(let x, let pattern, _): return [x, pattern]
        case .caseWhen(let operand, let arms, let elseValue):
            var all: [Expr] = operand.map { [$0] } ?? []
            for arm in arms { all += [arm.when, arm.then] }
            if let elseValue { all.append(elseValue) }
            return all
        case .function(_, let args, _, _): return args
        }
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
        let k: Kind
        switch kind {
        case .column, .string, .number, .null, .boolean: return self
        case let .unary(op, x): k = .unary(op: op, f(x))
        case let .binary(op, a, b): k = .binary(op: op, f(a), f(b))
        case let .isNull(x, n): k = .isNull(f(x), negated: n)
        case let .inList(x, xs, n): k = .inList(f(x), xs.map(f), negated: n)
        case let .between(x, l, h, n): k = .between(f(x), low: f(l), high: f(h), negated: n)
        case let .like(x, p, n): k = .like(f(x), pattern: f(p), negated: n)
        case let .caseWhen(o, arms, e):
            k = .caseWhen(operand: o.map(f), arms: arms.map { CaseArm(when: f($0.when), then: f($0.then)) }, elseValue: e.map(f))
        case let .function(name, args, d, s): k = .function(name: name, args: args.map(f), distinct: d, star: s)
        case let .interval(x, unit): k = .interval(f(x), unit: unit)
        case let .cast(x, type): k = .cast(f(x), type: type)
        }
        return Expr(k, start: start, end: end)
    }
}
