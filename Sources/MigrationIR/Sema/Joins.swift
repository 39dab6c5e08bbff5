import ContractSyntax
import Diagnostics
import SourceSchema

/// Join rules of docs/CONTRACT.md §3 and §4.1: which relations a join adds, how it is shared, and
/// which conditions are degenerate.
extension BranchBuilder {
    /// Registers the relations of `j` in the scope and returns the join's selected value
    /// (nil when the join is unusable; it was diagnosed).
    func registerJoin(_ j: JoinDecl, attribute d: AttributeDecl) -> ValueIR? {
        switch j {
        case let .foreignKey(t):
            addJoin(target: t.targetTable, alias: t.joinAlias, conditions: [t.joinCondition], selfJoin: false, ownerLocation: t.location)
            return resolve(t.selectColumn, defaultRelation: defaultRelation(of: d)).map(ValueIR.expr)

        case let .multiColumn(m):
            addJoin(target: m.targetTable, alias: m.joinAlias, conditions: m.joinConditions, selfJoin: false, ownerLocation: m.location)
            return resolve(m.selectColumn, defaultRelation: defaultRelation(of: d)).map(ValueIR.expr)

        case let .conditional(c):
            addJoin(target: c.targetTable, alias: c.joinAlias, conditions: [c.joinCondition], selfJoin: false, ownerLocation: c.location)
            let rel = defaultRelation(of: d)
            let selected = resolve(c.selectColumn, defaultRelation: rel).map(ValueIR.expr)
            let when = resolve(c.condition, defaultRelation: rel)
            let otherwise = elseValue(c.elseValue, relation: rel) ?? ValueIR.null
            guard let when, let selected else { return nil }
            return .caseWhen([CaseArmIR(when: when, then: selected)], elseValue: otherwise)

        case let .selfJoin(s):
            let target = LocatedString(rowSource.table, at: s.joinAlias.location)
            addJoin(target: target, alias: s.joinAlias, conditions: [s.joinCondition], selfJoin: true, ownerLocation: s.location)
            guard let e = resolve(s.selectColumn, defaultRelation: defaultRelation(of: d)) else { return nil }
            guard let nv = s.nullValue else { return .expr(e) }
            return .coalesce(.expr(e), .text(nv.value))

        case let .chain(c):
            var selected: [ValueIR] = []
            for hop in c.hops {
                addJoin(target: hop.targetTable, alias: hop.joinAlias, conditions: [hop.joinCondition], selfJoin: false, ownerLocation: hop.location)
                if let e = resolve(hop.selectColumn, defaultRelation: defaultRelation(of: d)) { selected.append(.expr(e)) }
            }
            if let sep = c.separator { return .concat(selected, separator: sep.value) }
            return selected.count == c.hops.count ? selected.last : nil

        case let .lookupTable(t):
            if let type = d.type?.value, [.SS, .NS, .L].contains(type) {
                guard let inner = innerRelation(target: t.targetTable, alias: t.joinAlias, aliasKey: "join_alias", condition: t.joinCondition) else { return nil }
                let s = scope.entering(inner)
                guard let c = correlatedCondition(t.joinCondition, scope: s, inner: inner),
                      let e = resolve(t.selectColumn, in: s, defaultRelation: inner) else { return nil }
                return .distinctArray(SubqueryIR(relation: inner, condition: c, select: e))
            }
            addJoin(target: t.targetTable, alias: t.joinAlias, conditions: [t.joinCondition], selfJoin: false, ownerLocation: t.location)
            return resolve(t.selectColumn, defaultRelation: defaultRelation(of: d)).map(ValueIR.expr)

        case let .jsonConstruction(jc):
            return jsonConstruction(jc, attribute: d)
        }
    }

    /// A json-construction join: an object of the row (or an N:1 partner), or a correlated array.
    private func jsonConstruction(_ j: JSONConstructionJoin, attribute d: AttributeDecl) -> ValueIR? {
        let target = j.targetTable
        switch j.construction {
        case let .array(c):
            // The decoder builds an array only with its join_condition.
            guard let cond = j.joinCondition,
                  let inner = innerRelation(target: target, alias: c.targetAlias ?? j.joinAlias, aliasKey: "target_alias", condition: cond) else { return nil }
            let s = scope.entering(inner)
            let condition = correlatedCondition(cond, scope: s, inner: inner)
            var fields: [JSONFieldIR] = []
            for f in c.selectColumns { if let e = resolve(f.value, in: s, defaultRelation: inner) { fields.append(JSONFieldIR(key: f.key.value, value: e)) } }
            var order: [OrderTermIR] = []
            for term in c.orderBy {
                if let e = resolve(term.expression, in: s, defaultRelation: inner) { order.append(OrderTermIR(expr: e, descending: term.descending)) }
            }
            let limit = integer(c.limit, "limit", minimum: 0)
            guard let condition else { return nil }
            return .jsonArray(JSONArrayIR(relation: inner, condition: condition, fields: fields, orderBy: order, limit: limit))
        case let .object(c):
            var rel = defaultRelation(of: d)
            if j.joinAlias != nil || target.value != rowSource.name {
                let cond = j.joinCondition.map { [$0] } ?? []
                if cond.isEmpty { error("missing-join-condition", "an object built from another table needs \"join_condition\"", at: j.location) }
                rel = addJoin(target: target, alias: j.joinAlias, conditions: cond, selfJoin: false, ownerLocation: j.location, objectOfRow: true) ?? rel
            } else if let cond = j.joinCondition {
                // The object is built from the row itself: a condition adds nothing.
                addJoin(target: target, alias: nil, conditions: [cond], selfJoin: false, ownerLocation: j.location, objectOfRow: true)
            }
            var fields: [JSONFieldIR] = []
            for f in c.selectColumns { if let e = resolve(f.value, defaultRelation: rel) { fields.append(JSONFieldIR(key: f.key.value, value: e)) } }
            return .jsonObject(fields)
        }
    }

    /// Adds `target [AS alias] ON conditions` to the scope, or shares an identical join.
    /// Returns the joined relation (nil when the join was rejected).
    @discardableResult
    func addJoin(target: LocatedString, alias: LocatedString?, conditions: [LocatedString], selfJoin: Bool,
                 ownerLocation: SourceLocation, objectOfRow: Bool = false) -> RelationIR? {
        checkTableExists(target)
        let name = alias?.value ?? target.value
        let relation = RelationIR(table: target.value, name: name)
        // Without an alias, a join of the row source's own table names the row source itself.
        if alias == nil, name == rowSource.name {
            let resolved = conditions.compactMap { resolve($0, defaultRelation: rowSource) }
            let degenerate = resolved.flatMap { ExprUtilities.selfComparisons($0, relation: rowSource.name) }
            let fix = FixIt(message: "use a self-join with a join_alias (e.g. \"type\": \"self-join\", \"join_alias\": \"parent\") and name that alias in the condition")
            if let first = degenerate.first, let text = conditions.first {
                let loc = text.location(ofScalar: first.start)
                if objectOfRow {
                    diagnostics.warning("degenerate-join", "join condition compares the row source '\(rowSource.name)' with itself; it is always true and is ignored",
                                        at: loc, notes: [Note("the object is built from the row itself, which needs no join")])
                } else {
                    error("degenerate-join", "join condition compares the row source '\(rowSource.name)' with itself",
                          at: loc, notes: [Note("'\(name)' already names the row source, so every '\(name).' column here is the current row's, not a partner row's")],
                          fixIts: [fix])
                }
            } else if objectOfRow {
                return rowSource
            } else {
                error("join-target-in-scope", "'\(name)' is already in scope as the row source; joining it again needs a join_alias",
                      at: target.location, fixIts: [fix])
            }
            return objectOfRow ? rowSource : nil
        }
        if let alias, let clash = scope.first(where: { $0.name == alias.value }), clash.table != target.value || clash == rowSource {
            error("alias-in-use", "'\(alias.value)' already names relation '\(clash.name)' (table '\(clash.table)')", at: alias.location)
            return nil
        }
        // Resolve the condition with the new relation visible.
        var s = scope
        if !s.joined.contains(where: { $0.relation.name == name }) { s.joined.append((relation, ownerLocation)) }
        var parts: [Expr] = []
        for c in conditions {
            guard let e = resolve(c, in: s, defaultRelation: relation) else { continue }
            parts.append(e)
            if !ExprUtilities.refers(e, to: name) {
                error("degenerate-join", "join condition never refers to the joined relation '\(name)'",
                      at: c.location(ofScalar: e.start),
                      notes: [Note(selfJoin ? "a self-join's condition must name its join_alias '\(name)' on one side" : "every row of '\(target.value)' would match: the join would multiply items")])
            }
        }
        guard parts.count == conditions.count, let condition = ExprUtilities.and(parts) else {
            if !scope.joined.contains(where: { $0.relation.name == name }) { scope.joined.append((relation, ownerLocation)) }
            return relation
        }
        if let existing = joins.first(where: { $0.relation.name == name }) {
            if existing.relation.table != target.value
                || ExprUtilities.positionFree(existing.condition) != ExprUtilities.positionFree(condition) {
                let first = scope.joined.first { $0.relation.name == name }?.declared
                error("join-conflict", "relation '\(name)' is joined twice with different \(existing.relation.table != target.value ? "tables" : "conditions")",
                      at: conditions.first?.location(ofScalar: 0) ?? target.location,
                      notes: [Note("first joined here", at: first)],
                      fixIts: [FixIt(message: "give one of the joins a different join_alias")])
            }
            return existing.relation
        }
        scope.joined.append((relation, ownerLocation))
        joins.append(JoinIR(relation: relation, condition: condition, unique: coversUniqueKey(condition, relation: relation)))
        if let first = conditions.first { checkNToOne(condition, relation: relation, at: first.location(ofScalar: 0)) }
        return relation
    }

    /// The inner relation of a correlated subquery; it must not shadow an outer relation.
    func innerRelation(target: LocatedString, alias: LocatedString?, aliasKey: String, condition: LocatedString) -> RelationIR? {
        checkTableExists(target)
        let name = alias?.value ?? target.value
        if let outer = scope.first(where: { $0.name == name }) {
            let loc = alias?.location ?? condition.location(ofScalar: 0)
            error("correlated-alias-required",
                  "the inner relation '\(name)' is the same as the outer relation '\(outer.name)'; '\(name).' columns in the condition are ambiguous",
                  at: loc,
                  notes: [Note("inner rows come from table '\(target.value)'", at: target.location)],
                  fixIts: [FixIt(message: "add \"\(aliasKey)\": \"child\" and write the inner side of the condition as child.column")])
            return nil
        }
        return RelationIR(table: target.value, name: name)
    }

    /// Resolves a correlated condition; it must refer to the inner relation.
    func correlatedCondition(_ text: LocatedString, scope s: Scope, inner: RelationIR) -> Expr? {
        guard let e = resolve(text, in: s, defaultRelation: inner) else { return nil }
        if !ExprUtilities.refers(e, to: inner.name) {
            error("degenerate-join", "condition never refers to the inner relation '\(inner.name)'", at: text.location(ofScalar: e.start),
                  notes: [Note("every row of '\(inner.table)' would match each item")])
            return nil
        }
        return e
    }

    /// `else_value` (§4.1): a quoted SQL literal, `rel.col` with `rel` in scope, or literal text.
    func elseValue(_ v: ElseValue, relation: RelationIR) -> ValueIR? {
        switch v {
        case let .sqlLiteral(text):
            return resolve(text, defaultRelation: relation).map(ValueIR.expr)
        case let .text(text):
            return .text(text.value)
        case let .column(q):
            let text = q.source.value
            guard scope.relation(named: q.relation) != nil else {
                let names = scope.relations.map(\.name)
                error("unknown-relation", "else_value '\(text)' names relation '\(q.relation)', which nothing in scope declares",
                      at: q.source.location(ofScalar: 0),
                      notes: [Note("relations in scope here: " + names.map { "'\($0)'" }.joined(separator: ", ")),
                              Note("quote it ('\(text)') if you meant the literal text")],
                      fixIts: [FixIt(message: "write a literal", location: q.source.location.advanced(by: 1), length: text.unicodeScalars.count, replacement: "'\(text)'")])
                return nil
            }
            return resolve(q.fragment, defaultRelation: relation).map(ValueIR.expr)
        }
    }
}
