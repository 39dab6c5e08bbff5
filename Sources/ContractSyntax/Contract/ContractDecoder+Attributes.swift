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

    /// Every kind's keys, computed once (they were rebuilt for every join, calculation and
    /// transformation decoded).
    static let anyJoin = union(JoinKind.self, join)
    static let anyCalculation = union(CalculationKind.self, calculation)
    static let anyTransformation = union(TransformationKind.self, transformation)

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
        let owner = a.name?.value
        // A written part that does not decode leaves its field nil and marks the attribute, so
        // Sema neither computes a value from the rest nor reports the same problem again.
        if let j = o["join"] {
            a.join = read.object(j, role: "'join'", subject: .part(noun: "join", kind: nil, attribute: owner)).flatMap(decodeJoin)
            if a.join == nil { a.rejectsValue = true }
        }
        if let c = o["calculation"] {
            a.calculation = read.object(c, role: "'calculation'", subject: .part(noun: "calculation", kind: nil, attribute: owner)).flatMap(decodeCalculation)
            if a.calculation == nil { a.rejectsValue = true }
        }
        if let t = o["transformation"] {
            a.transformation = read.object(t, role: "'transformation'", subject: .part(noun: "transformation", kind: nil, attribute: owner)).flatMap(decodeTransformation)
            if a.transformation == nil { a.rejectsValue = true }
        }
        return a
    }

    /// Checks keys against the kind's list when the kind is known, otherwise against every kind's,
    /// and requires `type` plus the kind's required keys.
    func checkKinded<K: RawRepresentable & CaseIterable>(_ o: ContractObject, kind: K?, keys: (K) -> [String], all: [String],
                                                                 required: (K) -> [String]) where K.RawValue == String {
        read.require(o, ["type"])
        guard let kind else {
            read.checkKeys(o, allowed: all)
            return
        }
        let own = keys(kind)
        read.checkKeys(o, allowed: own, meaningfulElsewhere: all.filter { !own.contains($0) })
        read.require(o, required(kind), reason: "for the '\(kind.rawValue)' kind")
    }
}
