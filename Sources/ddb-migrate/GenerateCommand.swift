import ArgumentParser
import Backends
import Foundation
import Operations

extension SQLDialect: ExpressibleByArgument {}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Check a contract and write its artifacts: views.sql, Glue jobs, IAM policies, manifest, runbooks.")

    @Argument(help: "The migration contract (JSON).") var contract: String
    @Option(help: "The migration config (JSON) for the target environment.") var config: String?
    @Option(help: "A schema snapshot written by 'introspect'.") var schema: String?
    @Option(help: "mysql8 or mariadb.") var dialect: SQLDialect = .mysql8
    @Option(help: "Output directory (replaced as a whole, atomically).") var out: String
    @Option(help: "text or json diagnostics.") var format: DiagnosticFormat = .text

    func run() throws {
        let outcome = Compiler.run(.init(contract: contract, schema: schema, config: config, dialect: dialect, stage: .generate(out: out)))
        guard outcome.artifacts != nil || outcome.writeError != nil else {
            emitDiagnostics(outcome.diagnostics, format: format, sources: outcome.sources, summary: true)
            throw Exit.inputWrong
        }
        emitDiagnostics(outcome.diagnostics, format: format, sources: outcome.sources, summary: false)
        if let writeError = outcome.writeError {
            printError(writeError)
            throw Exit.inputWrong
        }
        print(outcome.summary(out: out))
        finish(keeping: outcome)
    }
}
