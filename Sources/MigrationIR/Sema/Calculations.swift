import ContractSyntax
import Diagnostics

/// Calculations of docs/CONTRACT.md §4.2.
extension BranchBuilder {
    func calculation(_ c: CalculationDecl, attribute d: AttributeDecl, relation rel: RelationIR) -> ValueIR? {
        switch c {
        case let .aggregate(a):
            guard let inner = innerRelation(target: a.targetTable, alias: a.targetAlias, aliasKey: "target_alias", condition: a.joinCondition) else { return nil }
            let s = scope.entering(inner)
            let condition = correlatedCondition(a.joinCondition, scope: s, inner: inner)
            guard let argument = resolve(a.selectColumn, in: s, defaultRelation: inner), let condition else { return nil }
            return .aggregate(AggregateIR(operation: a.operation, relation: inner, condition: condition, argument: argument))

        case let .case(k):
            var arms: [CaseArmIR] = []
            for arm in k.arms {
                guard let w = resolve(arm.when, defaultRelation: rel), let t = resolve(arm.then, defaultRelation: rel) else { continue }
                arms.append(CaseArmIR(when: w, then: .expr(t)))
            }
            let otherwise = k.elseValue.flatMap { resolve($0, defaultRelation: rel) }.map(ValueIR.expr)
            guard arms.count == k.arms.count else { return nil }
            return .caseWhen(arms, elseValue: otherwise)

        case let .concat(k):
            var parts: [ValueIR] = []
            if !k.parts.isEmpty {
                parts = k.parts.compactMap { resolve($0, defaultRelation: rel) }.map(ValueIR.expr)
                if parts.count != k.parts.count { return nil }
            } else if case let .multiple(cols, _)? = d.sourceColumn {
                for col in cols {
                    let f = Fragment(source: col, expr: Expr(.column(qualifier: nil, name: col.value), start: 0, end: col.value.unicodeScalars.count))
                    guard let e = resolver.resolve(f, in: scope, defaultRelation: rel) else { failed = true; return nil }
                    parts.append(.expr(e))
                }
            } else {
                error("missing-parts", "a concat calculation needs \"parts\" or a source_column array", at: k.location)
                return nil
            }
            return .concat(parts, separator: k.separator?.value ?? "")

        case let .dateMath(m):
            guard let input = joinOrColumn(d, relation: rel, owner: "date-math") else { return nil }
            switch m.operation {
            case let .add(amount, unit), let .sub(amount, unit):
                guard let n = integer(amount, "amount") else { return nil }
                var subtract = false
                if case .sub = m.operation { subtract = true }
                return .dateAdd(input, amount: n, unit: unit, subtract: subtract)
            case let .diff(other, unit):
                guard let e = resolve(other, defaultRelation: rel) else { return nil }
                return .dateDiff(from: input, to: .expr(e), unit: unit)
            case let .epoch(addSeconds):
                return .epochSeconds(input, addSeconds: integer(addSeconds, "add_seconds") ?? 0)
            }
        }
    }

    /// The value a calculation or transformation reads: the join's value if the attribute has a
    /// join, else its column.
    func joinOrColumn(_ d: AttributeDecl, relation rel: RelationIR, owner: String) -> ValueIR? {
        if let j = d.join, let v = joinValueCache[j.location] { return v }
        if case .single? = d.sourceColumn { return plainColumn(d, relation: rel) }
        error("missing-source-column", "\(owner) reads the attribute's source_column, which is missing or not a single column",
              at: d.name?.location ?? d.location)
        return nil
    }
}
