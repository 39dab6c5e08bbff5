import ArgumentParser

/// `ddbm-bench`: the measuring half of `make bench` (scripts/bench.sh does the set-up).
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ddbm-bench",
        abstract: "Measure how generated jobs read their views at scale, the speed of generate, and validate's key reconciliation.",
        subcommands: [RunCommand.self, SynthContractCommand.self, SparkRangesCommand.self, KeysCommand.self,
                      KeysFigureCommand.self, CompilerCommand.self])
}
