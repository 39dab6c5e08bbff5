import Diagnostics

// Joins, calculations and transformations (docs/CONTRACT.md §4): one case per kind, each payload
// holding exactly the keys its kind has, required ones non-optional. The decoder builds a case
// only when every required key is present and typed, so Sema never re-checks presence. Payloads
// are boxed (`indirect`) so an `AttributeDecl` stays a few words long.

public indirect enum JoinDecl: Sendable {
    case foreignKey(TableJoin)
    case selfJoin(SelfJoin)
    case multiColumn(MultiColumnJoin)
    case conditional(ConditionalJoin)
    case chain(ChainJoin)
    case lookupTable(TableJoin)
    case jsonConstruction(JSONConstructionJoin)

    /// Where the join object starts (identifies the join within its row scope).
    public var location: SourceLocation {
        switch self {
        case let .foreignKey(j), let .lookupTable(j): return j.location
        case let .selfJoin(j): return j.location
        case let .multiColumn(j): return j.location
        case let .conditional(j): return j.location
        case let .chain(j): return j.location
        case let .jsonConstruction(j): return j.location
        }
    }
}

/// `target_table [AS join_alias] ON join_condition`, selecting `select_column`: a foreign-key or
/// lookup-table join, and each hop of a chain.
public struct TableJoin: Sendable {
    public var location: SourceLocation
    public var targetTable: LocatedString
    public var joinAlias: LocatedString?
    public var joinCondition: LocatedString
    public var selectColumn: LocatedString
}

/// The row source's own table again, under `join_alias`.
public struct SelfJoin: Sendable {
    public var location: SourceLocation
    public var joinAlias: LocatedString
    public var joinCondition: LocatedString
    public var selectColumn: LocatedString
    /// Text used when the partner row is missing.
    public var nullValue: LocatedString?
}

public struct MultiColumnJoin: Sendable {
    public var location: SourceLocation
    public var targetTable: LocatedString
    public var joinAlias: LocatedString?
    /// At least one (the decoder refuses an empty list); ANDed.
    public var joinConditions: [LocatedString]
    public var selectColumn: LocatedString
}

public struct ConditionalJoin: Sendable {
    public var location: SourceLocation
    public var condition: LocatedString
    public var targetTable: LocatedString
    public var joinAlias: LocatedString?
    public var joinCondition: LocatedString
    public var selectColumn: LocatedString
    public var elseValue: ElseValue
}

public struct ChainJoin: Sendable {
    public var location: SourceLocation
    /// At least one; every hop complete.
    public var hops: [TableJoin]
    /// With a separator the value is every hop's select_column joined by it, else the last hop's.
    public var separator: LocatedString?
}

public struct JSONConstructionJoin: Sendable {
    public var location: SourceLocation
    public var targetTable: LocatedString
    public var joinAlias: LocatedString?
    /// Optional for an object built from the row itself; an array requires it (it selects the rows).
    public var joinCondition: LocatedString?
    public var construction: Construction
}

public enum Construction: Sendable {
    case object(ObjectConstruction)
    case array(ArrayConstruction)
}

/// One JSON member: key → SQL fragment, in the order written.
public struct SelectColumn: Sendable {
    public var key: LocatedString
    public var value: LocatedString
}

public struct ObjectConstruction: Sendable {
    public var location: SourceLocation
    /// At least one.
    public var selectColumns: [SelectColumn]
}

public struct ArrayConstruction: Sendable {
    public var location: SourceLocation
    /// Inner alias of the correlated rows (`target_alias` of the join or of the construction).
    public var targetAlias: LocatedString?
    /// At least one.
    public var selectColumns: [SelectColumn]
    public var orderBy: [OrderTerm]
    public var limit: Located<Double>?
}

public indirect enum CalculationDecl: Sendable {
    case aggregate(AggregateCalculation)
    case `case`(CaseCalculation)
    case concat(ConcatCalculation)
    case dateMath(DateMathCalculation)
}

public struct AggregateCalculation: Sendable {
    public var location: SourceLocation
    public var targetTable: LocatedString
    public var targetAlias: LocatedString?
    public var joinCondition: LocatedString
    public var operation: AggregateOperation
    public var selectColumn: LocatedString
}

public struct CaseArmDecl: Sendable {
    public var when: LocatedString
    public var then: LocatedString
}

public struct CaseCalculation: Sendable {
    /// At least one.
    public var arms: [CaseArmDecl]
    public var elseValue: LocatedString?
}

public struct ConcatCalculation: Sendable {
    public var location: SourceLocation
    /// Empty when not written: the attribute's source_column array gives the parts.
    public var parts: [LocatedString]
    public var separator: LocatedString?
}

public struct DateMathCalculation: Sendable {
    public var operation: DateMathOperationDecl
}

/// The date-math operation with the keys it requires.
public enum DateMathOperationDecl: Sendable {
    case add(amount: Located<Double>, unit: DateUnit)
    case sub(amount: Located<Double>, unit: DateUnit)
    case diff(otherColumn: LocatedString, unit: DateUnit)
    case epoch(addSeconds: Located<Double>?)
}

public indirect enum TransformationDecl: Sendable {
    case stringFormat(Template)
    /// `template` of older contracts: the same pattern language as string-format.
    case template(Template)
    case dateFormat([DateFormatToken], source: SourceFormat)
    case numberFormat(NumberFormat)
    case jsonParse
    case `static`(LocatedString)
}
