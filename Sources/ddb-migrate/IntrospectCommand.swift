import ArgumentParser
import Backends
import Foundation
import MySQL
import Operations

struct Introspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "introspect",
        abstract: "Write a schema snapshot (tables, columns, keys, row estimates) of a MySQL database for 'check --schema'.")

    @Option(help: "mysql://user[:pass]@host[:port]/db or mysql://user@host/db?socket=/path (password may come from MYSQL_PWD).")
    var mysql: String
    @Option(help: "Where to write schema.json.") var out: String

    func run() throws {
        let conn = try openMySQL(mysql)
        defer { conn.close() }
        try withCommandFailure { try MySQLAccess.introspect(conn, to: out) }
        print("wrote \(out)")
    }
}
