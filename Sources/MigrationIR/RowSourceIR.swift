import ContractSyntax
import Diagnostics

/// A relation of a row's scope: a MySQL table under the name fragments use for it. The SQL
/// alias is always `name`, so a resolved column `rel.col` renders as `` `rel`.`col` ``.
public struct RelationIR: Hashable, Sendable {
    /// MySQL table name.
    public var table: String
    /// Relation name in scope (join alias, target alias, or the table name itself).
    public var name: String
    public init(table: String, name: String) { self.table = table; self.name = name }
}

/// A LEFT JOIN of the row scope. Shared by every attribute that declares the same relation
/// name with the same condition (docs/CONTRACT.md §3).
public struct JoinIR: Hashable, Sendable {
    public var relation: RelationIR
    /// The resolved ON condition: every column is qualified with its relation's name.
    public var condition: Expr
    /// True when the schema snapshot proves the condition matches at most one row (its
    /// equalities cover a primary or unique key of the target). Two such joins of one table
    /// with the same condition under different names are the same row; the lowering reads it once.
    public var unique: Bool
    public init(relation: RelationIR, condition: Expr, unique: Bool = false) {
        self.relation = relation; self.condition = condition; self.unique = unique
    }
}

/// How the view computes `_partition_key` for one branch.
public enum PartitionKeyIR: Hashable, Sendable {
    /// The row source's integer primary key column: readers' ranges push down to index range scans.
    case column(String)
    /// No integer primary key is known (no schema snapshot, or none exists): the column is NULL
    /// and readers fall back to a single partition.
    case none
}

/// One branch of a view: the items that come from one row source (one entity of a
/// multi-entity table, or the whole single-entity table).
public struct RowSourceIR: Hashable, Sendable {
    /// `entity_type` of a multi-entity branch; nil for single-entity tables.
    public var entityType: String?
    /// The MySQL view of this branch alone (multi-entity tables; see `ViewNames`), which the job
    /// reads by ranges of its own key so the server never materialises the table's UNION ALL;
    /// nil for a single-entity table, whose branch is the table view itself.
    public var viewName: String?
    public var relation: RelationIR
    public var partitionKey: PartitionKeyIR
    /// LEFT JOINs in declaration order, deduplicated.
    public var joins: [JoinIR]
    /// Attribute values in the order written (pk/sk from templates appended when not written).
    public var attributes: [AttributeIR]
    /// Resolved `filter` (table and entity filters combined with AND).
    public var filter: Expr?

    public init(entityType: String?, relation: RelationIR, partitionKey: PartitionKeyIR, joins: [JoinIR],
                attributes: [AttributeIR], filter: Expr?) {
        self.entityType = entityType; self.viewName = nil; self.relation = relation; self.partitionKey = partitionKey
        self.joins = joins; self.attributes = attributes; self.filter = filter
    }

    public func attribute(named name: String) -> AttributeIR? { attributes.first { $0.name == name } }
}

/// One attribute of a branch: its name, DynamoDB type and resolved value.
public struct AttributeIR: Hashable, Sendable {
    public var name: String
    public var type: DynamoType
    public var value: ValueIR
    public var location: SourceLocation
    public init(name: String, type: DynamoType, value: ValueIR, location: SourceLocation) {
        self.name = name; self.type = type; self.value = value; self.location = location
    }
}
