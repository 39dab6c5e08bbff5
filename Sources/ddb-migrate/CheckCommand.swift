import ArgumentParser
import Diagnostics
import Operations

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check migration contracts: every error at its line and column, with notes and fix-its.",
        discussion: "Several contracts are checked one by one, as if each were given alone; every diagnostic names its file. Exit status: 0 no errors, 1 some contract has errors.")

    @Argument(help: "The migration contract (JSON), or several.") var contracts: [String]
    @Option(help: "A schema snapshot written by 'introspect', to check tables, columns, types and keys.") var schema: String?
    @Option(help: "text or json.") var format: DiagnosticFormat = .text

    func run() throws {
        let engine = DiagnosticEngine()
        var sources: [String: [UInt8]] = [:]
        for contract in contracts {
            // An engine per contract (the driver's): stages that stop after an error must not see another file's.
            let checked = Compiler.run(.init(contract: contract, schema: schema, stage: .check))
            sources.merge(checked.sources) { _, new in new }
            checked.diagnostics.diagnostics.forEach(engine.emit)
        }
        emitDiagnostics(engine, format: format, sources: sources, summary: true)
        finish(keeping: (engine, sources), status: engine.hasErrors ? 1 : 0)
    }
}
