import Backends
import Foundation
import MySQL

/// `apply-views`' work: read DIR/views.sql, run it statement by statement and read every view
/// back. What failed comes back as a `CommandFailure` with the CLI's message.
public enum ViewApplication {
    public struct Outcome {
        public var results: [ViewApplyResult]
        /// The first failure (the run stops there), with `views.sql:LINE:COL`.
        public var failure: CommandFailure?

        /// The CLI's table: one row per view with its rows read back.
        public var table: String {
            TextTable.render(header: ["view", "rows", "status"], rows: results.map { r in
                switch r.outcome {
                case .verified(let n): return [r.view?.description ?? "-", "\(n)", "ok"]
                case .failed: return [r.view?.description ?? "(statement)", "-", "FAILED"]
                }
            }, rightAligned: [1])
        }
    }

    public static func scriptPath(_ dir: String) -> String {
        URL(fileURLWithPath: dir).appendingPathComponent("views.sql").path
    }

    /// The script, or the CLI's message when it cannot be read.
    public static func script(_ dir: String) throws -> String {
        let path = scriptPath(dir)
        guard let script = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandFailure(.input, "cannot read \(path): run 'ddb-migrate generate' first")
        }
        return script
    }

    /// Runs `script` (read from `dir`) on `connection`. Throws only when the script cannot be
    /// split into statements or the server is lost; a failing statement is in the outcome.
    public static func apply(_ script: String, dir: String, on connection: MySQLConnection,
                             step: ((ViewApplyResult, Int) -> Void)? = nil) throws -> Outcome {
        let path = scriptPath(dir)
        // The verified directory says which server its views are for; refuse any other first.
        let dialect: SQLDialect
        do {
            let manifest = try GeneratedDirectory(dir).manifest
            guard let d = SQLDialect(rawValue: manifest.views.dialect) else {
                throw CommandFailure(.input, "\(dir)/manifest.json: views.dialect '\(manifest.views.dialect)' is not one this ddb-migrate knows: regenerate the directory")
            }
            dialect = d
        } catch let e as GeneratedDirectory.OpenError {
            throw CommandFailure(.input, e.description)
        }
        try ServerRequirement.check(dialect: dialect, on: connection)
        let results: [ViewApplyResult]
        do { results = try ViewApplier.apply(script, on: connection, step: step) } catch let e as MySQLError {
            throw CommandFailure(e.isUnreachable ? .unreachable : .input, "apply-views: \(e)")
        } catch {
            throw CommandFailure(.input, "\(path): \(error)")
        }
        var outcome = Outcome(results: results)
        if let failed = results.first(where: \.isFailure), case .failed(let e) = failed.outcome {
            let what = failed.view.map { "view \($0)" } ?? "a statement"
            outcome.failure = CommandFailure(e.isUnreachable ? .unreachable : .input,
                                             "\(path):\(failed.position.line):\(failed.position.column): \(what) failed: \(e)")
        }
        return outcome
    }
}
