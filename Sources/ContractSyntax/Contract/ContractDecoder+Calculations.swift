import Diagnostics

/// Calculations (docs/CONTRACT.md §4.2) and transformations (§4.3). As for joins, every key is
/// read whatever the kind and a case is built only when the kind's required keys are all there.
extension ContractDecoder {
    func decodeCalculation(_ o: ContractObject) -> CalculationDecl? {
        let kind = read.enumeration(o, "type", CalculationKind.self, describing: "a calculation type")?.value
        var named = o
        if let kind { named.subject = o.subject.ofKind(kind.rawValue) }
        checkKinded(named, kind: kind, keys: ValueKeys.calculation, all: ValueKeys.anyCalculation, required: ValueKeys.calculationRequired)
        let targetTable = read.string(o, "target_table")
        let targetAlias = read.string(o, "target_alias")
        let joinCondition = read.string(o, "join_condition")
        let selectColumn = read.string(o, "select_column")
        // `operation` means an aggregate function for `aggregate` and a date operation for
        // `date-math`; with an unknown kind it cannot be typed at all.
        var aggregateOperation: AggregateOperation?
        var dateOperation: DateMathOperation?
        switch kind {
        case .aggregate?:
            aggregateOperation = read.enumeration(o, "operation", AggregateOperation.self, describing: "an aggregate operation")?.value
        case .dateMath?:
            dateOperation = read.enumeration(o, "operation", DateMathOperation.self, describing: "a date-math operation")?.value
        default:
            break
        }
        var arms: [CaseArmDecl]?
        if let elements = read.array(o, "cases", of: "{when, then} objects") {
            if elements.isEmpty { diagnostics.error("empty-case", "'cases' must list at least one {when, then}", at: o["cases"]?.location,
                                                    notes: [Note("a case without arms would always give its else value: use that value instead")]) }
            let decoded = elements.enumerated().compactMap { index, element -> CaseArmDecl? in
                guard let ao = read.object(element, role: "each entry of 'cases'", subject: .element(noun: "case", name: nil, index: index)) else { return nil }
                read.checkKeys(ao, allowed: ["when", "then"])
                read.require(ao, ["when", "then"])
                guard let when = read.string(ao, "when"), let then = read.string(ao, "then") else { return nil }
                return CaseArmDecl(when: when, then: then)
            }
            if decoded.count == elements.count, !decoded.isEmpty { arms = decoded }
        }
        let elseValue = read.string(o, "else")
        let parts = read.stringArray(o, "parts") ?? []
        let separator = read.string(o, "separator")
        let unit = read.enumeration(o, "unit", DateUnit.self, describing: "a date unit")?.value
        let amount = read.number(o, "amount")
        let otherColumn = read.string(o, "other_column")
        let addSeconds = read.number(o, "add_seconds")

        switch kind {
        case .aggregate?:
            guard let targetTable, let joinCondition, let aggregateOperation, let selectColumn else { return nil }
            return .aggregate(AggregateCalculation(location: o.location, targetTable: targetTable, targetAlias: targetAlias,
                                                   joinCondition: joinCondition, operation: aggregateOperation, selectColumn: selectColumn))
        case .case?:
            guard let arms else { return nil }
            return .case(CaseCalculation(arms: arms, elseValue: elseValue))
        case .concat?:
            return .concat(ConcatCalculation(location: o.location, parts: parts, separator: separator))
        case .dateMath?:
            guard let dateOperation else { return nil }
            let operation: DateMathOperationDecl
            switch dateOperation {
            case .add, .sub:
                read.require(named, ["unit", "amount"], reason: "by the '\(dateOperation.rawValue)' date operation")
                guard let unit, let amount else { return nil }
                operation = dateOperation == .add ? .add(amount: amount, unit: unit) : .sub(amount: amount, unit: unit)
            case .diff:
                read.require(named, ["unit", "other_column"], reason: "by the 'diff' date operation")
                guard let unit, let otherColumn else { return nil }
                operation = .diff(otherColumn: otherColumn, unit: unit)
            case .epoch:
                operation = .epoch(addSeconds: addSeconds)
            }
            return .dateMath(DateMathCalculation(operation: operation))
        case nil:
            return nil
        }
    }

    func decodeTransformation(_ o: ContractObject) -> TransformationDecl? {
        let kind = read.enumeration(o, "type", TransformationKind.self, describing: "a transformation type")?.value
        var named = o
        if let kind { named.subject = o.subject.ofKind(kind.rawValue) }
        checkKinded(named, kind: kind, keys: ValueKeys.transformation, all: ValueKeys.anyTransformation, required: ValueKeys.transformationRequired)
        let format = read.string(o, "format")
        let sourceFormat = read.enumeration(o, "source_format", SourceFormat.self, describing: "a source format")?.value
        let value = read.string(o, "value")
        let template = read.string(o, "template")
        switch kind {
        case .stringFormat?:
            return format.flatMap { FormParsers.template($0, diagnostics: diagnostics) }.map(TransformationDecl.stringFormat)
        case .template?:
            return template.flatMap { FormParsers.template($0, diagnostics: diagnostics) }.map(TransformationDecl.template)
        case .dateFormat?:
            guard let tokens = format.flatMap({ FormParsers.dateFormat($0, diagnostics: diagnostics) }) else { return nil }
            return .dateFormat(tokens, source: sourceFormat ?? .timestamp)
        case .numberFormat?:
            return format.flatMap { FormParsers.numberFormat($0, diagnostics: diagnostics) }.map(TransformationDecl.numberFormat)
        case .jsonParse?:
            return .jsonParse
        case .static?:
            return value.map(TransformationDecl.static)
        case nil:
            return nil
        }
    }
}
