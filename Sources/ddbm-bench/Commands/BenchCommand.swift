import ArgumentParser

/// `ddbm-bench`: the measuring half of `make bench` (scripts/bench.sh does the set-up).
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ddbm-bench",
        abstract: "Measure how generated jobs read their views at scale, and the speed of generate.",
        subcommands: [RunCommand.self, SynthContractCommand.self, SparkRangesCommand.self])
}
