import Foundation

/// `.ddbm-state.json` in the generated directory: the runs `deploy --run` started, so `status`
/// and a later `deploy --wait` know which Glue run carries which `--ddbm_run_id`, and the last
/// `plan --mysql` estimate per table, so live progress can say "done / expected". Not an
/// artifact (the manifest does not list it, so hashes never cover it); written atomically
/// (temporary file + rename) so a crash never leaves half a file.
public struct DeployState: Codable, Sendable, Equatable {
    public struct Run: Codable, Sendable, Equatable {
        public var table: String
        public var job: String
        /// Glue's JobRunId.
        public var jobRunId: String
        /// The `--ddbm_run_id` the run's summary and dead letters are named after.
        public var ddbmRunId: String
        public var startedAt: String
        public init(table: String, job: String, jobRunId: String, ddbmRunId: String, startedAt: String) {
            self.table = table; self.job = job; self.jobRunId = jobRunId; self.ddbmRunId = ddbmRunId; self.startedAt = startedAt
        }
    }

    /// What `plan --mysql` estimated for a table's run (RunEstimate).
    public struct Estimate: Codable, Sendable, Equatable {
        public var table: String
        public var items: Int
        public var writeUnits: Int
        public var estimatedAt: String
        public init(table: String, items: Int, writeUnits: Int, estimatedAt: String) {
            self.table = table; self.items = items; self.writeUnits = writeUnits; self.estimatedAt = estimatedAt
        }
    }

    public static let fileName = ".ddbm-state.json"
    public static let version = 1
    /// Runs kept per table, newest last; older ones remain in Glue's history.
    public static let runsKeptPerTable = 20

    public var stateVersion: Int = DeployState.version
    public var runs: [Run] = []
    /// The newest estimate per table.
    public var estimates: [Estimate] = []

    public init(runs: [Run] = [], estimates: [Estimate] = []) { self.runs = runs; self.estimates = estimates }

    enum CodingKeys: String, CodingKey { case stateVersion, runs, estimates }

    /// State files written before estimates existed have no `estimates` key.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        stateVersion = try c.decode(Int.self, forKey: .stateVersion)
        runs = try c.decodeIfPresent([Run].self, forKey: .runs) ?? []
        estimates = try c.decodeIfPresent([Estimate].self, forKey: .estimates) ?? []
    }

    /// The state in `directory`, empty when there is none yet.
    public static func load(from directory: URL) throws -> DeployState {
        let url = directory.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { return DeployState() }
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(DeployState.self, from: data)
        } catch {
            throw DeployFailure.targetWrong("\(url.path) is not a ddb-migrate state file (\(error)); move it aside and retry")
        }
    }

    public func save(to directory: URL) throws {
        let url = directory.appendingPathComponent(Self.fileName)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = try encoder.encode(self)
        let temporary = directory.appendingPathComponent(".\(Self.fileName).\(ProcessInfo.processInfo.processIdentifier).tmp")
        try data.write(to: temporary)
        // rename(2) replaces the old file atomically: readers see the old or the new state, never half.
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw DeployFailure.targetWrong("cannot write \(url.path): \(reason)")
        }
    }

    /// Adds a run, keeping the newest `runsKeptPerTable` per table.
    public mutating func record(_ run: Run) {
        runs.append(run)
        let forTable = runs.filter { $0.table == run.table }
        if forTable.count > Self.runsKeptPerTable {
            let drop = Set(forTable.prefix(forTable.count - Self.runsKeptPerTable).map(\.jobRunId))
            runs.removeAll { $0.table == run.table && drop.contains($0.jobRunId) }
        }
    }

    public func ddbmRunId(forJobRun id: String) -> String? { runs.last { $0.jobRunId == id }?.ddbmRunId }

    /// Replaces the estimates of the tables in `new`, keeping the others.
    public mutating func record(estimates new: [Estimate]) {
        let tables = Set(new.map(\.table))
        estimates = estimates.filter { !tables.contains($0.table) } + new
        estimates.sort { $0.table < $1.table }
    }

    /// Items expected for `table`, when `plan --mysql` estimated it.
    public func expectedItems(_ table: String) -> Int? { estimates.last { $0.table == table }?.items }
}
