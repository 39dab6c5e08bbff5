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
        let reports: [PreflightReport]
        do { reports = try MySQL.Preflight.run(conn, targets: PreflightTargets.from(ir)) } catch let e as PreflightError {
            printError(e.description)
            throw (e.mysqlError?.isUnreachable ?? false) ? Exit.unreachable : Exit.inputWrong
        } catch let e as MySQLError {
            throw failMySQL(e, context: "preflight")
        }
        print(PreflightText.render(reports), terminator: "")
        let blocked = reports.filter(\.isBlocking)
        if !blocked.isEmpty {
            printError("preflight: \(blocked.count) table\(blocked.count == 1 ? "" : "s") would lose or collide data: \(blocked.map(\.table).joined(separator: ", "))")
            throw Exit.inputWrong
        }
    }
}
