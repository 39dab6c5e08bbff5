/// A snapshot of the source database's schema, as `introspect` writes it to schema.json and as
/// `check --schema` reads it. Stable JSON: tables and columns sorted by name, keys in order.
public struct SchemaSnapshot: Codable, Hashable, Sendable {
    public var database: String
    /// Server version string ("10.11.6-MariaDB-0+deb12u1", "8.0.36").
    public var serverVersion: String
    public var tables: [TableSchema]

    public init(database: String, serverVersion: String, tables: [TableSchema]) {
        self.database = database; self.serverVersion = serverVersion; self.tables = tables
    }

    public func table(named name: String) -> TableSchema? {
        tables.first { $0.name == name } ?? tables.first { $0.name.lowercased() == name.lowercased() }
    }
}

public struct TableSchema: Codable, Hashable, Sendable {
    public var name: String
    /// Columns in their ordinal order in the table.
    public var columns: [ColumnSchema]
    public var primaryKey: [String]
    /// Every UNIQUE index (not the primary key), each a list of columns in index order.
    public var uniqueKeys: [[String]]
    public var foreignKeys: [ForeignKeySchema]
    /// information_schema.TABLES.TABLE_ROWS: an estimate, not a count.
    public var estimatedRows: Int

    public init(name: String, columns: [ColumnSchema], primaryKey: [String], uniqueKeys: [[String]],
                foreignKeys: [ForeignKeySchema], estimatedRows: Int) {
        self.name = name; self.columns = columns; self.primaryKey = primaryKey
        self.uniqueKeys = uniqueKeys; self.foreignKeys = foreignKeys; self.estimatedRows = estimatedRows
    }

    public func column(named name: String) -> ColumnSchema? {
        columns.first { $0.name == name } ?? columns.first { $0.name.lowercased() == name.lowercased() }
    }
}

public struct ColumnSchema: Codable, Hashable, Sendable {
    public var name: String
    /// information_schema DATA_TYPE, lower case: "int", "varchar", "decimal", "json", ...
    public var dataType: String
    /// COLUMN_TYPE in full: "int(11)", "decimal(10,2)", "enum('a','b')", "tinyint(1)".
    public var columnType: String
    public var nullable: Bool
    public var autoIncrement: Bool

    public init(name: String, dataType: String, columnType: String, nullable: Bool, autoIncrement: Bool) {
        self.name = name; self.dataType = dataType; self.columnType = columnType
        self.nullable = nullable; self.autoIncrement = autoIncrement
    }
}

public struct ForeignKeySchema: Codable, Hashable, Sendable {
    public var name: String
    public var columns: [String]
    public var referencedTable: String
    public var referencedColumns: [String]

    public init(name: String, columns: [String], referencedTable: String, referencedColumns: [String]) {
        self.name = name; self.columns = columns; self.referencedTable = referencedTable
        self.referencedColumns = referencedColumns
    }
}
