import ArgumentParser
import Backends
import Foundation
import MySQL
import SourceSchema

/// `ddbm-bench lower CONTRACT --dialect D --out DIR`: writes DIR/views.sql through the same
/// parse → check → ViewLowering pipeline as `ddb-migrate generate`, for as long as the CLI
/// has no `generate` subcommand. Same arguments, so scripts can switch between the two.
struct LowerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lower", abstract: "Write DIR/views.sql for a contract (stand-in for ddb-migrate generate).")

    @Argument(help: "The migration contract (JSON).") var contract: String
    @Option(help: "SQL dialect: mysql8 or mariadb.") var dialect: String = "mariadb"
    @Option(help: "Schema snapshot (schema.json, see introspect).") var schema: String?
    @Option(help: "Output directory; views.sql is written into it.") var out: String

    func run() throws {
        guard let sqlDialect = SQLDialect(rawValue: dialect) else {
            throw ValidationError("unknown dialect '\(dialect)'; use mysql8 or mariadb")
        }
        guard let data = FileManager.default.contents(atPath: contract) else {
            throw BenchExit.failure("\(contract): cannot read")
        }
        var snapshot: SchemaSnapshot?
        if let schema {
            guard let schemaData = FileManager.default.contents(atPath: schema) else {
                throw BenchExit.failure("\(schema): cannot read")
            }
            do {
                snapshot = try SchemaSnapshotJSON.decode(schemaData)
            } catch {
                throw BenchExit.failure("\(schema): not a schema snapshot: \(error)")
            }
        }
        let sql: String
        do {
            sql = try ContractLowering.viewsSQL(bytes: [UInt8](data), file: contract, schema: snapshot, dialect: sqlDialect)
        } catch let failure as ContractLowering.Failure {
            throw BenchExit.failure(failure.description)
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let path = (out as NSString).appendingPathComponent("views.sql")
        try Data(sql.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
