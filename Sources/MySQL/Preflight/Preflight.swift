import MigrationTarget
import SQLText

/// Checks the views a migration will read, before any write: rows without a table key, rows
/// that share a table key, and items over DynamoDB's 400 KB limit.
///
/// Two passes over each view: one aggregate query (row count, missing keys, size statistics,
/// sparse GSI counts) and one `GROUP BY` on the table key for collisions, whose window functions
/// return the totals together with the top examples (MySQL 8 / MariaDB 10.2 and later).
///
/// Key semantics follow DynamoDB: S and B keys are compared byte for byte (`CAST(… AS BINARY)`),
/// so a case-insensitive collation does not merge `A` and `a`, and trailing spaces count; N keys
/// are compared as numbers. A key is missing when it is NULL or has length 0. Rows with a
/// missing key are left out of the collision count (they are already counted as missing).
///
/// A target is the manifest's `TargetTable`: the view its items come from, its keys and GSI keys,
/// and every attribute's type. Columns of the view it does not list (`_entity_type`,
/// `_partition_key`) are not items' data.
public enum Preflight {
    public static func run(_ connection: MySQLConnection, targets: [TargetTable]) throws -> [PreflightReport] {
        try targets.map { try run(connection, target: $0) }
    }

    public static func run(_ connection: MySQLConnection, target: TargetTable) throws -> PreflightReport {
        let types = try validatedTypes(target)
        let view = SQLIdentifier.quote(target.view)
        let keyAttributes = target.keys.map(\.name)
        let missingKey = keyAttributes.map(missing).joined(separator: " OR ")
        let gsiKeys = target.gsiKeyNames

        var inner = ["\(ItemSizeEstimate.item(types)) AS item_size", "(\(missingKey)) AS missing_key"]
        var outer = [
            "COUNT(*) AS row_count",
            "COALESCE(SUM(missing_key), 0) AS missing_keys",
            "COALESCE(MAX(item_size), 0) AS max_size",
            "COALESCE(AVG(item_size), 0) AS mean_size",
            "COALESCE(SUM(item_size > \(PreflightReport.itemSizeLimit)), 0) AS oversize",
            "COALESCE(SUM(CEILING(GREATEST(item_size, 1) / 1024)), 0) AS write_units",
        ]
        for (index, attribute) in gsiKeys.enumerated() {
            inner.append("(\(missing(attribute))) AS gsi_missing_\(index)")
            outer.append("COALESCE(SUM(gsi_missing_\(index)), 0) AS gsi_missing_\(index)")
        }
        let summarySQL = "SELECT \(outer.joined(separator: ", ")) FROM (SELECT \(inner.joined(separator: ", ")) FROM \(view)) AS preflight_rows"

        var groupColumns: [String] = []
        var groupBy: [String] = []
        for (index, attribute) in keyAttributes.enumerated() {
            let column = SQLIdentifier.quote(attribute)
            let type = types[attribute] ?? "S"
            groupColumns.append("\(type == "N" ? column : "CAST(\(column) AS BINARY)") AS k\(index)")
            groupColumns.append("MIN(\(type == "B" ? "HEX(\(column))" : "CAST(\(column) AS CHAR)")) AS shown_\(index)")
            groupBy.append("k\(index)")
        }
        let shown = keyAttributes.indices.map { "shown_\($0)" }
        let collisionSQL = """
            SELECT \(shown.joined(separator: ", ")), n, COUNT(*) OVER () AS colliding_keys, SUM(n) OVER () AS colliding_rows \
            FROM (SELECT \(groupColumns.joined(separator: ", ")), COUNT(*) AS n FROM \(view) \
            WHERE NOT (\(missingKey)) GROUP BY \(groupBy.joined(separator: ", ")) HAVING COUNT(*) > 1) AS collisions \
            ORDER BY n DESC, \(groupBy.joined(separator: ", ")) LIMIT \(PreflightReport.maxCollisionExamples)
            """

        do {
            guard let summary = try connection.query(summarySQL).first else {
                throw PreflightError.invalidTarget(table: target.name, reason: "the summary query returned no row")
            }
            let collisions = try connection.query(collisionSQL).namedRows
            var gsiMissing: [String: Int] = [:]
            for (index, attribute) in gsiKeys.enumerated() {
                gsiMissing[attribute] = integer(summary["gsi_missing_\(index)"])
            }
            return PreflightReport(
                table: target.name, view: target.view,
                rows: integer(summary["row_count"]),
                missingKeyRows: integer(summary["missing_keys"]),
                collidingKeys: integer(collisions.first?["colliding_keys"]),
                collidingRows: integer(collisions.first?["colliding_rows"]),
                collisionExamples: collisions.map { row in
                    PreflightKeyExample(key: shown.map { row[$0]?.text ?? "" }, rows: integer(row["n"]))
                },
                maxItemSizeBytes: integer(summary["max_size"]),
                meanItemSizeBytes: summary["mean_size"]?.double ?? 0,
                oversizeItems: integer(summary["oversize"]),
                gsiMissingKeyRows: gsiMissing,
                writeUnits: integer(summary["write_units"]))
        } catch let error as MySQLError {
            throw PreflightError.queryFailed(table: target.name, view: target.view, error: error)
        }
    }

    /// `(col IS NULL OR LENGTH(col) = 0)`: DynamoDB refuses NULL and empty S/B keys.
    private static func missing(_ attribute: String) -> String {
        let column = SQLIdentifier.quote(attribute)
        return "(\(column) IS NULL OR LENGTH(\(column)) = 0)"
    }

    /// Attribute types in upper case, with key attributes added with their key type when the
    /// attributes leave them out; rejects targets that cannot be checked.
    private static func validatedTypes(_ target: TargetTable) throws -> [String: String] {
        if (target.keys.map(\.name) + target.gsiKeyNames + target.attributes.map(\.name)).contains(where: \.isEmpty) {
            throw PreflightError.invalidTarget(table: target.name, reason: "an attribute name is empty")
        }
        var types: [String: String] = [:]
        for attribute in target.attributes where types[attribute.name] == nil {
            let (name, type) = (attribute.name, attribute.type)
            let upper = type.uppercased()
            guard ItemSizeEstimate.knownTypes.contains(upper) else {
                throw PreflightError.invalidTarget(
                    table: target.name,
                    reason: "attribute '\(name)' has type '\(type)', which is not a DynamoDB type (S N B SS NS BS M L BOOL NULL)")
            }
            types[name] = upper
        }
        for key in target.keys where types[key.name] == nil { types[key.name] = key.type.uppercased() }
        for key in target.keys.map(\.name) where !["S", "N", "B"].contains(types[key] ?? "S") {
            throw PreflightError.invalidTarget(
                table: target.name,
                reason: "key attribute '\(key)' has type \(types[key] ?? "?"); DynamoDB keys are S, N or B")
        }
        return types
    }

    private static func integer(_ value: MySQLValue?) -> Int {
        guard let value else { return 0 }
        if let int = value.int { return Int(clamping: int) }
        // SUM and AVG may come back as DECIMAL text ("12.0000"); never trap on odd values.
        guard let double = value.double, double.isFinite else { return 0 }
        if double >= Double(Int.max) { return Int.max }
        if double <= Double(Int.min) { return Int.min }
        return Int(double)
    }
}
