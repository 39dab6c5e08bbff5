import ArgumentParser
import Backends
import Foundation
import MySQL

struct Introspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a schema snapshot (tables, columns, keys, row estimates) of a MySQL database for 'check --schema'.")

    @Option(help: "mysql://user[:pass]@host[:port]/db or mysql://user@host/db?socket=/path (password may come from MYSQL_PWD).")
    var mysql: String
    @Option(help: "Where to write schema.json.") var out: String

    func run() throws {
        let conn = try openMySQL(mysql)
        defer { conn.close() }
        let snapshot: Data
        do { snapshot = try SchemaSnapshotJSON.encode(try Introspector.snapshot(conn)) } catch let e as MySQLError {
            throw failMySQL(e, context: "introspect")
        } catch {
            printError("introspect: \(error)")
            throw Exit.inputWrong
        }
        do { try AtomicFileWriter.write(snapshot, to: URL(fileURLWithPath: out)) } catch {
            printError("cannot write \(out): \(error)")
            throw Exit.inputWrong
        }
        print("wrote \(out)")
    }
}
