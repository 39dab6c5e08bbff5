import MySQL
import Validation
import SQLText

/// Reads a table's source views as the Glue job reads them (templates/glue/README.md, "Run
/// behaviour" 2 and 4): each source's own columns — the reserved columns, then its attributes
/// (`ddbm_core.JobSpec.read_columns`) — from its entity view, never the table's UNION ALL view,
/// in a session at UTC as the job's `sessionInitStatement` sets it. `validate --on local` reads
/// every row with it, `replay` the rows of one address (a `WHERE` with bound values).
struct JobSourceReader {
    let mysql: MySQLConnection

    init(mysql: MySQLConnection) throws {
        self.mysql = mysql
        // As the job's sessionInitStatement: TIMESTAMP values in UTC whatever the server's zone.
        _ = try mysql.execute("SET time_zone = '+00:00'")
    }

    /// `SELECT <the job's columns> FROM <the source view>`, names quoted.
    static func select(_ shape: ItemShape, _ source: ItemShape.Source) -> String {
        let columns = ([shape.partitionColumn] + (shape.entityColumn.map { [$0] } ?? []) + source.columns)
            .map(SQLIdentifier.quote).joined(separator: ", ")
        return "SELECT \(columns) FROM \(SQLIdentifier.quote(source.view))"
    }

    /// Every row of the source, streamed.
    func forEachRow(_ shape: ItemShape, _ source: ItemShape.Source, _ body: (MySQLRow) throws -> Void) throws {
        try mysql.forEachRow(Self.select(shape, source), body)
    }

    /// The rows of the source where each column equals its value; a column with several values
    /// matches any of them (`(c = ? OR c = ?)`). Values are bound, names quoted.
    func rows(_ shape: ItemShape, _ source: ItemShape.Source, matching conditions: [(column: String, values: [MySQLParameter])]) throws -> [MySQLRow] {
        let clauses = conditions.map { c in
            "(" + c.values.map { _ in "\(SQLIdentifier.quote(c.column)) = ?" }.joined(separator: " OR ") + ")"
        }
        let sql = Self.select(shape, source) + " WHERE " + clauses.joined(separator: " AND ")
        var rows: [MySQLRow] = []
        try mysql.forEachRow(sql, binding: conditions.flatMap(\.values)) { rows.append($0) }
        return rows
    }
}
