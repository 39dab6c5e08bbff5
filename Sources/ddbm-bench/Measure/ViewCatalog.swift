import MySQL

/// What the database says about the generated views: their names and the base tables each one
/// reads (for the "plain read of the base tables" baseline).
struct ViewCatalog {
    let reader: ResultReader

    /// The views of the current database whose name starts with `prefix`, sorted.
    func views(prefix: String) throws -> [String] {
        let sql = "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME"
        return try reader.connection.query(sql).rows.compactMap { $0.first??.text }.filter { $0.hasPrefix(prefix) }
    }

    /// The base tables `view` reads. The server stores a view's definition with every table it
    /// reads written as `db`.`table` (columns of aliased relations are written `alias`.`col`,
    /// without the database), so a base table is used exactly when that spelling occurs.
    func baseTables(of view: String) throws -> [String] {
        let definitionSQL = "SELECT VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = "
            + (try reader.connection.quote(view))
        guard let definition = try reader.scalar(definitionSQL) else {
            throw BenchFailure("view \(view) not found in information_schema.VIEWS")
        }
        guard let database = try reader.scalar("SELECT DATABASE()") else {
            throw BenchFailure("the connection has no current database (give one in the --mysql URL)")
        }
        let tablesSQL = "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME"
        let tables = try reader.connection.query(tablesSQL).rows.compactMap { $0.first??.text }
        return tables.filter { definition.contains(MySQLIdentifier.quote($0, in: database)) }
    }
}
