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

    /// Whether some column reference in the tree has relation (qualifier) `relation`. Recursive
    /// without building a list of columns: fragment trees are at most `FragmentParser.maxDepth`
    /// high (the resolver rejects deeper ones), so the recursion stays shallow.
    static func refers(_ e: Expr, to relation: String) -> Bool {
        containsColumn(e) { q, _ in (q ?? "") == relation }
    }

    /// Whether some column reference `(qualifier, name)` in the tree satisfies `match`. Visits
    /// the children through `Expr.replacingChildren` (answering nil: nothing is rebuilt or
    /// collected), so no list of nodes is built.
    static func containsColumn(_ e: Expr, where match: (String?, String) -> Bool) -> Bool {
        if case let .column(q, n) = e.kind { return match(q, n) }
        var found = false
        _ = e.replacingChildren { child in
            if !found, containsColumn(child, where: match) { found = true }
            return nil
        }
        return found
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
