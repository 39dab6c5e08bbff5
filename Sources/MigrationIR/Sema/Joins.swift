import ContractSyntax
import Diagnostics
import SourceSchema

/// Join rules of docs/CONTRACT.md §3 and §4.1: which relations a join adds, how it is shared, and
/// which conditions are degenerate.
extension BranchBuilder {
    /// Registers the relations of `j` in the scope and returns the join's selected value
    /// (nil when the join is unusable; it was diagnosed).
    func registerJoin(_ j: JoinDecl, attribute d: AttributeDecl) -> ValueIR? {
        guard let kind = j.kind?.value else { return nil }
        let type = d.type?.value
        switch kind {
        case .foreignKey, .multiColumn, .conditional:
            let cond: [LocatedString]
            if kind == .multiColumn {
                if j.joinConditions.isEmpty { failed = true } // reported by the decoder
                cond = j.joinConditions
            } else {
                cond = required(j.joinCondition, "join_condition", of: "a \(kind.rawValue) join", at: j.location).map { [$0] } ?? []
            }
            guard let target = required(j.targetTable, "target_table", of: "a \(kind.rawValue) join", at: j.location) else { return nil }
            _ = addJoin(target: target, alias: j.joinAlias, conditions: cond, selfJoin: false, nToOne: true, ownerLocation: j.location)
            let rel = defaultRelation(of: d)
            let selected = required(j.selectColumn, "select_column", of: "a \(kind.rawValue) join", at: j.location)
                .flatMap { resolve($0, defaultRelation: rel) }.map(ValueIR.expr)
            guard kind == .conditional else { return selected }
            let when = required(j.condition, "condition", of: "a conditional join", at: j.location).flatMap { resolve($0, defaultRelation: rel) }
            let otherwise = j.elseValue.flatMap { elseValue($0, relation: rel) } ?? ValueIR.null
            guard let when, let selected else { return nil }
            return .caseWhen([CaseArmIR(when: when, then: selected)], elseValue: otherwise)

        case .selfJoin:
            guard let alias = j.joinAlias else {
                failed = true // the decoder reported the missing join_alias
                return nil
            }
            let cond = required(j.joinCondition, "join_condition", of: "a self-join", at: j.location).map { [$0] } ?? []
            let target = LocatedString(rowSource.table, at: alias.location)
            _ = addJoin(target: target, alias: alias, conditions: cond, selfJoin: true, nToOne: true, ownerLocation: j.location)
            guard let sel = required(j.selectColumn, "select_column", of: "a self-join", at: j.location),
                  let e = resolve(sel, defaultRelation: defaultRelation(of: d)) else { return nil }
            guard let nv = j.nullValue else { return .expr(e) }
            return .coalesce(.expr(e), .text(nv.value))

        case .chain:
            if j.hops.isEmpty { failed = true; return nil } // reported by the decoder
            var selected: [ValueIR] = []
            for hop in j.hops {
                guard let target = required(hop.targetTable, "target_table", of: "a chain hop", at: hop.location) else { return nil }
                let cond = required(hop.joinCondition, "join_condition", of: "a chain hop", at: hop.location).map { [$0] } ?? []
                _ = addJoin(target: target, alias: hop.joinAlias, conditions: cond, selfJoin: false, nToOne: true, ownerLocation: hop.location)
                if let s = hop.selectColumn, let e = resolve(s, defaultRelation: defaultRelation(of: d)) { selected.append(.expr(e)) }
            }
            if let sep = j.chainSeparator { return .concat(selected, separator: sep.value) }
            guard let lastHop = j.hops.last, lastHop.selectColumn != nil else { failed = true; return nil }
            return selected.last

        case .lookupTable:
            guard let target = required(j.targetTable, "target_table", of: "a lookup-table join", at: j.location),
                  let sel = required(j.selectColumn, "select_column", of: "a lookup-table join", at: j.location),
                  let cond = required(j.joinCondition, "join_condition", of: "a lookup-table join", at: j.location) else { return nil }
            if let type, [.SS, .NS, .L].contains(type) {
                guard let inner = innerRelation(target: target, alias: j.joinAlias, aliasKey: "join_alias", condition: cond) else { return nil }
                let s = scope.entering(inner)
                guard let c = correlatedCondition(cond, scope: s, inner: inner), let e = resolve(sel, in: s, defaultRelation: inner) else { return nil }
                return .distinctArray(SubqueryIR(relation: inner, condition: c, select: e))
            }
            _ = addJoin(target: target, alias: j.joinAlias, conditions: [cond], selfJoin: false, nToOne: true, ownerLocation: j.location)
            return resolve(sel, defaultRelation: defaultRelation(of: d)).map(ValueIR.expr)

        case .jsonConstruction:
            return jsonConstruction(j, attribute: d)
        }
    }

    /// A json-construction join: an object of the row (or an N:1 partner), or a correlated array.
    private func jsonConstruction(_ j: JoinDecl, attribute d: AttributeDecl) -> ValueIR? {
        guard let c = j.construction else { failed = true; return nil } // reported by the decoder
        guard let target = required(j.targetTable, "target_table", of: "a json-construction join", at: j.location) else { return nil }
        if c.selectColumns.isEmpty {
            error("missing-select-columns", "a construction needs at least one entry in \"select_columns\"", at: c.location)
        }
        let kind = c.kind?.value ?? .object
        if kind == .array {
            let cond = required(j.joinCondition, "join_condition", of: "a json-construction array", at: j.location)
            let aliasText = j.targetAlias ?? j.joinAlias
            guard let cond, let inner = innerRelation(target: target, alias: aliasText, aliasKey: "target_alias", condition: cond) else { return nil }
            let s = scope.entering(inner)
            let condition = correlatedCondition(cond, scope: s, inner: inner)
            var fields: [JSONFieldIR] = []
            for (k, v) in c.selectColumns { if let e = resolve(v, in: s, defaultRelation: inner) { fields.append(JSONFieldIR(key: k.value, value: e)) } }
            var order: [OrderTermIR] = []
            if let ob = c.orderBy {
                for (piece, desc) in OrderBySplitter.split(ob) {
                    if let e = resolve(piece, in: s, defaultRelation: inner) { order.append(OrderTermIR(expr: e, descending: desc)) }
                }
            }
            let limit = integer(c.limit, "limit", minimum: 0)
            guard let condition else { return nil }
            return .jsonArray(JSONArrayIR(relation: inner, condition: condition, fields: fields, orderBy: order, limit: limit))
        }
        if c.orderBy != nil || c.limit != nil {
            diagnostics.warning("ignored-key", "order_by and limit only apply to a json-construction array", at: c.orderBy?.location ?? c.limit?.location)
        }
        var rel = defaultRelation(of: d)
        if j.joinAlias != nil || target.value != rowSource.name {
            let cond = j.joinCondition.map { [$0] } ?? []
            if cond.isEmpty { error("missing-join-condition", "an object built from another table needs \"join_condition\"", at: j.location) }
            rel = addJoin(target: target, alias: j.joinAlias, conditions: cond, selfJoin: false, nToOne: true, ownerLocation: j.location, objectOfRow: true) ?? rel
        } else if let cond = j.joinCondition {
            // The object is built from the row itself: a condition adds nothing.
            _ = addJoin(target: target, alias: nil, conditions: [cond], selfJoin: false, nToOne: true, ownerLocation: j.location, objectOfRow: true)
        }
        var fields: [JSONFieldIR] = []
        for (k, v) in c.selectColumns { if let e = resolve(v, defaultRelation: rel) { fields.append(JSONFieldIR(key: k.value, value: e)) } }
        return .jsonObject(fields)
    }

    /// Adds `target [AS alias] ON conditions` to the scope, or shares an identical join.
    /// Returns the joined relation (nil when the join was rejected).
    @discardableResult
    func addJoin(target: LocatedString, alias: LocatedString?, conditions: [LocatedString], selfJoin: Bool,
                 nToOne: Bool, ownerLocation: SourceLocation, objectOfRow: Bool = false) -> RelationIR? {
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
        if let alias, let clash = scope.relations.first(where: { $0.name == alias.value }), clash.table != target.value || clash == rowSource {
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
            if !ExprUtilities.columns(e).contains(where: { $0.relation == name }) {
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
        if nToOne, let first = conditions.first { checkNToOne(condition, relation: relation, at: first.location(ofScalar: 0)) }
        return relation
    }

    /// The inner relation of a correlated subquery; it must not shadow an outer relation.
    func innerRelation(target: LocatedString, alias: LocatedString?, aliasKey: String, condition: LocatedString) -> RelationIR? {
        checkTableExists(target)
        let name = alias?.value ?? target.value
        if let outer = scope.relations.first(where: { $0.name == name }) {
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
        if !ExprUtilities.columns(e).contains(where: { $0.relation == inner.name }) {
            error("degenerate-join", "condition never refers to the inner relation '\(inner.name)'", at: text.location(ofScalar: e.start),
                  notes: [Note("every row of '\(inner.table)' would match each item")])
            return nil
        }
        return e
    }

    /// `else_value` (§4.1): `rel.col` with `rel` in scope, a quoted SQL literal, else literal text.
    func elseValue(_ v: LocatedString, relation: RelationIR) -> ValueIR? {
        let text = v.value
        if text.hasPrefix("'") && text.hasSuffix("'") && text.count >= 2 {
            return resolve(v, defaultRelation: relation).map(ValueIR.expr)
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2, parts.allSatisfy(FragmentResolver.isIdentifier) {
            guard scope.relation(named: parts[0]) != nil else {
                let names = scope.relations.map(\.name)
                error("unknown-relation", "else_value '\(text)' names relation '\(parts[0])', which nothing in scope declares",
                      at: v.location(ofScalar: 0),
                      notes: [Note("relations in scope here: " + names.map { "'\($0)'" }.joined(separator: ", ")),
                              Note("quote it ('\(text)') if you meant the literal text")],
                      fixIts: [FixIt(message: "write a literal", location: v.location.advanced(by: 1), length: text.unicodeScalars.count, replacement: "'\(text)'")])
                return nil
            }
            return resolve(v, defaultRelation: relation).map(ValueIR.expr)
        }
        return .text(text)
    }
}

/// Splits `order_by` ("created_at DESC, id") into fragments and directions.
enum OrderBySplitter {
    static func split(_ s: LocatedString) -> [(LocatedString, Bool)] {
        var out: [(LocatedString, Bool)] = []
        let scalars = Array(s.value.unicodeScalars)
        var depth = 0, quote: Unicode.Scalar?, start = 0
        func piece(_ from: Int, _ to: Int) {
            var a = from, b = to
            while a < b, scalars[a].properties.isWhitespace { a += 1 }
            while b > a, scalars[b - 1].properties.isWhitespace { b -= 1 }
            var desc = false
            let text = String(String.UnicodeScalarView(scalars[a..<b]))
            for (word, d) in [(" DESC", true), (" ASC", false)] where text.uppercased().hasSuffix(word) {
                desc = d; b -= word.unicodeScalars.count
                while b > a, scalars[b - 1].properties.isWhitespace { b -= 1 }
            }
            out.append((slice(s, a, b), desc))
        }
        for (i, c) in scalars.enumerated() {
            if let q = quote { if c == q { quote = nil }; continue }
            switch c {
            case "'", "\"", "`": quote = c
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0: piece(start, i); start = i + 1
            default: break
            }
        }
        piece(start, scalars.count)
        return out
    }

    /// The scalars `a..<b` of a located string, still pointing at their place in the file.
    static func slice(_ s: LocatedString, _ a: Int, _ b: Int) -> LocatedString {
        let scalars = Array(s.value.unicodeScalars)
        let text = String(String.UnicodeScalarView(scalars[a..<b]))
        if let cols = s.scalarColumns {
            return LocatedString(text, at: s.location, scalarColumns: Array(cols[a..<b]))
        }
        return LocatedString(text, at: s.location.advanced(by: a))
    }
}
