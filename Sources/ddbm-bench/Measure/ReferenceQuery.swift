import Foundation
import MySQL

/// A hand-written query that returns the same rows as a view (`bench/reference/<view>.sql`):
/// the fastest SQL we know for the view's result, the yardstick for the generated SQL.
struct ReferenceQuery {
    let path: String
    let sql: String

    /// Loads `<directory>/<view>.sql`; nil when there is none. The file must hold exactly one
    /// statement (comments around it are fine: they say why the query is fast).
    static func load(directory: String, view: String) throws -> ReferenceQuery? {
        let path = (directory as NSString).appendingPathComponent(view + ".sql")
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw BenchFailure("\(path): cannot read: \(error.localizedDescription)")
        }
        let statements = try SQLStatementSplitter.split(text)
        guard statements.count == 1, let statement = statements.first else {
            throw BenchFailure("\(path): expected exactly one SELECT statement, found \(statements.count)")
        }
        return ReferenceQuery(path: path, sql: statement.text)
    }
}
