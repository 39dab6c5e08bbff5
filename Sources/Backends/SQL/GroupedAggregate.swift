import ContractSyntax
import MigrationIR
import SQLText

/// An aggregate attribute (docs/CONTRACT.md §4.2 `aggregate`) read from a grouped derived table
/// joined by its correlation key, instead of a correlated scalar subquery: MariaDB only.
///
/// `(SELECT COUNT(c.id) FROM t AS c WHERE c.k = row.id AND <c only>)` becomes
/// `LEFT JOIN (SELECT c.k AS k, COUNT(c.id) AS v FROM t AS c WHERE <c only> GROUP BY c.k) AS g
/// ON g.k = row.id`, and the value `COALESCE(g.v, 0)` for COUNT (no matching row counts 0, as the
/// subquery does), `g.v` otherwise (NULL, as the subquery gives). A row whose key is NULL
/// matches no group in both forms.
///
/// Why: a full read then aggregates once, in one GROUP BY pass, where the subquery ran one
/// lookup per row (the bench's 2,000-row Categories view: 1.55 times its hand-written reference
/// with two correlated COUNTs, 0.92 with them grouped). A range read does not pay for the whole
/// table: MariaDB's split materialization computes a grouped derived table joined by its GROUP BY
/// column only for the outer rows at hand (MariaDB Knowledge Base, "Lateral Derived
/// Optimization": `optimizer_switch` `split_materialized`, on by default since 10.3.4; EXPLAIN
/// shows LATERAL DERIVED) where that is cheaper. MySQL 8.0 has no such split — it materialises a
/// derived table once per statement (Reference Manual 10.2.2.4, "Optimizing Derived Tables") —
/// so each of the job's range statements would aggregate the whole table: mysql8 keeps the
/// correlated subquery.
struct GroupedAggregate: Equatable {
    /// The derived table's columns.
    static let keyColumn = "k", valueColumn = "v"

    /// The derived table's alias in the branch's SELECT.
    var alias: String
    var aggregate: AggregateIR
    /// The aggregated relation's side of the correlation: one of its columns.
    var key: Expr
    /// The row's side: an expression over the branch's relations only.
    var outer: Expr
    /// The conjuncts on the aggregated relation alone (its filter).
    var rest: Expr?

    /// The grouped aggregates among `values` (nested ones included), in order of appearance, each
    /// with an alias that neither `reserved` (the branch's relation names) nor an aggregated
    /// relation uses. An aggregate that is not a single equality between one of its relation's
    /// columns and the row, ANDed with conditions on its relation alone, stays a subquery.
    static func plan(_ values: [ValueIR], reserved: Set<String>) -> [GroupedAggregate] {
        var found: [(AggregateIR, Expr, Expr, Expr?)] = []
        var stack = Array(values.reversed())
        while let v = stack.popLast() {
            if case let .aggregate(a) = v, let (key, outer, rest) = split(a) { found.append((a, key, outer, rest)) }
            stack.append(contentsOf: v.nestedValues.reversed())
        }
        var taken = reserved.union(found.map { $0.0.relation.name })
        var n = 0
        return found.map { a, key, outer, rest in
            repeat { n += 1 } while taken.contains("_agg\(n)")
            taken.insert("_agg\(n)")
            return GroupedAggregate(alias: "_agg\(n)", aggregate: a, key: key, outer: outer, rest: rest)
        }
    }

    /// (key, outer, rest) when `a`'s condition correlates it with the row by exactly one
    /// equality on one of its own columns, and its argument reads only its own relation.
    /// The LEFT JOIN that brings the group of each row, rendered by `sql` (inside the derived
    /// table only the aggregated relation is in scope, so `inner` renders without the branch's
    /// merged-join aliases).
    func join(outer sql: ValueSQL, inner: ValueSQL) -> Select.Join {
        let argument = aggregate.argument.map(inner.expr) ?? "*"
        let table = Select(columns: [.init(sql: inner.expr(key), alias: Self.keyColumn),
                                     .init(sql: "\(aggregate.operation.rawValue)(\(argument))", alias: Self.valueColumn)],
                           from: inner.relation(aggregate.relation), condition: rest.map(inner.expr),
                           groupBy: [inner.expr(key)])
        let on = SQLIdentifier.quote(alias) + "." + SQLIdentifier.quote(Self.keyColumn) + " = " + sql.expr(outer)
        return .init(kind: .left, source: .derived(table, alias: alias), condition: on)
    }

    static func split(_ a: AggregateIR) -> (Expr, Expr, Expr?)? {
        guard let condition = a.condition else { return nil }
        let inner = a.relation.name
        func qualifiers(_ e: Expr) -> Set<String> {
            Set(e.columnReferences.compactMap { $0.asColumnReference?.qualifier ?? "" })
        }
        if let argument = a.argument, !qualifiers(argument).isSubset(of: [inner]) { return nil }
        var correlation: (Expr, Expr)?
        var rest: [Expr] = []
        for conjunct in condition.conjuncts {
            let used = qualifiers(conjunct)
            if used.isSubset(of: [inner]) { rest.append(conjunct); continue }
            guard correlation == nil, case let .binary(op, l, r) = conjunct.kind, op == .equal else { return nil }
            if l.asColumnReference?.qualifier == inner, !qualifiers(r).contains(inner) {
                correlation = (l, r)
            } else if r.asColumnReference?.qualifier == inner, !qualifiers(l).contains(inner) {
                correlation = (r, l)
            } else {
                return nil
            }
        }
        guard let (key, outer) = correlation else { return nil }
        return (key, outer, rest.isEmpty ? nil : rest.dropFirst().reduce(rest[0]) {
            Expr(.binary(op: .and, $0, $1), start: $0.start, end: $1.end)
        })
    }
}
