import ContractSyntax
import Diagnostics

/// Calculations of docs/CONTRACT.md §4.2.
extension BranchBuilder {
    func calculation(_ c: CalculationDecl, attribute d: AttributeDecl, relation rel: RelationIR) -> ValueIR? {
        guard let kind = c.kind?.value else { return nil }
        switch kind {
        case .aggregate:
            guard let op = c.aggregateOperation?.value ?? requiredOperation(c),
                  let target = required(c.targetTable, "target_table", of: "an aggregate", at: c.location),
                  let cond = required(c.joinCondition, "join_condition", of: "an aggregate", at: c.location),
                  let inner = innerRelation(target: target, alias: c.targetAlias, aliasKey: "target_alias", condition: cond) else { return nil }
            let s = scope.entering(inner)
            let condition = correlatedCondition(cond, scope: s, inner: inner)
            var argument: Expr?
            if let sel = c.selectColumn {
                argument = resolve(sel, in: s, defaultRelation: inner)
                if argument == nil { return nil }
            } else if op != .COUNT {
                failed = true // the decoder requires select_column
                return nil
            }
            guard let condition else { return nil }
            return .aggregate(AggregateIR(operation: op, relation: inner, condition: condition, argument: argument))

        case .case:
            if c.cases.isEmpty { failed = true; return nil } // reported by the decoder
            var arms: [CaseArmIR] = []
            for arm in c.cases {
                guard let w = required(arm.when, "when", of: "a case arm", at: arm.location).flatMap({ resolve($0, defaultRelation: rel) }),
                      let t = required(arm.then, "then", of: "a case arm", at: arm.location).flatMap({ resolve($0, defaultRelation: rel) })
                else { continue }
                arms.append(CaseArmIR(when: w, then: .expr(t)))
            }
            let otherwise = c.elseValue.flatMap { resolve($0, defaultRelation: rel) }.map(ValueIR.expr)
            guard arms.count == c.cases.count else { return nil }
            return .caseWhen(arms, elseValue: otherwise)

        case .concat:
            var parts: [ValueIR] = []
            if !c.parts.isEmpty {
                parts = c.parts.compactMap { resolve($0, defaultRelation: rel) }.map(ValueIR.expr)
                if parts.count != c.parts.count { return nil }
            } else if case let .multiple(cols, _)? = d.sourceColumn {
                for col in cols {
                    let f = Fragment(source: col, expr: Expr(.column(qualifier: nil, name: col.value), start: 0, end: col.value.unicodeScalars.count))
                    guard let e = resolver.resolve(f, in: scope, defaultRelation: rel) else { failed = true; return nil }
                    parts.append(.expr(e))
                }
            } else {
                error("missing-parts", "a concat calculation needs \"parts\" or a source_column array", at: c.location)
                return nil
            }
            return .concat(parts, separator: c.separator?.value ?? "")

        case .dateMath:
            guard let op = c.dateOperation?.value else { failed = true; return nil } // reported by the decoder
            guard let input = joinOrColumn(d, relation: rel, owner: "date-math") else { return nil }
            switch op {
            case .add, .sub:
                guard let unit = requiredUnit(c),
                      let amount = integer(c.amount, "amount") ?? missing("amount", c) else { return nil }
                return .dateAdd(input, amount: amount, unit: unit, subtract: op == .sub)
            case .diff:
                guard let unit = requiredUnit(c),
                      let other = required(c.otherColumn, "other_column", of: "a date-math diff", at: c.location),
                      let e = resolve(other, defaultRelation: rel) else { return nil }
                return .dateDiff(from: input, to: .expr(e), unit: unit)
            case .epoch:
                return .epochSeconds(input, addSeconds: integer(c.addSeconds, "add_seconds") ?? 0)
            }
        }
    }

    // Required keys missing here were reported by the decoder: Sema only stops.
    private func requiredOperation(_ c: CalculationDecl) -> AggregateOperation? { failed = true; return nil }
    private func requiredUnit(_ c: CalculationDecl) -> DateUnit? {
        if c.unit == nil { failed = true }
        return c.unit?.value
    }
    private func missing(_ key: String, _ c: CalculationDecl) -> Int? { failed = true; return nil }

    /// The value a calculation or transformation reads: the join's value if the attribute has a
    /// join, else its column.
    func joinOrColumn(_ d: AttributeDecl, relation rel: RelationIR, owner: String) -> ValueIR? {
        if let j = d.join, let v = joinValueCache[j.location] { return v }
        if case .single? = d.sourceColumn { return plainColumn(d, relation: rel, required: true) }
        error("missing-source-column", "\(owner) reads the attribute's source_column, which is missing or not a single column",
              at: d.name?.location ?? d.location)
        return nil
    }
}
