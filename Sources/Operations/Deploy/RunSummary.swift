import AWS
import Foundation

/// The run summary the Glue job writes to `<reports_prefix><table>/<run id>.json`
/// (templates/glue/README.md): the counters `deploy --wait` and `status` show, and what `report`
/// adds up. Every field beyond the counters is optional, so an older job's summary still reads.
/// A replay (docs/REPLAY.md) writes the same document plus `kind: "replay"` and `replay_of`.
public struct RunSummary: Decodable, Sendable, Equatable {
    public struct Counters: Decodable, Sendable, Equatable {
        public var read: Int
        public var written: Int
        public var skipped: Int
        public var deadLettered: Int
        /// Puts DynamoDB throttled that were retried.
        public var throttledRetries: Int?
        public init(read: Int, written: Int, skipped: Int, deadLettered: Int, throttledRetries: Int? = nil) {
            self.read = read; self.written = written; self.skipped = skipped; self.deadLettered = deadLettered
            self.throttledRetries = throttledRetries
        }
    }
    /// `high_water_mark`: null for a table without a bookmark attribute. Only `full` matters to
    /// readers here (did the run read every row); the mark values are the job's business.
    public struct HighWaterMark: Decodable, Sendable, Equatable {
        public var attribute: String?
        public var full: Bool?
        public init(attribute: String? = nil, full: Bool? = nil) { self.attribute = attribute; self.full = full }
    }
    public var status: String?
    public var counters: Counters
    public var deadLetterReasons: [String: Int]?
    public var error: String?
    public var startedAt: String?
    public var finishedAt: String?
    public var table: String?
    public var runId: String?
    public var writeMode: String?
    public var partitions: Int?
    /// The write capacity DynamoDB reported for the successful puts.
    public var consumedWriteUnits: Double?
    public var highWaterMark: HighWaterMark?
    /// `"replay"` for a replay's summary; absent (a load run) otherwise.
    public var kind: String?
    /// The run whose dead letters a replay re-drove (docs/REPLAY.md).
    public var replayOf: String?

    public init(status: String?, counters: Counters, deadLetterReasons: [String: Int]? = nil, error: String? = nil,
                startedAt: String? = nil, finishedAt: String? = nil, table: String? = nil, runId: String? = nil,
                writeMode: String? = nil, partitions: Int? = nil, consumedWriteUnits: Double? = nil,
                highWaterMark: HighWaterMark? = nil, kind: String? = nil, replayOf: String? = nil) {
        self.status = status; self.counters = counters; self.deadLetterReasons = deadLetterReasons; self.error = error
        self.startedAt = startedAt; self.finishedAt = finishedAt; self.table = table; self.runId = runId
        self.writeMode = writeMode; self.partitions = partitions; self.consumedWriteUnits = consumedWriteUnits
        self.highWaterMark = highWaterMark; self.kind = kind; self.replayOf = replayOf
    }

    /// A replay's summary, not a run of the job: its `read` counts dead letters re-driven.
    public var isReplay: Bool { kind == "replay" }
    /// The run read every row of every source: no bookmark (every run reads everything) or a
    /// full run of an incremental table. A replay reads only its dead letters' rows.
    public var readEveryRow: Bool { !isReplay && (highWaterMark == nil || highWaterMark?.full == true) }

    /// The summary's S3 key for a table and run id.
    public static func key(reportsPrefix: String, table: String, runId: String) -> String {
        tableDirectory(reportsPrefix: reportsPrefix, table: table) + "\(runId).json"
    }

    /// `<reports prefix><table>/`: where a table's summaries, progress and high-water mark live.
    public static func tableDirectory(reportsPrefix: String, table: String) -> String {
        underReports(reportsPrefix, "\(table)/")
    }

    /// `path` below the reports prefix (a `/` between them when the prefix lacks one).
    public static func underReports(_ reportsPrefix: String, _ path: String) -> String {
        reportsPrefix + (reportsPrefix.isEmpty || reportsPrefix.hasSuffix("/") ? "" : "/") + path
    }

    /// Reads the summary; nil while the job has not written it yet (or wrote something else).
    public static func fetch(s3: S3Client, bucket: String, reportsPrefix: String, table: String, runId: String) async -> RunSummary? {
        guard let data = try? await s3.getObject(bucket: bucket, key: key(reportsPrefix: reportsPrefix, table: table, runId: runId)) else {
            return nil
        }
        return decode(data)
    }

    /// A summary document as the job writes it (snake_case keys); nil when it is not one.
    public static func decode(_ data: Data) -> RunSummary? {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(RunSummary.self, from: data)
    }
}
