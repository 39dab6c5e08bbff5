import Diagnostics

/// Keys of joins, calculations and transformations, by kind. A key outside its kind's list but in
/// another kind's is reported as "has no meaning here" rather than as a misspelling.
enum ValueKeys {
    static func join(_ kind: JoinKind) -> [String] {
        switch kind {
        case .selfJoin: return ["type", "target_table", "join_alias", "join_condition", "select_column", "null_value"]
        case .foreignKey, .lookupTable: return ["type", "target_table", "join_alias", "join_condition", "select_column"]
        case .multiColumn: return ["type", "target_table", "join_alias", "join_conditions", "select_column"]
        case .conditional:
            return ["type", "condition", "target_table", "join_alias", "join_condition", "select_column", "else_value"]
        case .chain: return ["type", "joins", "chain_separator"]
        case .jsonConstruction: return ["type", "target_table", "join_alias", "target_alias", "join_condition", "construction"]
        }
    }

    static func joinRequired(_ kind: JoinKind) -> [String] {
        switch kind {
        case .selfJoin: return ["join_alias", "join_condition", "select_column"]
        case .foreignKey, .lookupTable: return ["target_table", "join_condition", "select_column"]
        case .multiColumn: return ["target_table", "join_conditions", "select_column"]
        case .conditional: return ["condition", "target_table", "join_condition", "select_column", "else_value"]
        case .chain: return ["joins"]
        // An object built from the row itself needs no condition (docs/CONTRACT.md §4.1); an array's
        // condition is required separately, once the construction's type is known.
        case .jsonConstruction: return ["target_table", "construction"]
        }
    }

    static let chainHop = ["target_table", "join_alias", "join_condition", "select_column"]
    static let construction = ["type", "select_columns", "order_by", "limit", "target_alias"]

    static func calculation(_ kind: CalculationKind) -> [String] {
        switch kind {
        case .aggregate: return ["type", "target_table", "target_alias", "join_condition", "operation", "select_column"]
        case .case: return ["type", "cases", "else"]
        case .concat: return ["type", "parts", "separator"]
        case .dateMath: return ["type", "operation", "unit", "amount", "other_column", "add_seconds"]
        }
    }

    static func calculationRequired(_ kind: CalculationKind) -> [String] {
        switch kind {
        case .aggregate: return ["target_table", "join_condition", "operation", "select_column"]
        case .case: return ["cases"]
        case .concat: return []
        case .dateMath: return ["operation"]
        }
    }

    static func transformation(_ kind: TransformationKind) -> [String] {
        switch kind {
        case .stringFormat, .numberFormat: return ["type", "format"]
        case .dateFormat: return ["type", "format", "source_format"]
        case .jsonParse: return ["type"]
        case .static: return ["type", "value"]
        case .template: return ["type", "template"]
        }
    }

    static func transformationRequired(_ kind: TransformationKind) -> [String] {
        switch kind {
        case .stringFormat, .numberFormat, .dateFormat: return ["format"]
        case .jsonParse: return []
        case .static: return ["value"]
        case .template: return ["template"]
        }
    }

    static func union<K: CaseIterable>(_ all: K.Type, _ keys: (K) -> [String]) -> [String] {
        var seen: [String] = []
        for k in all.allCases { for key in keys(k) where !seen.contains(key) { seen.append(key) } }
        return seen
    }
}

extension ContractDecoder {
    func decodeAttribute(_ o: ContractObject) -> AttributeDecl {
        read.checkKeys(o, allowed: ContractKeys.attribute)
        read.require(o, ["name", "type", "source_table", "source_column"])
        var a = AttributeDecl(location: o.location)
        a.name = read.string(o, "name")
        a.type = read.enumeration(o, "type", DynamoType.self, describing: "a DynamoDB type")
        a.sourceTable = read.string(o, "source_table")
        if let sc = o["source_column"] {
            if let s = sc.stringValue {
                a.sourceColumn = .single(s)
            } else if sc.arrayElements != nil {
                a.sourceColumn = .multiple(read.stringArray(o, "source_column") ?? [], at: sc.location)
            } else {
                diagnostics.error("wrong-type", "'source_column' must be a string or an array of strings, found \(sc.typeName)",
                                  at: sc.location)
            }
        }
        a.denormalized = read.bool(o, "denormalized")
        a.justification = read.string(o, "justification")
        let owner = a.name.map { " of attribute '\($0.value)'" } ?? ""
        if let j = o["join"], let jo = read.object(j, role: "'join'", what: "the join\(owner)") {
            a.join = decodeJoin(jo)
        }
        if let c = o["calculation"], let co = read.object(c, role: "'calculation'", what: "the calculation\(owner)") {
            a.calculation = decodeCalculation(co)
        }
        if let t = o["transformation"], let to = read.object(t, role: "'transformation'", what: "the transformation\(owner)") {
            a.transformation = decodeTransformation(to)
        }
        return a
    }

    /// Checks keys against the kind's list when the kind is known, otherwise against every kind's,
    /// and requires `type` plus the kind's required keys.
    private func checkKinded<K: RawRepresentable & CaseIterable>(_ o: ContractObject, kind: K?, keys: (K) -> [String],
                                                                 required: (K) -> [String]) where K.RawValue == String {
        let all = ValueKeys.union(K.self, keys)
        read.require(o, ["type"])
        guard let kind else {
            read.checkKeys(o, allowed: all)
            return
        }
        let own = keys(kind)
        read.checkKeys(o, allowed: own, meaningfulElsewhere: all.filter { !own.contains($0) })
        read.require(o, required(kind), reason: "for the '\(kind.rawValue)' kind")
    }

    func decodeJoin(_ o: ContractObject) -> JoinDecl {
        var j = JoinDecl(location: o.location)
        j.kind = read.enumeration(o, "type", JoinKind.self, describing: "a join type")
        let kind = j.kind?.value
        var named = o
        if let kind {
            let noun = kind == .selfJoin ? "the self-join" : "the \(kind.rawValue) join"
            named.what = noun + o.what.dropFirst("the join".count)
        }
        checkKinded(named, kind: kind, keys: ValueKeys.join, required: ValueKeys.joinRequired)
        j.targetTable = read.string(o, "target_table")
        j.joinAlias = read.string(o, "join_alias")
        j.targetAlias = read.string(o, "target_alias")
        j.joinCondition = read.string(o, "join_condition")
        j.joinConditions = read.stringArray(o, "join_conditions") ?? []
        // The schema allows an empty array here and below (chain hops, select_columns, case arms);
        // it has no meaning, so it is refused with a code of its own, not a shape code
        // (docs/CONTRACT.md, "Implementation").
        if let conditions = o["join_conditions"]?.arrayElements, conditions.isEmpty {
            diagnostics.error("empty-join-conditions", "'join_conditions' must list at least one condition", at: o["join_conditions"]?.location,
                              notes: [Note("a join without a condition would pair every row with every row of '\(o["target_table"]?.stringValue?.value ?? "the target")'")])
        }
        j.selectColumn = read.string(o, "select_column")
        j.nullValue = read.string(o, "null_value")
        j.condition = read.string(o, "condition")
        j.elseValue = read.string(o, "else_value")
        j.chainSeparator = read.string(o, "chain_separator")
        if let hops = read.array(o, "joins", of: "chain hops") {
            if hops.isEmpty {
                diagnostics.error("empty-chain", "a chain join needs at least one hop in 'joins'", at: o["joins"]?.location,
                                  notes: [Note("the chain's value is its last hop's select_column")])
            }
            j.hops = hops.enumerated().compactMap { index, element in
                read.object(element, role: "each chain hop", what: "chain hop \(index + 1)").map(decodeChainHop)
            }
        }
        if let c = o["construction"], let co = read.object(c, role: "'construction'", what: "the construction") {
            j.construction = decodeConstruction(co)
            if kind == .jsonConstruction, j.construction?.kind?.value == .array {
                read.require(named, ["join_condition"], reason: "for a json-construction array (it selects the matching rows)")
            }
            if let inner = co["target_alias"] {
                // The schema allows it in both places; the same name twice says one thing, two
                // names are a contradiction (not a shape error: docs/CONTRACT.md, "Implementation").
                let innerAlias = read.string(co, "target_alias")
                if let outer = j.targetAlias {
                    if let innerAlias, innerAlias.value != outer.value {
                        diagnostics.error("conflicting-target-alias", "the construction's target_alias '\(innerAlias.value)' differs from the join's '\(outer.value)'",
                                          at: inner.location, notes: [Note("the join's is given here", at: o["target_alias"]?.location)],
                                          fixIts: [FixIt(message: "give target_alias once, in the join")])
                    }
                } else {
                    j.targetAlias = innerAlias
                }
            }
        }
        return j
    }

    private func decodeChainHop(_ o: ContractObject) -> ChainHopDecl {
        read.checkKeys(o, allowed: ValueKeys.chainHop)
        read.require(o, ["target_table", "join_condition", "select_column"])
        var h = ChainHopDecl(location: o.location)
        h.targetTable = read.string(o, "target_table")
        h.joinAlias = read.string(o, "join_alias")
        h.joinCondition = read.string(o, "join_condition")
        h.selectColumn = read.string(o, "select_column")
        return h
    }

    private func decodeConstruction(_ o: ContractObject) -> ConstructionDecl {
        read.checkKeys(o, allowed: ValueKeys.construction)
        read.require(o, ["type", "select_columns"])
        var c = ConstructionDecl(location: o.location)
        c.kind = read.enumeration(o, "type", ConstructionKind.self, describing: "a construction type")
        if let sc = o["select_columns"] {
            if let members = sc.objectMembers {
                c.selectColumns = members.compactMap { m in
                    guard let v = m.value.stringValue else {
                        diagnostics.error("wrong-type", "the value of '\(m.key.value)' in 'select_columns' must be a string (an SQL expression), found \(m.value.typeName)",
                                          at: m.value.location)
                        return nil
                    }
                    return (key: m.key, value: v)
                }
                if members.isEmpty {
                    diagnostics.error("empty-select-columns", "'select_columns' must name at least one key", at: sc.location,
                                      notes: [Note("each key becomes a member of the constructed JSON")])
                }
            } else {
                diagnostics.error("wrong-type", "'select_columns' must be an object of key → SQL expression, found \(sc.typeName)",
                                  at: sc.location)
            }
        }
        c.orderBy = read.string(o, "order_by")
        c.limit = read.number(o, "limit")
        return c
    }

    func decodeCalculation(_ o: ContractObject) -> CalculationDecl {
        var c = CalculationDecl(location: o.location)
        c.kind = read.enumeration(o, "type", CalculationKind.self, describing: "a calculation type")
        let kind = c.kind?.value
        var named = o
        if let kind { named.what = "the \(kind.rawValue) calculation" + o.what.dropFirst("the calculation".count) }
        checkKinded(named, kind: kind, keys: ValueKeys.calculation, required: ValueKeys.calculationRequired)
        c.targetTable = read.string(o, "target_table")
        c.targetAlias = read.string(o, "target_alias")
        c.joinCondition = read.string(o, "join_condition")
        c.selectColumn = read.string(o, "select_column")
        // `operation` means an aggregate function for `aggregate` and a date operation for
        // `date-math`; with an unknown kind it cannot be typed at all.
        switch kind {
        case .aggregate:
            c.aggregateOperation = read.enumeration(o, "operation", AggregateOperation.self, describing: "an aggregate operation")
        case .dateMath:
            c.dateOperation = read.enumeration(o, "operation", DateMathOperation.self, describing: "a date-math operation")
        default:
            break
        }
        if let arms = read.array(o, "cases", of: "{when, then} objects") {
            if arms.isEmpty { diagnostics.error("empty-case", "'cases' must list at least one {when, then}", at: o["cases"]?.location,
                                                notes: [Note("a case without arms would always give its else value: use that value instead")]) }
            c.cases = arms.enumerated().compactMap { index, element in
                guard let ao = read.object(element, role: "each entry of 'cases'", what: "case \(index + 1)") else { return nil }
                read.checkKeys(ao, allowed: ["when", "then"])
                read.require(ao, ["when", "then"])
                var arm = CaseArmDecl(location: ao.location)
                arm.when = read.string(ao, "when")
                arm.then = read.string(ao, "then")
                return arm
            }
        }
        c.elseValue = read.string(o, "else")
        c.parts = read.stringArray(o, "parts") ?? []
        c.separator = read.string(o, "separator")
        c.unit = read.enumeration(o, "unit", DateUnit.self, describing: "a date unit")
        c.amount = read.number(o, "amount")
        c.otherColumn = read.string(o, "other_column")
        c.addSeconds = read.number(o, "add_seconds")
        if kind == .dateMath, let op = c.dateOperation?.value {
            switch op {
            case .add, .sub: read.require(named, ["unit", "amount"], reason: "by the '\(op.rawValue)' date operation")
            case .diff: read.require(named, ["unit", "other_column"], reason: "by the 'diff' date operation")
            case .epoch: break
            }
        }
        return c
    }

    func decodeTransformation(_ o: ContractObject) -> TransformationDecl {
        var t = TransformationDecl(location: o.location)
        t.kind = read.enumeration(o, "type", TransformationKind.self, describing: "a transformation type")
        let kind = t.kind?.value
        var named = o
        if let kind { named.what = "the \(kind.rawValue) transformation" + o.what.dropFirst("the transformation".count) }
        checkKinded(named, kind: kind, keys: ValueKeys.transformation, required: ValueKeys.transformationRequired)
        t.format = read.string(o, "format")
        t.sourceFormat = read.enumeration(o, "source_format", SourceFormat.self, describing: "a source format")
        t.value = read.string(o, "value")
        t.template = read.string(o, "template")
        return t
    }
}
