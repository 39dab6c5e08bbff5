/// The job's own books for a table (docs/VALIDATE.md "Accounting"), from its run summaries:
/// every run must have read = written + skipped + dead_lettered and dead letters by reason
/// adding up to dead_lettered. A table without any summary is not balanced: nothing shows
/// that it ever ran. A replay's summary (`kind: "replay"`, docs/REPLAY.md) is a run of its own
/// and balances the same way: its `read` counts the dead letters it re-drove, its `written`
/// items are items of the table like a load run's, so after a replay the books still balance
/// and the totals include what the replay wrote.
public struct Accounting: Codable, Equatable, Sendable {
    /// One run summary's counters, as the job writes them.
    public struct Run: Equatable, Sendable {
        public var runId: String
        public var status: String?
        public var read: Int, written: Int, skipped: Int, deadLettered: Int
        public var deadLetterReasons: [String: Int]
        /// The run a replay re-drove; nil for a run of the job.
        public var replayOf: String?
        public init(runId: String, status: String?, read: Int, written: Int, skipped: Int, deadLettered: Int, deadLetterReasons: [String: Int],
                    replayOf: String? = nil) {
            self.runId = runId; self.status = status; self.read = read; self.written = written; self.skipped = skipped
            self.deadLettered = deadLettered; self.deadLetterReasons = deadLetterReasons; self.replayOf = replayOf
        }

        /// Why this run's books do not balance; nil when they do.
        public var imbalance: String? {
            var problems: [String] = []
            if read != written + skipped + deadLettered {
                problems.append("read \(read) ≠ written \(written) + skipped \(skipped) + dead-lettered \(deadLettered)")
            }
            let byReason = deadLetterReasons.values.reduce(0, +)
            if byReason != deadLettered {
                problems.append("dead letters by reason add up to \(byReason), not \(deadLettered)")
            }
            return problems.isEmpty ? nil : "\(runId): " + problems.joined(separator: "; ")
        }
    }

    public var runs: Int
    /// How many of the runs are replays (their written items are counted in `written`).
    public var replays: Int
    public var balanced: Bool
    public var read: Int, written: Int, skipped: Int, deadLettered: Int
    public var deadLetterReasons: [String: Int]
    /// One line per run whose books do not balance (run id and what is off).
    public var unbalancedRuns: [String]

    public init(runs: [Run]) {
        let ordered = runs.sorted { $0.runId < $1.runId }
        self.runs = ordered.count
        replays = ordered.filter { $0.replayOf != nil }.count
        read = ordered.map(\.read).reduce(0, +)
        written = ordered.map(\.written).reduce(0, +)
        skipped = ordered.map(\.skipped).reduce(0, +)
        deadLettered = ordered.map(\.deadLettered).reduce(0, +)
        deadLetterReasons = ordered.reduce(into: [:]) { sum, run in sum.merge(run.deadLetterReasons, uniquingKeysWith: +) }
        unbalancedRuns = ordered.compactMap(\.imbalance)
        balanced = !ordered.isEmpty && unbalancedRuns.isEmpty
    }

    /// `replays` came with `replay`; a document `validate` wrote before it has none, which
    /// means none of its runs was a replay (same `validation_version`: the field only adds).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        runs = try c.decode(Int.self, forKey: .runs)
        replays = try c.decodeIfPresent(Int.self, forKey: .replays) ?? 0
        balanced = try c.decode(Bool.self, forKey: .balanced)
        read = try c.decode(Int.self, forKey: .read)
        written = try c.decode(Int.self, forKey: .written)
        skipped = try c.decode(Int.self, forKey: .skipped)
        deadLettered = try c.decode(Int.self, forKey: .deadLettered)
        deadLetterReasons = try c.decode([String: Int].self, forKey: .deadLetterReasons)
        unbalancedRuns = try c.decode([String].self, forKey: .unbalancedRuns)
    }

    enum CodingKeys: String, CodingKey {
        case runs, replays, balanced, read, written, skipped, deadLettered = "dead_lettered"
        case deadLetterReasons = "dead_letter_reasons", unbalancedRuns = "unbalanced_runs"
    }
}
