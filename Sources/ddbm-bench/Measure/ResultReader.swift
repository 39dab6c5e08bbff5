import MySQL

/// Streams results to the client the way a migration job reads a view: every row fetched,
/// nothing kept. `mysql_use_result` underneath, so memory stays flat for any result size.
struct ResultReader {
    let connection: MySQLConnection

    /// Reads every row of `sql`; returns the row count. This is the timed path: it touches each
    /// row and does nothing else, so client work stays equal for equal results.
    @discardableResult
    func drain(_ sql: String) throws -> Int {
        var rows = 0
        try connection.forEachRow(sql) { _ in rows += 1 }
        return rows
    }

    /// Reads every row of `sql` and returns its digest and column names: the verification path
    /// (used on warm-up runs only).
    func digest(_ sql: String) throws -> (digest: RowDigest, columns: [String]) {
        var digest = RowDigest()
        var columns: [String]?
        try connection.forEachRow(sql) { row in
            if columns == nil { columns = row.columns.map(\.name) }
            digest.add(row.values)
        }
        return (digest, columns ?? [])
    }

    /// The single-row, single-column result of `sql` as text (nil for SQL NULL or no row).
    func scalar(_ sql: String) throws -> String? {
        let result = try connection.query(sql)
        return result.rows.first?.first??.text
    }
}
