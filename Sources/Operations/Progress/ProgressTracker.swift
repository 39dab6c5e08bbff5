import Foundation

/// One table's run as a watcher sees it over time: the latest snapshot of its progress objects,
/// the samples behind the rate, and what was expected (the `plan --mysql` estimate). Pure
/// arithmetic over what it is given, so the math is tested without a clock or AWS.
public struct ProgressTracker: Sendable, Equatable {
    public struct Sample: Sendable, Equatable {
        public var at: Date
        public var done: Int
    }

    public let table: String
    /// Items expected (the view's rows at `plan --mysql` time); nil when never estimated.
    public var expected: Int?
    /// The run's state as Glue reports it (`RUNNING`, `SUCCEEDED`, ...), or the local status.
    public var state: String
    public private(set) var latest = ProgressSnapshot()
    public private(set) var samples: [Sample] = []

    /// The rate is taken over the samples of the last `window` seconds (at least two samples).
    public static let window: TimeInterval = 60
    public static let maxSamples = 30

    public init(table: String, expected: Int? = nil, state: String = "STARTING") {
        self.table = table; self.expected = expected; self.state = state
    }

    /// Takes a new snapshot. The sample's time is the job's newest `updated_at` (so the rate
    /// does not depend on how often we poll), else `observedAt`; a snapshot no newer than the
    /// last sample adds none.
    public mutating func record(_ snapshot: ProgressSnapshot, observedAt: Date) {
        guard !snapshot.isEmpty else { return }
        latest = snapshot
        let at = snapshot.updatedAt ?? observedAt
        if let last = samples.last, at <= last.at {
            if snapshot.done > last.done { samples[samples.count - 1].done = snapshot.done }
            return
        }
        samples.append(Sample(at: at, done: snapshot.done))
        let cutoff = at.addingTimeInterval(-Self.window)
        while samples.count > 2 && (samples[1].at <= cutoff || samples.count > Self.maxSamples) { samples.removeFirst() }
    }

    public var done: Int { latest.done }

    /// Items per second over the window; nil until two samples apart in time exist.
    public var rate: Double? {
        guard let first = samples.first, let last = samples.last, last.at > first.at else { return nil }
        return Double(max(0, last.done - first.done)) / last.at.timeIntervalSince(first.at)
    }

    /// Seconds left at the current rate; 0 once `expected` is reached, nil when unknown.
    public var eta: Double? {
        guard let expected else { return nil }
        if done >= expected { return 0 }
        guard let rate, rate > 0 else { return nil }
        return Double(expected - done) / rate
    }

    /// Percent of `expected` done, capped at 100 (the view may have grown since the estimate).
    public var percent: Int? {
        guard let expected, expected > 0 else { return nil }
        return min(100, Int((Double(done) / Double(expected) * 100).rounded(.down)))
    }
}
