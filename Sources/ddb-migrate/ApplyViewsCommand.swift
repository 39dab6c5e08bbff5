import ArgumentParser
import Foundation
import MySQL
import Operations

struct ApplyViews: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply-views",
        abstract: "Run DIR/views.sql statement by statement, then read every view back and report its rows.",
        discussion: "DIR is verified first (a changed artifact is refused, nothing runs); the views and their order are the manifest's. Exit status: 0 every view created and read, 1 the directory is wrong, the server is too old or another product, or a view failed, 3 MySQL unreachable.")

    @Argument(help: "A directory written by 'generate'.") var dir: String
    @Option(help: "mysql://user[:pass]@host[:port]/db (password may come from MYSQL_PWD).") var mysql: String

    func run() throws {
        let script = try withCommandFailure { try ViewApplication.open(dir) }
        let conn = try openMySQL(mysql)
        defer { conn.close() }
        let outcome = try withCommandFailure { try ViewApplication.apply(script, on: conn) }
        print(outcome.table, terminator: "")
        if let failure = outcome.failure { throw fail(failure) }
    }
}
