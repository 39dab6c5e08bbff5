import ContractSyntax
import MigrationIR

/// Joins that read the same row under different names (`parent`, `cat_path`, `anc1` all
/// `X.id = categories.parent_id`) become one join: the view reads that row once. Only joins the
/// schema proves unique are merged — two LEFT JOINs that can match several rows multiply each
/// other's rows, and reading them once would change the result.
///
/// A pass over the IR's expressions: two joins read the same row when they join the same table
/// and their conditions are the same expression once each join's own name (and every name merged
/// before) is replaced by the kept one — compared as trees, not as printed SQL, so how a
/// condition was written (operand order, column-name case, order of its AND-ed parts) does not
/// matter, and nothing but the tree decides. Every join is a LEFT JOIN (`Select.JoinKind`).
enum JoinMerging {
    struct Result {
        /// The joins to emit, in order.
        var joins: [JoinIR]
        /// Dropped relation name → the kept relation that reads the same row.
        var aliases: [String: String]
    }

    static func merge(_ joins: [JoinIR]) -> Result {
        var kept: [JoinIR] = []
        var aliases: [String: String] = [:]
        for j in joins {
            let twin = kept.first { k in
                k.unique && j.unique && k.relation.table == j.relation.table
                    && JoinCondition.equivalent(JoinCondition.renaming(j.condition, aliases.merging([j.relation.name: k.relation.name]) { a, _ in a }),
                                                JoinCondition.renaming(k.condition, aliases))
            }
            if let twin { aliases[j.relation.name] = twin.relation.name } else { kept.append(j) }
        }
        return Result(joins: kept, aliases: aliases)
    }
}

/// Equality of join conditions as SQL values.
enum JoinCondition {
    /// `e` with relation names replaced through `names` and column names lower-cased: MySQL
    /// column names are not case-sensitive, relation (table alias) names are (MySQL 8.0 Reference
    /// Manual, 11.2.3 "Identifier Case Sensitivity"). Positions are dropped.
    static func renaming(_ e: Expr, _ names: [String: String]) -> Expr {
        if case let .column(q, n) = e.kind {
            return Expr(.column(qualifier: q.map { names[$0] ?? $0 }, name: n.lowercased()), start: 0, end: 0)
        }
        let x = e.mapChildren { renaming($0, names) }
        return Expr(x.kind, start: 0, end: 0)
    }

    /// Whether `a` and `b` (both from `renaming`) give the same value for every row: equal trees,
    /// up to the operand order of operators that do not depend on it (`a = b` is `b = a`,
    /// `a < b` is `b > a`) and the order of the parts of an AND or OR chain.
    static func equivalent(_ a: Expr, _ b: Expr) -> Bool {
        guard case let .binary(opA, la, ra) = a.kind, case let .binary(opB, lb, rb) = b.kind else {
            return head(a) == head(b) && zip(a.children, b.children).allSatisfy { equivalent($0, $1) }
        }
        if opA == opB, opA == .and || opA == .or {
            return sameParts(chain(a, opA), chain(b, opB))
        }
        if opA == opB, equivalent(la, lb), equivalent(ra, rb) { return true }
        return opA.mirrored == opB && equivalent(la, rb) && equivalent(ra, lb)
    }

    /// The node itself with its children blanked: equal heads differ at most below.
    private static func head(_ e: Expr) -> Expr.Kind {
        e.mapChildren { _ in Expr(.null, start: 0, end: 0) }.kind
    }

    /// The operands of a chain `x op y op z` however it is parenthesised.
    private static func chain(_ e: Expr, _ op: BinaryOperator) -> [Expr] {
        var out: [Expr] = []
        var stack = [e]
        while let x = stack.popLast() {
            if case let .binary(o, l, r) = x.kind, o == op { stack.append(r); stack.append(l) } else { out.append(x) }
        }
        return out
    }

    /// Whether the two lists hold equivalent parts, each used once, in any order.
    private static func sameParts(_ a: [Expr], _ b: [Expr]) -> Bool {
        guard a.count == b.count else { return false }
        var rest = b
        for x in a {
            guard let i = rest.firstIndex(where: { equivalent(x, $0) }) else { return false }
            rest.remove(at: i)
        }
        return true
    }
}
