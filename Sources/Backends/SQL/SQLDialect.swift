/// The SQL dialect views are generated for. Every difference between MySQL 8 and MariaDB lives
/// here; the rest of the lowering is shared.
public enum SQLDialect: String, Sendable, CaseIterable {
    /// MySQL 8.0.14 or later (outer references inside derived tables).
    case mysql8
    /// MariaDB 10.5 or later (JSON_ARRAYAGG with DISTINCT, ORDER BY and LIMIT).
    case mariadb

    public static let `default` = SQLDialect.mysql8

    /// The oldest server the views load on, and why (the construct that needs it). `apply-views`
    /// refuses an older server, or the other product, before it runs a statement.
    ///
    /// What the lowering emits, with the manual section that defines it (MySQL 8.0 Reference
    /// Manual, https://dev.mysql.com/doc/refman/8.0/en/):
    /// - `CREATE OR REPLACE VIEW` (15.1.23 "CREATE VIEW Statement", create-view.html), `UNION ALL`
    ///   (15.2.18 "UNION Clause"), correlated scalar subqueries (15.2.15.7 "Correlated Subqueries"):
    ///   every 8.0 release;
    /// - `JSON_OBJECT`, `JSON_ARRAY` (14.17.2 "Functions That Create JSON Values", 5.7.8+) and
    ///   `JSON_ARRAYAGG` (14.19.1 "Aggregate Function Descriptions", 5.7.22+);
    /// - `CAST(... AS CHAR|SIGNED|DECIMAL)` (14.10 "Cast Functions and Operators"), `CASE`,
    ///   `COALESCE` (14.5 "Flow Control Functions", 14.4.2 "Comparison Functions and Operators"),
    ///   `CONCAT`, `CONCAT_WS`, `LPAD` (14.8 "String Functions and Operators"), `DATE_ADD`,
    ///   `DATE_SUB`, `TIMESTAMPDIFF`, `DATE_FORMAT`, `UNIX_TIMESTAMP`, `FROM_UNIXTIME` (14.7 "Date
    ///   and Time Functions"): every 8.0 release;
    /// - a derived table that references the outer query (`FROM (SELECT ... WHERE inner.k =
    ///   outer.id ORDER BY ... LIMIT n) AS _d`, below): 15.2.15.8 "Derived Tables", **8.0.14+**
    ///   ("a derived table may contain outer references"). That makes 8.0.14 the minimum.
    /// MariaDB: `JSON_ARRAYAGG` with `DISTINCT`, `ORDER BY` and `LIMIT` is 10.5.0+ (MariaDB
    /// Knowledge Base, "JSON_ARRAYAGG"); MariaDB has no outer references in derived tables, which
    /// is why the dialects differ.
    public var minimumServer: (product: DatabaseProduct, version: [Int], needs: String) {
        switch self {
        case .mysql8: return (.mysql, [8, 0, 14], "outer references inside derived tables (MySQL 8.0 Reference Manual, 15.2.15.8 \"Derived Tables\")")
        case .mariadb: return (.mariadb, [10, 5, 0], "JSON_ARRAYAGG with DISTINCT, ORDER BY and LIMIT (MariaDB Knowledge Base, \"JSON_ARRAYAGG\")")
        }
    }

    /// A JSON array of `element` over the rows `from ... where`, in `orderBy` order, at most `limit`.
    /// NULL when no row matches (the caller decides what that means).
    func jsonArrayAggregate(element: String, from: Select.Source, where condition: String?, orderBy: [Select.Ordering], limit: UInt64?) -> String {
        switch self {
        case .mariadb:
            let order = orderBy.isEmpty ? "" : " " + self.orderBy(orderBy)
            let lim = limit.map { " LIMIT \($0)" } ?? ""
            return subquery(Select(columns: [.init(sql: "JSON_ARRAYAGG(\(element)\(order)\(lim))")], from: from, condition: condition))
        case .mysql8:
            // MySQL's JSON_ARRAYAGG takes no ORDER BY/LIMIT: aggregate an ordered derived table.
            // A derived table keeps its ORDER BY only together with a LIMIT, hence the maximal one.
            guard !orderBy.isEmpty || limit != nil else {
                return subquery(Select(columns: [.init(sql: "JSON_ARRAYAGG(\(element))")], from: from, condition: condition))
            }
            let rows = Select(columns: [.init(sql: element, alias: "_v")], from: from, condition: condition,
                              orderBy: orderBy, limit: limit ?? UInt64.max)
            return aggregateOfDerived(rows)
        }
    }

    /// The distinct non-NULL values of `element` over the matching rows as a JSON array; NULL
    /// when there are none (an empty set is omitted from the item).
    func distinctArrayAggregate(element: String, from: Select.Source, where condition: String?) -> String {
        let cond = [condition, "(\(element)) IS NOT NULL"].compactMap { $0 }.joined(separator: " AND ")
        switch self {
        case .mariadb:
            return subquery(Select(columns: [.init(sql: "JSON_ARRAYAGG(DISTINCT \(element))")], from: from, condition: cond))
        case .mysql8:
            // MySQL's JSON_ARRAYAGG has no DISTINCT.
            return aggregateOfDerived(Select(distinct: true, columns: [.init(sql: element, alias: "_v")], from: from, condition: cond))
        }
    }

    /// `(SELECT JSON_ARRAYAGG(`_d`.`_v`) FROM (rows) AS `_d`)`: MySQL's JSON_ARRAYAGG over a derived
    /// table whose one column `_v` is already ordered, limited or distinct.
    private func aggregateOfDerived(_ rows: Select) -> String {
        subquery(Select(columns: [.init(sql: "JSON_ARRAYAGG(`_d`.`_v`)")], from: .derived(rows, alias: "_d")))
    }
}

/// The server products the dialects target, as `SELECT VERSION()` tells them apart.
public enum DatabaseProduct: String, Sendable {
    case mysql = "MySQL", mariadb = "MariaDB"
}
