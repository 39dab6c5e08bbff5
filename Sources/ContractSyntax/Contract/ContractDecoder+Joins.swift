import Diagnostics

/// Joins of docs/CONTRACT.md §4.1. Every key is read (and type-checked) whatever the kind, so
/// one run reports everything; a case is built only from a kind whose required keys are all
/// present and typed.
extension ContractDecoder {
    func decodeJoin(_ o: ContractObject) -> JoinDecl? {
        let kind = read.enumeration(o, "type", JoinKind.self, describing: "a join type")?.value
        var named = o
        if let kind { named.subject = o.subject.ofKind(kind.rawValue) }
        checkKinded(named, kind: kind, keys: ValueKeys.join, all: ValueKeys.anyJoin, required: ValueKeys.joinRequired)
        let targetTable = read.string(o, "target_table")
        let joinAlias = read.string(o, "join_alias")
        var targetAlias = read.string(o, "target_alias")
        let joinCondition = read.string(o, "join_condition")
        let joinConditions = read.stringArray(o, "join_conditions") ?? []
        // The schema allows an empty array here and below (chain hops, select_columns, case arms);
        // it has no meaning, so it is refused with a code of its own, not a shape code
        // (docs/CONTRACT.md, "Implementation").
        if let conditions = o["join_conditions"]?.arrayElements, conditions.isEmpty {
            diagnostics.error("empty-join-conditions", "'join_conditions' must list at least one condition", at: o["join_conditions"]?.location,
                              notes: [Note("a join without a condition would pair every row with every row of '\(o["target_table"]?.stringValue?.value ?? "the target")'")])
        }
        let selectColumn = read.string(o, "select_column")
        let nullValue = read.string(o, "null_value")
        let condition = read.string(o, "condition")
        let elseValue = read.string(o, "else_value").map(FormParsers.elseValue)
        let chainSeparator = read.string(o, "chain_separator")
        var hops: [TableJoin]?
        if let elements = read.array(o, "joins", of: "chain hops") {
            if elements.isEmpty {
                diagnostics.error("empty-chain", "a chain join needs at least one hop in 'joins'", at: o["joins"]?.location,
                                  notes: [Note("the chain's value is its last hop's select_column")])
            }
            let decoded = elements.enumerated().compactMap { index, element in
                read.object(element, role: "each chain hop", subject: .element(noun: "chain hop", name: nil, index: index)).flatMap(decodeChainHop)
            }
            if decoded.count == elements.count, !decoded.isEmpty { hops = decoded }
        }
        var construction: Construction?
        if let c = o["construction"], let co = read.object(c, role: "'construction'", subject: .phrase("the construction")) {
            let constructionKind = read.enumeration(co, "type", ConstructionKind.self, describing: "a construction type")?.value
            if kind == .jsonConstruction, constructionKind == .array {
                read.require(named, ["join_condition"], reason: "for a json-construction array (it selects the matching rows)")
            }
            if let inner = co["target_alias"] {
                // The schema allows it in both places; the same name twice says one thing, two
                // names are a contradiction (not a shape error: docs/CONTRACT.md, "Implementation").
                let innerAlias = read.string(co, "target_alias")
                if let outer = targetAlias {
                    if let innerAlias, innerAlias.value != outer.value {
                        diagnostics.error("conflicting-target-alias", "the construction's target_alias '\(innerAlias.value)' differs from the join's '\(outer.value)'",
                                          at: inner.location, notes: [Note("the join's is given here", at: o["target_alias"]?.location)],
                                          fixIts: [FixIt(message: "give target_alias once, in the join")])
                    }
                } else {
                    targetAlias = innerAlias
                }
            }
            construction = decodeConstruction(co, kind: constructionKind, targetAlias: targetAlias)
        }

        switch kind {
        case .foreignKey?, .lookupTable?:
            guard let targetTable, let joinCondition, let selectColumn else { return nil }
            let j = TableJoin(location: o.location, targetTable: targetTable, joinAlias: joinAlias, joinCondition: joinCondition,
                              selectColumn: selectColumn)
            return kind == .foreignKey ? .foreignKey(j) : .lookupTable(j)
        case .selfJoin?:
            guard let joinAlias, let joinCondition, let selectColumn else { return nil }
            return .selfJoin(SelfJoin(location: o.location, joinAlias: joinAlias, joinCondition: joinCondition,
                                      selectColumn: selectColumn, nullValue: nullValue))
        case .multiColumn?:
            guard let targetTable, !joinConditions.isEmpty, let selectColumn else { return nil }
            return .multiColumn(MultiColumnJoin(location: o.location, targetTable: targetTable, joinAlias: joinAlias,
                                                joinConditions: joinConditions, selectColumn: selectColumn))
        case .conditional?:
            guard let condition, let targetTable, let joinCondition, let selectColumn, let elseValue else { return nil }
            return .conditional(ConditionalJoin(location: o.location, condition: condition, targetTable: targetTable, joinAlias: joinAlias,
                                                joinCondition: joinCondition, selectColumn: selectColumn, elseValue: elseValue))
        case .chain?:
            guard let hops else { return nil }
            return .chain(ChainJoin(location: o.location, hops: hops, separator: chainSeparator))
        case .jsonConstruction?:
            guard let targetTable, let construction else { return nil }
            if case .array = construction, joinCondition == nil { return nil }
            return .jsonConstruction(JSONConstructionJoin(location: o.location, targetTable: targetTable, joinAlias: joinAlias,
                                                          joinCondition: joinCondition, construction: construction))
        case nil:
            return nil
        }
    }

    private func decodeChainHop(_ o: ContractObject) -> TableJoin? {
        read.checkKeys(o, allowed: ValueKeys.chainHop)
        read.require(o, ["target_table", "join_condition", "select_column"])
        let targetTable = read.string(o, "target_table")
        let joinAlias = read.string(o, "join_alias")
        let joinCondition = read.string(o, "join_condition")
        let selectColumn = read.string(o, "select_column")
        guard let targetTable, let joinCondition, let selectColumn else { return nil }
        return TableJoin(location: o.location, targetTable: targetTable, joinAlias: joinAlias, joinCondition: joinCondition,
                         selectColumn: selectColumn)
    }

    /// The construction, once its type is known and it names at least one column.
    private func decodeConstruction(_ o: ContractObject, kind: ConstructionKind?, targetAlias: LocatedString?) -> Construction? {
        read.checkKeys(o, allowed: ValueKeys.construction)
        read.require(o, ["type", "select_columns"])
        var selectColumns: [SelectColumn] = []
        if let sc = o["select_columns"] {
            if let members = sc.objectMembers {
                selectColumns = members.compactMap { m in
                    guard let v = m.value.stringValue else {
                        diagnostics.error("wrong-type", "the value of '\(m.key.value)' in 'select_columns' must be a string (an SQL expression), found \(m.value.typeName)",
                                          at: m.value.location)
                        return nil
                    }
                    return SelectColumn(key: m.key, value: v)
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
        let orderBy = read.string(o, "order_by")
        let limit = read.number(o, "limit")
        guard let kind, !selectColumns.isEmpty else { return nil }
        switch kind {
        case .array:
            return .array(ArrayConstruction(location: o.location, targetAlias: targetAlias, selectColumns: selectColumns,
                                            orderBy: orderBy.map(FormParsers.orderBy) ?? [], limit: limit))
        case .object:
            if orderBy != nil || limit != nil {
                diagnostics.warning("ignored-key", "order_by and limit only apply to a json-construction array", at: orderBy?.location ?? limit?.location)
            }
            return .object(ObjectConstruction(location: o.location, selectColumns: selectColumns))
        }
    }
}
