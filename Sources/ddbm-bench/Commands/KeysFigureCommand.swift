import ArgumentParser
import Foundation

/// `ddbm-bench keys-figure SMALL.json LARGE.json`: the figure "validate: key reconciliation
/// memory" from two `ddbm-bench keys` runs at different key counts: each run's peak memory and
/// rate, and the larger count's peak over the smaller's against its target (flat memory).
struct KeysFigureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys-figure", abstract: "Print the key reconciliation memory figure from two `keys` runs.")

    /// Ten times the keys, the same memory: the reconciler's state is bounded by its budget.
    static let peakRatioLimit = 1.2

    @Argument(help: "Outputs of `ddbm-bench keys` at two key counts.") var runs: [String]

    func run() throws {
        do {
            let measurements = try runs.map(KeyMeasurement.decode).sorted { $0.keys < $1.keys }
            guard measurements.count == 2, let small = measurements.first, let large = measurements.last,
                  small.keys < large.keys else {
                throw BenchFailure("keys-figure needs runs at exactly two different key counts, got \(measurements.map(\.keys))")
            }
            print(render(small: small, large: large), terminator: "")
        } catch let failure as BenchFailure {
            throw BenchExit.failure(failure.description)
        }
    }

    private func render(small: KeyMeasurement, large: KeyMeasurement) -> String {
        var out = "validate: key reconciliation memory (KeyReconciler, budget \(mebibytes(large.memoryBudgetBytes)), "
            + "\(large.fanout) buckets per level; one process per key count):\n"
        for run in [small, large] {
            let found = run.found
            out += "  \(Format.count(run.keys)) keys: peak RSS \(mebibytes(run.peakRSSBytes)) "
                + "(\(mebibytes(run.startRSSBytes)) before the reconciler), "
                + "\(Format.count(Int(run.keysPerSecond.rounded()))) keys/s (\(Format.seconds(run.seconds))); "
                + "\(Format.count(run.bucketsProcessed)) buckets, \(run.repartitions) re-partitioned, "
                + "largest \(Format.count(run.largestTable)) keys, \(mebibytes(run.scratchBytes)) scratch; found as planted: "
                + "\(Format.count(found.matched)) matched, \(Format.count(found.missing)) missing, "
                + "\(Format.count(found.unexpected)) unexpected, \(Format.count(found.collidingKeys)) colliding\n"
        }
        let target = Target(subject: "key reconciliation peak RSS \(Format.count(large.keys)) / \(Format.count(small.keys)) keys",
                            measured: Double(large.peakRSSBytes) / Double(max(small.peakRSSBytes, 1)),
                            limit: Self.peakRatioLimit, comparison: .atMost, format: Format.ratio)
        out += TextTable.render(header: ["target", "measured", "limit", "result"], rows: [target.row])
        return out
    }

    private func mebibytes(_ bytes: Int) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
}
