import MySQL
import SQLText

/// What the database says about the views a job reads: the base tables behind them (for the
/// "plain read of the base tables" baseline).
struct ViewCatalog {
    let reader: ResultReader

    /// The base tables `views` read, sorted, each once. The server stores a view's definition
    /// with every table or view it reads written as `db`.`name` (columns of aliased relations are
    /// written `alias`.`col`, without the database), so a base table is used exactly when that
    /// spelling occurs in some definition.
    func baseTables(of views: [String]) throws -> [String] {
        guard let database = try reader.scalar("SELECT DATABASE()") else {
            throw BenchFailure("the connection has no current database (give one in the --mysql URL)")
        }
        var definitions: [String] = []
        for view in views {
            let sql = "SELECT VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = "
                + (try reader.connection.quote(view))
            guard let definition = try reader.scalar(sql) else {
                throw BenchFailure("view \(view) not found in information_schema.VIEWS: apply views.sql of the generated output first")
            }
            definitions.append(definition)
        }
        let tablesSQL = "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME"
        let tables = try reader.connection.query(tablesSQL).rows.compactMap { $0.first??.text }
        return tables.filter { table in
            let spelling = SQLIdentifier.quote(table, in: database)
            return definitions.contains { $0.contains(spelling) }
        }
    }
}
