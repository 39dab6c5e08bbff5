import ArgumentParser
import Diagnostics
import Operations

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a migration contract: every error at its line and column, with notes and fix-its.")

    @Argument(help: "The migration contract (JSON).") var contract: String
    @Option(help: "A schema snapshot written by 'introspect', to check tables, columns, types and keys.") var schema: String?
    @Option(help: "text or json.") var format: DiagnosticFormat = .text

    func run() throws {
        let engine = DiagnosticEngine()
        let loaded = ContractLoading.load(contract: contract, schema: schema, diagnostics: engine)
        emitDiagnostics(engine, format: format, sources: [contract: loaded.bytes], summary: true)
        if engine.hasErrors { throw Exit.inputWrong }
    }
}
