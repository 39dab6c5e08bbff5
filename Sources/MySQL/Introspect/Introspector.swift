import SourceSchema

/// Why `introspect` could not describe the database.
public enum IntrospectError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownDatabase(String)
    case noDatabase

    public var description: String {
        switch self {
        case .unknownDatabase(let name):
            return "database '\(name)' does not exist on the server (or this user may not see it)"
        case .noDatabase:
            return "no database given: put its name in the URL path, mysql://user@host:port/DATABASE"
        }
    }
}

/// Reads a database's tables from `information_schema` into a `SchemaSnapshot`.
///
/// Only base tables are described (views, including the ones `apply-views` creates, are not
/// sources). Tables are sorted by name, columns kept in table order, unique keys sorted by their
/// column lists, foreign keys by constraint name, so the same schema always gives the same
/// snapshot. Unique indexes over expressions (MySQL 8 functional key parts) are left out: they
/// do not make any set of columns unique. Four queries in all, whatever the number of tables.
public enum Introspector {
    public static func snapshot(_ connection: MySQLConnection, database: String) throws -> SchemaSnapshot {
        let schema = try connection.quote(database)
        let exists = try connection.query(
            "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = \(schema)")
        guard exists.count == 1 else { throw IntrospectError.unknownDatabase(database) }

        var tables: [String: TableSchema] = [:]
        for row in try connection.query("""
            SELECT TABLE_NAME AS name, COALESCE(TABLE_ROWS, 0) AS estimated_rows
            FROM information_schema.TABLES
            WHERE TABLE_SCHEMA = \(schema) AND TABLE_TYPE = 'BASE TABLE'
            """).namedRows {
            let name = text(row, "name")
            tables[name] = TableSchema(name: name, columns: [], primaryKey: [], uniqueKeys: [],
                                       foreignKeys: [], estimatedRows: Int(row["estimated_rows"]?.int ?? 0))
        }

        for row in try connection.query("""
            SELECT TABLE_NAME AS table_name, COLUMN_NAME AS name, LOWER(DATA_TYPE) AS data_type,
                   COLUMN_TYPE AS column_type, IS_NULLABLE AS nullable, EXTRA AS extra
            FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = \(schema)
            ORDER BY TABLE_NAME, ORDINAL_POSITION
            """).namedRows {
            let table = text(row, "table_name")
            guard tables[table] != nil else { continue }
            tables[table]?.columns.append(ColumnSchema(
                name: text(row, "name"), dataType: text(row, "data_type"), columnType: text(row, "column_type"),
                nullable: text(row, "nullable").uppercased() == "YES",
                autoIncrement: text(row, "extra").lowercased().contains("auto_increment")))
        }

        var uniqueIndexes: [String: [String: [String]]] = [:]
        var expressionIndexes: Set<[String]> = []
        for row in try connection.query("""
            SELECT TABLE_NAME AS table_name, INDEX_NAME AS index_name, COLUMN_NAME AS column_name
            FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = \(schema) AND NON_UNIQUE = 0
            ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
            """).namedRows {
            let table = text(row, "table_name"), index = text(row, "index_name")
            guard let column = row["column_name"]?.text else {
                expressionIndexes.insert([table, index])
                continue
            }
            uniqueIndexes[table, default: [:]][index, default: []].append(column)
        }
        for (table, indexes) in uniqueIndexes where tables[table] != nil {
            for (index, columns) in indexes where !expressionIndexes.contains([table, index]) {
                if index == "PRIMARY" {
                    tables[table]?.primaryKey = columns
                } else {
                    tables[table]?.uniqueKeys.append(columns)
                }
            }
            tables[table]?.uniqueKeys.sort { $0.lexicographicallyPrecedes($1) }
        }

        var foreignKeys: [String: [String: ForeignKeySchema]] = [:]
        for row in try connection.query("""
            SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS name, COLUMN_NAME AS column_name,
                   REFERENCED_TABLE_SCHEMA AS referenced_schema, REFERENCED_TABLE_NAME AS referenced_table,
                   REFERENCED_COLUMN_NAME AS referenced_column
            FROM information_schema.KEY_COLUMN_USAGE
            WHERE TABLE_SCHEMA = \(schema) AND REFERENCED_TABLE_NAME IS NOT NULL
            ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION
            """).namedRows {
            let table = text(row, "table_name"), name = text(row, "name")
            let referencedSchema = text(row, "referenced_schema")
            let referencedTable = referencedSchema == database
                ? text(row, "referenced_table") : "\(referencedSchema).\(text(row, "referenced_table"))"
            var key = foreignKeys[table, default: [:]][name]
                ?? ForeignKeySchema(name: name, columns: [], referencedTable: referencedTable, referencedColumns: [])
            key.columns.append(text(row, "column_name"))
            key.referencedColumns.append(text(row, "referenced_column"))
            foreignKeys[table, default: [:]][name] = key
        }
        for (table, keys) in foreignKeys where tables[table] != nil {
            tables[table]?.foreignKeys = keys.values.sorted { $0.name < $1.name }
        }

        return SchemaSnapshot(database: database, serverVersion: connection.serverVersion,
                              tables: tables.values.sorted { $0.name < $1.name })
    }

    /// Snapshot of the database named in the connection's URL.
    public static func snapshot(_ connection: MySQLConnection) throws -> SchemaSnapshot {
        guard let database = connection.database, !database.isEmpty else { throw IntrospectError.noDatabase }
        return try snapshot(connection, database: database)
    }

    private static func text(_ row: MySQLRow, _ column: String) -> String { row[column]?.text ?? "" }
}
