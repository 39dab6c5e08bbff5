import Backends
import Foundation
import MySQL

/// `run-local`: runs each generated Glue job on local PySpark against a local DynamoDB endpoint,
/// one table after the other, through the strict Glue stand-in (runtime/README.md, AWS's own
/// `awsglue` and a `com.mysql.cj.jdbc.Driver` over MariaDB Connector/J). Each job starts as a
/// console start would: with Glue's ids, its DefaultArguments' run-time settings and nothing of
/// ours — not even a `--ddbm_run_id` (the job names its outputs by Glue's JOB_RUN_ID). Dead
/// letters, summaries, progress and the high-water mark stay in the work folder, so a second
/// run-local with the same folder continues incrementally.
public struct LocalRun {
    public struct Options {
        public var mysql: MySQLURL
        public var dynamoDBEndpoint: String
        public var workDirectory: URL
        /// Only these tables (all when empty).
        public var tables: [String] = []
        /// Overrides of the manifest's `--ddbm_*` job arguments (e.g. a write-rate ceiling).
        public var jobArgumentOverrides: [String: String] = [:]
        /// Ignore the high-water mark of incremental tables (`--ddbm_full true`): read every row.
        public var full = false
        public init(mysql: MySQLURL, dynamoDBEndpoint: String, workDirectory: URL) {
            self.mysql = mysql; self.dynamoDBEndpoint = dynamoDBEndpoint; self.workDirectory = workDirectory
        }
    }

    /// One table's outcome, from the run summary the job wrote.
    public struct TableResult {
        public var table: String
        public var status: String
        public var seconds: Double
        public var read = 0, written = 0, skipped = 0, deadLettered = 0
        public var reasons: [String: Int] = [:]
        public var error: String?
        public var logFile: URL
        public var succeeded: Bool { status == "succeeded" }
    }

    public struct RunError: Error, CustomStringConvertible { public var description: String }

    let directory: GeneratedDirectory
    let options: Options

    public init(directory: GeneratedDirectory, options: Options) {
        self.directory = directory; self.options = options
    }

    /// Runs the jobs; `progress` receives one line per event a person follows, `live` (when
    /// given) the running table's progress line every `liveSeconds`, from the progress objects
    /// the job writes under `<work>/<table>/reports/<table>/<run id>/progress/`.
    public func run(progress: (String) -> Void, live: (([String]) -> Void)? = nil, liveSeconds: Double = 1) throws -> [TableResult] {
        let m = directory.manifest
        let jobs = m.jobs.filter { options.tables.isEmpty || options.tables.contains($0.table) }.sorted { $0.table < $1.table }
        let unknown = options.tables.filter { t in !m.jobs.contains { $0.table == t } }
        if !unknown.isEmpty { throw RunError(description: "no job for table(s) \(unknown.joined(separator: ", ")) in \(directory.url.path)/manifest.json") }
        let fm = FileManager.default
        try fm.createDirectory(at: options.workDirectory, withIntermediateDirectories: true)
        let connections = try LocalGlueProcess.writeConnections(mysql: options.mysql, glueConnection: m.glueConnection,
                                                                 in: options.workDirectory)

        let estimates = (try? DeployState.load(from: directory.url)) ?? DeployState()
        var results: [TableResult] = []
        for job in jobs {
            let out = options.workDirectory.appendingPathComponent(job.table)
            try fm.createDirectory(at: out, withIntermediateDirectories: true)
            let log = out.appendingPathComponent("job.log")
            // The manifest's run-time settings, except where the job's outputs go (local folders
            // here) and CloudWatch metrics (no AWS account behind a local run).
            var jobArgs = job.defaultArguments.filter { $0.key.hasPrefix("--ddbm_") }
            for k in ["--ddbm_dead_letter_uri", "--ddbm_report_uri", "--ddbm_connection", "--ddbm_metrics_namespace"] {
                jobArgs.removeValue(forKey: k)
            }
            jobArgs["--ddbm_connection"] = m.glueConnection
            if options.full { jobArgs["--ddbm_full"] = "true" }
            for (k, v) in options.jobArgumentOverrides { jobArgs[k] = v }
            // Glue's run id, chosen here so this run's summary and progress objects can be found;
            // the job takes it as its run id, as on a run started from the console.
            let runId = LocalGlueProcess.newJobRunId()
            let process = LocalGlueProcess(script: directory.url.appendingPathComponent(job.script), connections: connections,
                                           out: out, dynamoDBEndpoint: options.dynamoDBEndpoint, jobName: job.name, jobRunId: runId,
                                           jobArguments: jobArgs, mysqlPassword: options.mysql.password)

            progress("\(job.table): running \(job.script) (log: \(log.path))")
            let started = Date()
            var tracker = ProgressTracker(table: job.table, expected: estimates.expectedItems(job.table), state: "running")
            let source = FileProgressSource(reportsFolder: out.appendingPathComponent("reports"), table: job.table, runId: runId)
            let watch: (() -> Void)? = live.map { show in
                {
                    tracker.record(source.read(), observedAt: Date())
                    show([ProgressLine.line(tracker)])
                }
            }
            let status = try process.run(log: log, every: liveSeconds, watch: watch)
            let seconds = Date().timeIntervalSince(started)
            var result = TableResult(table: job.table, status: status == 0 ? "succeeded" : "failed", seconds: seconds, logFile: log)
            if let summary = summary(in: out.appendingPathComponent("reports"), table: job.table, runId: runId) {
                result.status = summary.status ?? result.status
                result.read = summary.counters.read
                result.written = summary.counters.written
                result.skipped = summary.counters.skipped
                result.deadLettered = summary.counters.deadLettered
                result.reasons = summary.deadLetterReasons ?? [:]
                result.error = summary.error
            } else if status != 0 {
                result.error = "the job exited with status \(status) before writing a summary"
            }
            if status != 0 { result.status = "failed" }
            progress(String(format: "%@: %@ in %.1fs: read %d, written %d, skipped %d, dead-lettered %d", job.table,
                            result.status, seconds, result.read, result.written, result.skipped, result.deadLettered))
            if !result.succeeded { progress(LocalGlueProcess.tail(log, lines: 15)) }
            results.append(result)
        }
        return results
    }

    /// This run's summary, `<reports>/<table>/<run id>.json` (RunSummary.key). Named exactly: the
    /// folder also holds other runs' summaries and this run's progress objects.
    private func summary(in reports: URL, table: String, runId: String) -> RunSummary? {
        let path = reports.appendingPathComponent(RunSummary.key(reportsPrefix: "", table: table, runId: runId)).path
        return FileManager.default.contents(atPath: path).flatMap(RunSummary.decode)
    }

}
