import Foundation

/// One Glue run as `deploy --wait` and `status` show it: state, timing and the counters of its
/// summary (when the job has written one).
public struct RunProgress: Sendable, Equatable {
    public var table: String
    public var job: String
    public var jobRunId: String
    /// The `--ddbm_run_id` (names the summary); the Glue run id when unknown.
    public var ddbmRunId: String
    public var state: String
    public var startedOn: Date?
    public var completedOn: Date?
    /// Glue's own ExecutionTime when it reports one, else measured from `startedOn`.
    public var seconds: Double?
    public var summary: RunSummary?
    public var errorMessage: String?
    /// The last lines of the run's driver log, for failed runs, and the streams they came from.
    public var errorLogTail: [String] = []
    public var errorLogSources: [String] = []
    /// The run's own arguments (GetJobRun `Arguments`): they override the job's defaults.
    public var arguments: [String: String] = [:]

    public var failed: Bool { ["FAILED", "ERROR", "TIMEOUT", "STOPPED", "EXPIRED"].contains(state) }
    public var finished: Bool { failed || state == "SUCCEEDED" }

    /// `12s`, `4m05s`, `2h03m`.
    public static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds >= 0 else { return "-" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
    }

    /// Table rows: table, job, state, duration, the four counters, the run id.
    public static let header = ["table", "state", "duration", "read", "written", "skipped", "dead-lettered", "run id"]
    public var row: [String] {
        let c = summary?.counters
        return [table, state, Self.duration(seconds), c.map { "\($0.read)" } ?? "-", c.map { "\($0.written)" } ?? "-",
                c.map { "\($0.skipped)" } ?? "-", c.map { "\($0.deadLettered)" } ?? "-", ddbmRunId]
    }
}
