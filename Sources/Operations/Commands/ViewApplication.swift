import Backends
import Foundation
import MySQL
import Validation

/// `apply-views`' work: open the verified directory, run its views.sql statement by statement and
/// read every view back. Which views those statements create, and in which order, is the
/// manifest's word (`views(of:)`), never read back out of the SQL. What failed comes back as a
/// `CommandFailure` with the CLI's message.
public enum ViewApplication {
    /// What `apply` runs: views.sql of a directory opened (and hash-verified) as `GeneratedDirectory`.
    public struct Script {
        /// `DIR/views.sql`, for `views.sql:LINE:COL` messages.
        public var path: String
        public var text: String
        /// The server the views are for (`views.dialect` of the manifest).
        public var dialect: SQLDialect
        /// The views the script's statements create, one each, in order.
        public var views: [CreatedViewName]
    }

    public struct Outcome {
        public var results: [ViewApplyResult]
        /// The first failure (the run stops there), with `views.sql:LINE:COL`.
        public var failure: CommandFailure?

        /// The CLI's table: one row per view with its rows read back.
        public var table: String {
            TextTable.render(header: ["view", "rows", "status"], rows: results.map { r in
                switch r.outcome {
                case .verified(let n): return [r.view.description, "\(n)", "ok"]
                case .failed: return [r.view.description, "-", "FAILED"]
                }
            }, rightAligned: [1])
        }
    }

    /// Opens `dir`; throws the CLI's `CommandFailure` (exit 1) when it has no views.sql, is not a
    /// directory `generate` wrote, or was changed since.
    public static func open(_ dir: String) throws -> Script {
        let path = URL(fileURLWithPath: dir).appendingPathComponent("views.sql").path
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw CommandFailure(.input, "cannot read \(path): run 'ddb-migrate generate' first")
        }
        do {
            let directory = try GeneratedDirectory(dir)
            let manifest = directory.manifest
            guard let dialect = SQLDialect(rawValue: manifest.views.dialect) else {
                throw CommandFailure(.input, "\(dir)/manifest.json: views.dialect '\(manifest.views.dialect)' is not one this ddb-migrate knows: regenerate the directory")
            }
            return Script(path: path, text: String(decoding: try directory.data("views.sql"), as: UTF8.self),
                          dialect: dialect, views: try views(of: directory))
        } catch let e as GeneratedDirectory.OpenError {
            throw CommandFailure(.input, e.description)
        }
    }

    /// The views `generate` wrote into views.sql, in its order, from the manifest: per table (in
    /// the manifest's order), the views its job reads (`job_spec.sources`: one per entity of a
    /// multi-entity table) before the table's own view, which selects from them.
    public static func views(of directory: GeneratedDirectory) throws -> [CreatedViewName] {
        var names: [String] = []
        for table in directory.manifest.tables {
            let spec = try directory.jobSpecJSON(table: table.name)
            let shape: ItemShape
            do { shape = try JSONDecoder().decode(ItemShape.self, from: spec) } catch {
                throw GeneratedDirectory.OpenError(description: "\(directory.url.path)/manifest.json: the job spec of table \(table.name) does not read: \(error)")
            }
            for view in shape.sources.map(\.view) + [table.view] where !names.contains(view) { names.append(view) }
        }
        return names.map { CreatedViewName(name: $0) }
    }

    /// Runs `script` on `connection`, after refusing a server its views cannot load on. Throws
    /// only when the script does not match its manifest or the server is lost; a failing
    /// statement is in the outcome.
    public static func apply(_ script: Script, on connection: MySQLConnection,
                             step: ((ViewApplyResult, Int) -> Void)? = nil) throws -> Outcome {
        try ServerRequirement.check(dialect: script.dialect, on: connection)
        let results: [ViewApplyResult]
        do { results = try ViewApplier.apply(script.text, creating: script.views, on: connection, step: step) } catch let e as MySQLError {
            throw CommandFailure(e.isUnreachable ? .unreachable : .input, "apply-views: \(e)")
        } catch let e as ViewApplier.ViewCountMismatch {
            throw CommandFailure(.input, "\(script.path): \(e) in manifest.json: regenerate the directory")
        } catch {
            throw CommandFailure(.input, "\(script.path): \(error)")
        }
        var outcome = Outcome(results: results)
        if let failed = results.first(where: \.isFailure), case .failed(let e) = failed.outcome {
            outcome.failure = CommandFailure(e.isUnreachable ? .unreachable : .input,
                                             "\(script.path):\(failed.position.line):\(failed.position.column): view \(failed.view) failed: \(e)")
        }
        return outcome
    }
}
