import ArgumentParser
import Foundation
import MigrationTarget
import MySQL
import Operations

struct Preflight: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: "Check the views' data before any write: NULL or empty keys, key collisions, items over 400 KB.",
        discussion: """
            PATH is either a directory written by 'generate' (it has a manifest.json; the directory is verified \
            first and refused, with nothing run, when an artifact was changed since) or, as a convenience, a \
            migration contract (JSON), generated into a temporary directory first. Either way the views and keys \
            checked are the manifest's. Exit status: 0 nothing blocks, 1 a table would lose or collide data (or the \
            input is wrong), 2 usage (--schema with a directory), 3 MySQL unreachable.
            """)

    @Argument(help: "A directory written by 'generate', or a migration contract (JSON).") var path: String
    @Option(help: "A schema snapshot written by 'introspect' (with a contract only).") var schema: String?
    @Option(help: "mysql://user[:pass]@host[:port]/db (the views must exist: run apply-views first).") var mysql: String

    func run() throws {
        let targets: [TargetTable]
        do { targets = try PreflightInput.targets(path, schema: schema) } catch PreflightInput.OpenError.contract(_, let result) {
            emitDiagnostics(result.diagnostics, format: .text, sources: result.sources, summary: true)
            throw Exit.inputWrong
        } catch let e as PreflightInput.OpenError {
            if case .schemaWithDirectory = e {
                printError(e.failure.message)
                throw ExitCode(2)
            }
            throw fail(e.failure)
        }
        let conn = try openMySQL(mysql)
        defer { conn.close() }
        let reports = try withCommandFailure { try MySQLAccess.preflight(conn, targets: targets) }
        print(PreflightText.render(reports), terminator: "")
        if let blocked = MySQLAccess.blocked(reports) { throw fail(blocked) }
    }
}
