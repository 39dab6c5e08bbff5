import ArgumentParser
import Foundation

/// `ddbm-bench compiler --contract F --cli ddb-migrate`: the compiler's speed and memory figures
/// (`check` and `generate` of F as processes, against issue 8's targets) and where the time goes
/// by phase. Exit 0 when targets are missed (a report); 1 when a run fails.
struct CompilerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compiler", abstract: "Time check and generate of a contract (wall, CPU, peak memory) and their phases.")

    @Option(help: "The contract to compile (see synth-contract).") var contract: String
    @Option(help: "The ddb-migrate executable to time.") var cli: String
    @Option(help: "Timed runs per command after one warm-up; the median is reported.") var runs: Int = 5
    @Option(help: "Scratch directory for generate's output.") var scratch: String = NSTemporaryDirectory()

    func validate() throws {
        guard (1...50).contains(runs) else { throw ValidationError("--runs must be between 1 and 50") }
    }

    func run() throws {
        do {
            let measurement = try CompilerTiming.measure(cli: cli, contract: contract, runs: runs, scratch: scratch)
            print(CompilerReport(measurement: measurement).render(), terminator: "")
        } catch let failure as BenchFailure {
            throw BenchExit.failure(failure.description)
        } catch {
            throw BenchExit.failure("\(error)")
        }
    }
}
