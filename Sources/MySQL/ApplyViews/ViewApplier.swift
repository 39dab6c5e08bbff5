import SQLText

/// The outcome of one step of `apply-views`: a view created and counted, or the failure that
/// stopped the run.
public struct ViewApplyResult: Hashable, Sendable {
    public enum Outcome: Hashable, Sendable {
        /// The view was created and `SELECT COUNT(*)` over it returned `rowCount`.
        case verified(rowCount: Int)
        /// Creating the view or counting its rows failed with this server error.
        case failed(MySQLError)
    }

    /// The view this step creates.
    public var view: CreatedViewName
    /// The statement's start in the script, for `views.sql:LINE:COL` messages.
    public var position: SQLPosition
    public var outcome: Outcome

    public init(view: CreatedViewName, position: SQLPosition, outcome: Outcome) {
        self.view = view; self.position = position; self.outcome = outcome
    }

    public var isFailure: Bool { if case .failed = outcome { return true } else { return false } }
}

/// Executes a generated `views.sql` and proves every view it creates can be read.
///
/// Which view each statement creates is the caller's knowledge (`apply-views` takes it from the
/// verified manifest), not read back out of the SQL: the script is split into statements only to
/// run them one at a time and to name a failing one's `line:col`.
///
/// Creating a view only checks names; errors such as "Subquery returns more than 1 row" or an
/// invalid JSON function argument appear only when rows are read. So each view is read in full
/// and counted right after it is created (see `readEveryValue`), and the run stops at
/// the first failure: later views may depend on the failed one, and the first error is the one
/// to fix.
public enum ViewApplier {
    /// The script's statements and the views they are said to create differ in number.
    public struct ViewCountMismatch: Error, Hashable, Sendable, CustomStringConvertible {
        public var statements: Int
        public var views: Int
        public var description: String {
            "the script has \(statements) statement\(statements == 1 ? "" : "s") for \(views) view\(views == 1 ? "" : "s")"
        }
    }

    /// Runs `script` statement by statement on `connection`, where statement *i* creates
    /// `views[i]`, and reads each view back right after it is created. Returns one result per
    /// view up to and including the first failure. Throws `SQLLexError` when the script cannot be
    /// split into statements, `ViewCountMismatch` when it has another number of statements than
    /// `views` (nothing is executed then). `step` sees each result as it is made, with the number
    /// of statements (the MCP server's progress).
    public static func apply(_ script: String, creating views: [CreatedViewName], on connection: MySQLConnection,
                             step: ((ViewApplyResult, _ statements: Int) -> Void)? = nil) throws -> [ViewApplyResult] {
        let statements = try SQLStatementSplitter.split(script)
        guard statements.count == views.count else { throw ViewCountMismatch(statements: statements.count, views: views.count) }
        var results: [ViewApplyResult] = []
        for (statement, view) in zip(statements, views) {
            do {
                try connection.execute(statement.text)
            } catch let error as MySQLError {
                results.append(ViewApplyResult(view: view, position: statement.position, outcome: .failed(error)))
                step?(results[results.count - 1], statements.count)
                return results
            }
            do {
                let rows = try readEveryValue(of: view, on: connection)
                results.append(ViewApplyResult(view: view, position: statement.position,
                                               outcome: .verified(rowCount: rows)))
                step?(results[results.count - 1], statements.count)
            } catch let error as MySQLError {
                results.append(ViewApplyResult(view: view, position: statement.position, outcome: .failed(error)))
                step?(results[results.count - 1], statements.count)
                return results
            }
        }
        return results
    }

    /// Counts the view's rows while making the server compute every column of every row.
    ///
    /// `SELECT COUNT(*)` alone is not enough: the optimizer skips the select list, so a scalar
    /// subquery returning two rows (error 1242) would pass unnoticed. `SUM(LENGTH(col))` needs
    /// each value, whatever the column's nullability, and returns one row, so nothing but the
    /// count crosses the network. The column list comes from a `LIMIT 0` read of the view.
    static func readEveryValue(of view: CreatedViewName, on connection: MySQLConnection) throws -> Int {
        let columns = try connection.query("SELECT * FROM \(view.quoted) LIMIT 0").columns
        let probes = columns.map { ", SUM(LENGTH(\(SQLIdentifier.quote($0.name))))" }.joined()
        let result = try connection.query("SELECT COUNT(*)\(probes) FROM \(view.quoted)")
        return Int(result.rows.first?.first??.int ?? 0)
    }
}
