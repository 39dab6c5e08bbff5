import AWS
import Foundation

/// The run summary the Glue job writes to `<reports_prefix><table>/<run id>.json`
/// (templates/glue/README.md): the counters `deploy --wait` and `status` show.
public struct RunSummary: Decodable, Sendable, Equatable {
    public struct Counters: Decodable, Sendable, Equatable {
        public var read: Int
        public var written: Int
        public var skipped: Int
        public var deadLettered: Int
    }
    public var status: String?
    public var counters: Counters
    public var deadLetterReasons: [String: Int]?
    public var error: String?
    public var startedAt: String?
    public var finishedAt: String?
    /// `"replay"` for a summary `replay` wrote (docs/REPLAY.md); absent for a run of the job.
    public var kind: String?
    /// The run whose dead letters a replay re-drove.
    public var replayOf: String?

    /// A replay's summary, not a run of the job: its `read` counts dead letters re-driven.
    public var isReplay: Bool { kind == "replay" }

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
