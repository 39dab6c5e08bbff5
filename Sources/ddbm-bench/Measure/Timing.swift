import Foundation

/// Wall-clock measurement: warm up once, then the median of N timed runs. The warm-up run is
/// also where results are verified, so verification never inflates a timed run.
enum Timing {
    /// Seconds `body` takes, on the monotonic clock.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let elapsed = try clock.measure(body)
        let parts = elapsed.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// Shortest sample worth timing: below it, scheduler noise on a shared machine dominates.
    static let minimumSample = 0.05

    /// Repetitions per sample for a query whose warm-up took `estimate`: enough to last about
    /// `minimumSample`, at most 100; 1 for a query that is long enough on its own.
    static func repetitions(estimate: Double) -> Int {
        estimate >= minimumSample ? 1 : min(100, Int((minimumSample / max(estimate, 1e-4)).rounded(.up)))
    }

    /// A query to time among others: its warm-up duration and the work itself.
    struct Item {
        let estimate: Double
        let body: () throws -> Void
    }

    /// The median time of each item over `rounds` rounds (at least 1; `rounds(runs:minimumSeconds:_:)`
    /// says how many), every round timing every item once (each sample repeated as
    /// `repetitions(estimate:)` says, divided back). Interleaving puts
    /// figures that are compared with each other (the job's ranges, the reference) side by side
    /// in time, so a burst of load from other work on a shared machine lands on one sample of
    /// many items, which the medians drop, instead of on every sample of one item. Each round
    /// starts one item further on, so no item always follows the same neighbour. (The fastest
    /// sample was tried instead of the median and repeated worse here: two items timing the same
    /// statement differed by up to 40 % in their fastest of 9 samples, against up to 6 % in their
    /// medians of 25; this virtual machine's slow phases are not brief interruptions a minimum skips.)
    static func interleavedMedians(rounds: Int, _ items: [Item]) throws -> [Double] {
        guard !items.isEmpty else { return [] }
        var samples = Array(repeating: [Double](), count: items.count)
        for round in 0..<max(rounds, 1) {
            for offset in 0..<items.count {
                let index = (round + offset) % items.count
                let item = items[index]
                let repetitions = repetitions(estimate: item.estimate)
                samples[index].append(try seconds { for _ in 0..<repetitions { try item.body() } } / Double(repetitions))
            }
        }
        return samples.map { median(of: $0) }
    }

    /// Most rounds `minimumSeconds` can ask for: odd, so the median is one sample.
    static let maximumRounds = 101

    /// At least `runs` (and 1); more while the rounds, estimated from the warm-ups, would last
    /// less than `minimumSeconds` (at most `maximumRounds`): a table whose round takes a quarter
    /// of a second gets many more samples than `runs`, so its medians are no coarser than those
    /// of a table whose round takes ten. Medians of 3 of a 60 ms statement moved by 6-11 % between
    /// two items timing the very same SQL.
    static func rounds(runs: Int, minimumSeconds: Double, _ items: [Item]) -> Int {
        let round = items.reduce(0.0) { sum, item in
            let repetitions = repetitions(estimate: item.estimate)
            return sum + max(item.estimate, 1e-4) * Double(repetitions)
        }
        let wanted = round > 0 ? Int((minimumSeconds / round).rounded(.up)) : 0
        return max(runs, 1, min(wanted, maximumRounds))
    }

    static func median(of samples: [Double]) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
