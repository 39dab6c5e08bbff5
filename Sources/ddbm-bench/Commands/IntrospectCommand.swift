import ArgumentParser
import Foundation
import MySQL

/// `ddbm-bench introspect --mysql URL --out schema.json`: the schema snapshot `lower --schema`
/// reads (the same snapshot `ddb-migrate introspect` writes).
struct IntrospectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "introspect", abstract: "Write the database's schema snapshot.")

    @Option(help: "mysql://user:pass@host:port/db") var mysql: String
    @Option(help: "Output file (schema.json).") var out: String

    func run() throws {
        do {
            let connection = try MySQLConnection(url: try MySQLURL(parsing: mysql))
            let snapshot = try Introspector.snapshot(connection)
            try SchemaSnapshotJSON.encode(snapshot).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch let error as MySQLError {
            throw BenchExit.database("\(error)")
        } catch let error as MySQLURLError {
            throw ValidationError("--mysql: \(error)")
        } catch let error as IntrospectError {
            throw BenchExit.failure("\(error)")
        }
    }
}
