import ArgumentParser
import Diagnostics
import Foundation
import MySQL
import Operations

struct Preflight: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the views' data before any write: NULL or empty keys, key collisions, items over 400 KB.")

    @Argument(help: "The migration contract (JSON).") var contract: String
    @Option(help: "A schema snapshot written by 'introspect'.") var schema: String?
    @Option(help: "mysql://user[:pass]@host[:port]/db (the views must exist: run apply-views first).") var mysql: String

    func run() throws {
        let engine = DiagnosticEngine()
        let loaded = ContractLoading.load(contract: contract, schema: schema, diagnostics: engine)
        guard let ir = loaded.ir else {
            emitDiagnostics(engine, format: .text, sources: [contract: loaded.bytes], summary: true)
            throw Exit.inputWrong
        }
        let conn = try openMySQL(mysql)
        defer { conn.close() }
        let reports = try withCommandFailure { try MySQLAccess.preflight(conn, targets: PreflightTargets.from(ir)) }
        print(PreflightText.render(reports), terminator: "")
        if let blocked = MySQLAccess.blocked(reports) { throw fail(blocked) }
    }
}
