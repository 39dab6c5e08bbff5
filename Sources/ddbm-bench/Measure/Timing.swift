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

    /// The median of `runs` timings of `body` (the mean of the middle two for an even count).
    static func median(runs: Int, _ body: () throws -> Void) rethrows -> Double {
        var samples: [Double] = []
        samples.reserveCapacity(max(runs, 1))
        for _ in 0..<max(runs, 1) { samples.append(try seconds(body)) }
        return median(of: samples)
    }

    static func median(of samples: [Double]) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
