/// What `preflight` checks for one DynamoDB table: the view its items come from and which of the
/// view's columns are keys. Plain values, so this module needs nothing from the compiler's IR.
public struct PreflightTarget: Hashable, Sendable {
    /// The DynamoDB table name (for reports).
    public var table: String
    /// The MySQL view that yields one row per item, in the connection's database.
    public var view: String
    /// The table's key attributes: `[pk]` or `[pk, sk]`. Each is a column of the view.
    public var keyAttributes: [String]
    /// Every attribute that is a key of some GSI (a NULL there only makes the index sparse).
    public var gsiKeyAttributes: [String]
    /// Every attribute written to the item, with its DynamoDB type (`S N B SS NS BS M L BOOL NULL`).
    /// Columns of the view that are not listed (`_entity_type`, `_partition_key`) are not items' data.
    public var attributeTypes: [String: String]

    public init(table: String, view: String, keyAttributes: [String], gsiKeyAttributes: [String] = [],
                attributeTypes: [String: String]) {
        self.table = table; self.view = view; self.keyAttributes = keyAttributes
        self.gsiKeyAttributes = gsiKeyAttributes; self.attributeTypes = attributeTypes
    }
}

/// Why `preflight` could not check a table.
public enum PreflightError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The target itself is unusable (no key, three keys, an unknown attribute type).
    case invalidTarget(table: String, reason: String)
    /// A query over the table's view failed (the view is missing, a column is unknown, ...).
    case queryFailed(table: String, view: String, error: MySQLError)

    public var description: String {
        switch self {
        case .invalidTarget(let table, let reason):
            return "preflight of table '\(table)': \(reason)"
        case .queryFailed(let table, let view, let error):
            return "preflight of table '\(table)' could not read view '\(view)': \(error)"
        }
    }

    /// The underlying server error, when there is one (the CLI checks `isUnreachable` on it).
    public var mysqlError: MySQLError? {
        if case .queryFailed(_, _, let error) = self { return error }
        return nil
    }
}
