import ContractSyntax

/// The value of an attribute as a resolved expression tree (docs/CONTRACT.md §4). Every `Expr` inside
/// is a resolved fragment: each column is qualified with the name of the relation it binds to,
/// so a backend renders it without any scope knowledge. A NULL value means "attribute absent".
public indirect enum ValueIR: Hashable, Sendable {
    /// `relation.column`.
    case column(relation: String, name: String)
    /// A resolved SQL fragment.
    case expr(Expr)
    /// A constant string.
    case text(String)
    case null
    /// `COALESCE(value, fallback)` (self-join `null_value`).
    case coalesce(ValueIR, ValueIR)
    /// `CASE WHEN c THEN v ... ELSE e END`.
    case caseWhen([CaseArmIR], elseValue: ValueIR?)
    /// Parts concatenated; NULL parts skipped. With a separator, it stands between the non-NULL parts.
    case concat([ValueIR], separator: String?)
    /// Literal text and values; any NULL value makes the whole template NULL (string-format).
    case template([TemplatePartIR])
    /// An aggregate per row, never a join fan-out: a correlated scalar subquery, or on MariaDB a
    /// grouped derived table joined by its key (Backends `GroupedAggregate`).
    case aggregate(AggregateIR)
    /// Distinct values of the matching rows as a JSON array; NULL when nothing matches.
    case distinctArray(SubqueryIR)
    /// A JSON object of key/value pairs.
    case jsonObject([JSONFieldIR])
    /// A JSON array with one object per matching row; `[]` when nothing matches.
    case jsonArray(JSONArrayIR)
    /// `value ± amount unit`.
    case dateAdd(ValueIR, amount: Int, unit: DateUnit, subtract: Bool)
    /// Whole `unit`s from `from` to `to` (to − from).
    case dateDiff(from: ValueIR, to: ValueIR, unit: DateUnit)
    /// Seconds since 1970-01-01 00:00:00 UTC, plus `addSeconds`.
    case epochSeconds(ValueIR, addSeconds: Int)
    case dateFormat(ValueIR, tokens: [DateFormatToken], source: SourceFormat)
    case numberFormat(ValueIR, NumberFormat)
    /// The value is JSON text the job validates (dead-letter `invalid-json`).
    case jsonParse(ValueIR)
}

extension ValueIR {
    /// The values directly inside this one (not the fragments): what a pass over a value's
    /// parts walks.
    public var nestedValues: [ValueIR] {
        switch self {
        case .column, .expr, .text, .null, .aggregate, .distinctArray, .jsonObject, .jsonArray: return []
        case let .coalesce(a, b): return [a, b]
        case let .caseWhen(arms, e): return arms.map(\.then) + (e.map { [$0] } ?? [])
        case let .concat(parts, _): return parts
        case let .template(parts): return parts.compactMap { if case let .value(v) = $0 { return v }; return nil }
        case let .dateAdd(a, _, _, _), let .epochSeconds(a, _), let .dateFormat(a, _, _), let .numberFormat(a, _), let .jsonParse(a):
            return [a]
        case let .dateDiff(a, b, _): return [a, b]
        }
    }
}

public struct CaseArmIR: Hashable, Sendable {
    public var when: Expr
    public var then: ValueIR
    public init(when: Expr, then: ValueIR) { self.when = when; self.then = then }
}

public enum TemplatePartIR: Hashable, Sendable {
    case literal(String)
    case value(ValueIR)
}

public struct JSONFieldIR: Hashable, Sendable {
    public var key: String
    public var value: Expr
    public init(key: String, value: Expr) { self.key = key; self.value = value }
}

/// The inner side of a correlated subquery: the rows of `relation` matching `condition`
/// (which may reference the outer row's relations), projecting `select`.
public struct SubqueryIR: Hashable, Sendable {
    public var relation: RelationIR
    public var condition: Expr?
    public var select: Expr
    public init(relation: RelationIR, condition: Expr?, select: Expr) {
        self.relation = relation; self.condition = condition; self.select = select
    }
}

public struct AggregateIR: Hashable, Sendable {
    public var operation: AggregateOperation
    public var relation: RelationIR
    public var condition: Expr?
    /// nil means `COUNT(*)`.
    public var argument: Expr?
    public init(operation: AggregateOperation, relation: RelationIR, condition: Expr?, argument: Expr?) {
        self.operation = operation; self.relation = relation; self.condition = condition; self.argument = argument
    }
}

public struct OrderTermIR: Hashable, Sendable {
    public var expr: Expr
    public var descending: Bool
    public init(expr: Expr, descending: Bool) { self.expr = expr; self.descending = descending }
}

public struct JSONArrayIR: Hashable, Sendable {
    public var relation: RelationIR
    public var condition: Expr?
    public var fields: [JSONFieldIR]
    public var orderBy: [OrderTermIR]
    public var limit: Int?
    public init(relation: RelationIR, condition: Expr?, fields: [JSONFieldIR], orderBy: [OrderTermIR], limit: Int?) {
        self.relation = relation; self.condition = condition; self.fields = fields; self.orderBy = orderBy; self.limit = limit
    }
}
