/// Why `preflight` could not check a table.
public enum PreflightError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The target itself is unusable (an empty name, an unknown attribute type, a key that is not S, N or B).
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
