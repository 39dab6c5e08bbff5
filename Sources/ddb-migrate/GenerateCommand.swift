import ArgumentParser
import Backends
import Diagnostics
import Foundation
import Operations

extension SQLDialect: ExpressibleByArgument {}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a contract and write its artifacts: views.sql, Glue jobs, IAM policies, manifest, runbooks.")

    @Argument(help: "The migration contract (JSON).") var contract: String
    @Option(help: "The migration config (JSON) for the target environment.") var config: String?
    @Option(help: "A schema snapshot written by 'introspect'.") var schema: String?
    @Option(help: "mysql8 or mariadb.") var dialect: SQLDialect = .mysql8
    @Option(help: "Output directory (replaced as a whole, atomically).") var out: String
    @Option(help: "text or json diagnostics.") var format: DiagnosticFormat = .text

    func run() throws {
        let engine = DiagnosticEngine()
        let loaded = ContractLoading.load(contract: contract, schema: schema, diagnostics: engine)
        var sources = [contract: loaded.bytes]
        var migrationConfig = MigrationConfig.placeholder
        if let config {
            let cfg = ConfigLoading.load(config, diagnostics: engine)
            sources[config] = cfg.bytes
            if let c = cfg.config { migrationConfig = c }
        }
        guard let ir = loaded.ir, !engine.hasErrors else {
            emitDiagnostics(engine, format: format, sources: sources, summary: true)
            throw Exit.inputWrong
        }
        emitDiagnostics(engine, format: format, sources: sources, summary: false)
        let artifacts: ArtifactSet
        do {
            artifacts = try ArtifactGenerator.generate(
                ir, contractFile: URL(fileURLWithPath: contract).lastPathComponent, contractBytes: loaded.bytes,
                options: .init(dialect: dialect, config: migrationConfig))
            // A re-generate keeps deploy's run records (they name runs in AWS, not artifacts).
            try AtomicDirectoryWriter.write(artifacts, to: URL(fileURLWithPath: out), preserving: [DeployState.fileName])
        } catch {
            printError("\(error)")
            throw Exit.inputWrong
        }
        print("wrote \(artifacts.paths.count) files to \(out) (\(ir.tables.count) table\(ir.tables.count == 1 ? "" : "s"))")
    }
}
