import ContractSyntax
import Diagnostics

// The typed, validated IR that every backend reads (views.sql, Glue jobs, IAM, manifest,
// preflight). Everything here has been checked by `Sema`: names resolve, keys exist with a key
// type, joins do not conflict. Backends never look at the contract JSON or the AST again.

/// A whole checked contract: one `TableIR` per DynamoDB table, in contract order.
public struct MigrationIR: Hashable, Sendable {
    public var tables: [TableIR]
    /// Source columns whose MySQL type is already text (VARCHAR, TEXT: `Sema.textTypes`), by
    /// lower-cased table then column name; known only with a schema snapshot. An S attribute
    /// read straight from one needs no `CAST(... AS CHAR)`, which costs time on every row.
    public var textColumns: [String: Set<String>]
    /// Source integer columns the Glue job renders as an S attribute exactly as
    /// `CAST(... AS CHAR)` does (see `Sema.isPlainInteger`), by lower-cased table then
    /// column name; known only with a schema snapshot.
    public var integerColumns: [String: Set<String>]
    /// Source columns of a number or date type (`Sema.numberOrDateTypes`), by lower-cased table
    /// then column name; known only with a schema snapshot. Their MySQL text is ASCII, so where
    /// such a column keeps its cast the cast can keep the server's own character set for that
    /// text instead of converting it (`ValueSQL.column`).
    public var numberOrDateColumns: [String: Set<String>]
    public init(tables: [TableIR], textColumns: [String: Set<String>] = [:], integerColumns: [String: Set<String>] = [:],
                numberOrDateColumns: [String: Set<String>] = [:]) {
        self.tables = tables
        self.textColumns = textColumns
        self.integerColumns = integerColumns
        self.numberOrDateColumns = numberOrDateColumns
    }
}

/// One DynamoDB table and the view that feeds it.
public struct TableIR: Hashable, Sendable {
    /// DynamoDB table name as written in the contract.
    public var name: String
    /// Name of the MySQL view: "ddb_" + the lower-cased name (see `ViewNames`), unique in the IR.
    public var viewName: String
    public var kind: TableKind
    /// Partition key attribute and its DynamoDB type (S, N or B).
    public var pk: KeyAttributeIR
    public var sk: KeyAttributeIR?
    public var gsis: [GSIIR]
    /// The view's attribute columns (without `_entity_type` / `_partition_key`): table keys first,
    /// then every other attribute in order of first appearance across entities.
    public var columns: [ViewColumn]
    /// One branch for single-entity tables; one per entity (in contract order) for multi-entity.
    public var branches: [RowSourceIR]
    public var write: WriteIR
    /// `incremental.bookmark_attribute`, when the table is migrated incrementally.
    public var bookmarkAttribute: String?
    public var satisfies: [String]
    public var estimatedItemSize: Int?
    /// Where the table is declared, so later stages can still point at the contract.
    public var location: SourceLocation

    public init(name: String, viewName: String, kind: TableKind, pk: KeyAttributeIR, sk: KeyAttributeIR?,
                gsis: [GSIIR], columns: [ViewColumn], branches: [RowSourceIR], write: WriteIR,
                bookmarkAttribute: String?, satisfies: [String], estimatedItemSize: Int?, location: SourceLocation) {
        self.name = name; self.viewName = viewName; self.kind = kind; self.pk = pk; self.sk = sk
        self.gsis = gsis; self.columns = columns; self.branches = branches; self.write = write
        self.bookmarkAttribute = bookmarkAttribute; self.satisfies = satisfies
        self.estimatedItemSize = estimatedItemSize; self.location = location
    }

    /// Every attribute that keys some GSI, each once, in index order (a NULL there only makes
    /// the index sparse).
    public var gsiKeyNames: [String] {
        var names: [String] = []
        for g in gsis { for k in [g.pk.name, g.sk?.name].compactMap({ $0 }) where !names.contains(k) { names.append(k) } }
        return names
    }

    /// True when the view has a leading `_entity_type` column (multi-entity tables).
    public var hasEntityType: Bool { kind == .multiEntity }
}

/// A key attribute (table or index key): its name and its DynamoDB scalar type.
public struct KeyAttributeIR: Hashable, Sendable {
    public var name: String
    public var type: DynamoType
    public init(name: String, type: DynamoType) { self.name = name; self.type = type }
}

public struct GSIIR: Hashable, Sendable {
    public var name: String
    public var pk: KeyAttributeIR
    public var sk: KeyAttributeIR?
    public var projection: Projection
    /// Non-key attributes projected into an INCLUDE index (empty otherwise).
    public var projectedAttributes: [String]
    public init(name: String, pk: KeyAttributeIR, sk: KeyAttributeIR?, projection: Projection, projectedAttributes: [String]) {
        self.name = name; self.pk = pk; self.sk = sk; self.projection = projection
        self.projectedAttributes = projectedAttributes
    }
}

/// One attribute column of a view; `type` is the DynamoDB type every entity agrees on.
public struct ViewColumn: Hashable, Sendable {
    public var name: String
    public var type: DynamoType
    public init(name: String, type: DynamoType) { self.name = name; self.type = type }
}

public struct WriteIR: Hashable, Sendable {
    public var mode: WriteMode
    /// The N or S attribute compared by `if-newer`; nil for the other modes.
    public var versionAttribute: String?
    public init(mode: WriteMode, versionAttribute: String?) { self.mode = mode; self.versionAttribute = versionAttribute }
}
