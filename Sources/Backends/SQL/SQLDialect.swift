/// The SQL dialect views are generated for. Every difference between MySQL 8 and MariaDB lives
/// here; the rest of the lowering is shared.
public enum SQLDialect: String, Sendable, CaseIterable {
    /// MySQL 8.0.14 or later (outer references inside derived tables).
    case mysql8
    /// MariaDB 10.5 or later (JSON_ARRAYAGG with DISTINCT, ORDER BY and LIMIT).
    case mariadb

    public static let `default` = SQLDialect.mysql8

    /// A JSON array of `element` over the rows `from ... where`, in `orderBy` order, at most `limit`.
    /// NULL when no row matches (the caller decides what that means).
    func jsonArrayAggregate(element: String, from: String, where condition: String?, orderBy: [String], limit: Int?) -> String {
        let whereSQL = condition.map { " WHERE \($0)" } ?? ""
        switch self {
        case .mariadb:
            let order = orderBy.isEmpty ? "" : " ORDER BY " + orderBy.joined(separator: ", ")
            let lim = limit.map { " LIMIT \($0)" } ?? ""
            return "(SELECT JSON_ARRAYAGG(\(element)\(order)\(lim)) FROM \(from)\(whereSQL))"
        case .mysql8:
            // MySQL's JSON_ARRAYAGG takes no ORDER BY/LIMIT: aggregate an ordered derived table.
            // A derived table keeps its ORDER BY only together with a LIMIT, hence the maximal one.
            guard !orderBy.isEmpty || limit != nil else { return "(SELECT JSON_ARRAYAGG(\(element)) FROM \(from)\(whereSQL))" }
            let order = orderBy.isEmpty ? "" : " ORDER BY " + orderBy.joined(separator: ", ")
            let lim = " LIMIT " + (limit.map(String.init) ?? "18446744073709551615")
            return "(SELECT JSON_ARRAYAGG(`_d`.`_v`) FROM (SELECT \(element) AS `_v` FROM \(from)\(whereSQL)\(order)\(lim)) AS `_d`)"
        }
    }

    /// The distinct non-NULL values of `element` over the matching rows as a JSON array; NULL
    /// when there are none (an empty set is omitted from the item).
    func distinctArrayAggregate(element: String, from: String, where condition: String?) -> String {
        let cond = [condition, "(\(element)) IS NOT NULL"].compactMap { $0 }.joined(separator: " AND ")
        switch self {
        case .mariadb:
            return "(SELECT JSON_ARRAYAGG(DISTINCT \(element)) FROM \(from) WHERE \(cond))"
        case .mysql8:
            // MySQL's JSON_ARRAYAGG has no DISTINCT.
            return "(SELECT JSON_ARRAYAGG(`_d`.`_v`) FROM (SELECT DISTINCT \(element) AS `_v` FROM \(from) WHERE \(cond)) AS `_d`)"
        }
    }
}
