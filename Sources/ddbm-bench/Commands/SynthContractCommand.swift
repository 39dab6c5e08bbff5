import ArgumentParser
import Foundation

/// `ddbm-bench synth-contract --tables N --out FILE`: writes the synthetic contract that the
/// generate-speed measurement compiles.
struct SynthContractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth-contract", abstract: "Write a synthetic contract of N tables using every construct.")

    @Option(help: "Number of DynamoDB tables.") var tables: Int = 1000
    @Option(help: "Output file.") var out: String

    func validate() throws {
        guard (1...100_000).contains(tables) else { throw ValidationError("--tables must be between 1 and 100000") }
    }

    func run() throws {
        try SyntheticContract.json(tables: tables).write(to: URL(fileURLWithPath: out), options: .atomic)
    }
}
