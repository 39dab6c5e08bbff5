import Foundation
import MySQL
import SQLText

/// `report --mysql`: the partition key values with the most items, counted in each table's
/// view (the UNION ALL of its entity views, read once per table by MySQL). Identifiers are
/// quoted; nothing of the user's enters the SQL as text. Grouping follows the column's
/// collation, so under a case-insensitive one `a` and `A` count together (DynamoDB keeps them
/// apart): the counts are an upper bound per value.
enum HotKeyQuery {
    static let top = 5

    static func query(_ connection: MySQLConnection, view: String, partitionKey: String) throws -> [HotKey] {
        let pk = SQLIdentifier.quote(partitionKey)
        let sql = "SELECT \(pk) AS pk_value, COUNT(*) AS items FROM \(SQLIdentifier.quote(view)) WHERE \(pk) IS NOT NULL "
            + "GROUP BY \(pk) ORDER BY items DESC, pk_value LIMIT \(top)"
        return try connection.query(sql).namedRows.compactMap { row in
            guard let value = row["pk_value"], let n = row["items"]?.int else { return nil }
            return HotKey(value: value.text, items: Int(n))
        }
    }
}
