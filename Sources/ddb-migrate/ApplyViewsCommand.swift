import ArgumentParser
import Foundation
import MySQL
import Operations

struct ApplyViews: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply-views",
        abstract: "Run DIR/views.sql statement by statement, then read every view back and report its rows.")

    @Argument(help: "A directory written by 'generate'.") var dir: String
    @Option(help: "mysql://user[:pass]@host[:port]/db (password may come from MYSQL_PWD).") var mysql: String

    func run() throws {
        let path = URL(fileURLWithPath: dir).appendingPathComponent("views.sql").path
        guard let script = try? String(contentsOfFile: path, encoding: .utf8) else {
            printError("cannot read \(path): run 'ddb-migrate generate' first")
            throw Exit.inputWrong
        }
        let conn = try openMySQL(mysql)
        defer { conn.close() }
        let results: [ViewApplyResult]
        do { results = try ViewApplier.apply(script, on: conn) } catch let e as MySQLError {
            throw failMySQL(e, context: "apply-views")
        } catch {
            printError("\(path): \(error)")
            throw Exit.inputWrong
        }
        var rows: [[String]] = []
        for r in results {
            switch r.outcome {
            case .verified(let n): rows.append([r.view?.description ?? "-", "\(n)", "ok"])
            case .failed: rows.append([r.view?.description ?? "(statement)", "-", "FAILED"])
            }
        }
        print(TextTable.render(header: ["view", "rows", "status"], rows: rows, rightAligned: [1]), terminator: "")
        if let failure = results.first(where: \.isFailure), case .failed(let e) = failure.outcome {
            let what = failure.view.map { "view \($0)" } ?? "a statement"
            printError("\(path):\(failure.position.line):\(failure.position.column): \(what) failed: \(e)")
            throw e.isUnreachable ? Exit.unreachable : Exit.inputWrong
        }
    }
}
