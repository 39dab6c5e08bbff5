import AWS
import Foundation

/// Starts the migration's Glue runs — each with a fresh `--ddbm_run_id`, at most
/// `maxParallelRuns` at a time — records them in the state file, and (when asked) watches them:
/// polls GetJobRun, reads each run's summary from S3 for its counters and its progress objects
/// for live progress, and fetches the driver log tail of failed runs.
public struct RunCoordinator {
    public struct Options: Sendable {
        public var maxParallelRuns: Int = 2
        /// Watch until every run finished (`--wait`); without it, return once all are started.
        public var wait: Bool = false
        /// Seconds between GetJobRun calls per run.
        public var pollSeconds: Double = 15
        /// Seconds between reads of the progress objects when a display is attached (the job
        /// publishes every few seconds); GetJobRun still goes every `pollSeconds`.
        public var progressSeconds: Double = 5
        /// Extra run arguments (`--key` → value).
        public var runArguments: [String: String] = [:]
        /// Only these tables (all when empty).
        public var tables: [String] = []
        public init() {}
    }

    public let directory: GeneratedDirectory
    public let services: AWSServices
    public let options: Options

    public init(directory: GeneratedDirectory, services: AWSServices, options: Options) {
        self.directory = directory
        self.services = services
        self.options = options
    }

    /// A run id unique per start, valid for the job (`[A-Za-z0-9_.-]{1,128}`), sortable by time.
    public static func newRunId(now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return "ddbm-\(formatter.string(from: now))-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Runs the jobs; returns each run's last known progress. `log` gets one line per event
    /// (started, state change, finished); `progress`, when given, the live progress block (one
    /// line per table) after every read of the progress objects.
    public func run(log: @escaping @Sendable (String) -> Void,
                    progress: (@Sendable ([String]) -> Void)? = nil) async throws -> [RunProgress] {
        var queue = directory.manifest.jobs.filter { options.tables.isEmpty || options.tables.contains($0.table) }
        let unknown = Set(options.tables).subtracting(directory.manifest.jobs.map(\.table))
        if !unknown.isEmpty {
            throw DeployFailure.targetWrong("no job for table(s) \(unknown.sorted().joined(separator: ", ")) in the directory; tables: \(directory.manifest.jobs.map(\.table).joined(separator: ", "))")
        }
        var state = try DeployState.load(from: directory.url)
        let manifest = directory.manifest
        var active: [RunProgress] = []
        var done: [RunProgress] = []
        var trackers: [String: ProgressTracker] = [:]
        var sources: [String: S3ProgressSource] = [:]
        var lastPolled: [String: Date] = [:]
        var order: [String] = []
        let parallel = max(1, options.maxParallelRuns)
        let interval = progress == nil ? options.pollSeconds : min(options.pollSeconds, max(0.05, options.progressSeconds))
        let deadline = Date().addingTimeInterval(Double((manifest.jobs.map(\.timeoutMinutes).max() ?? 2880) + 30) * 60 * Double(max(1, (queue.count + parallel - 1) / parallel)))
        while true {
            while active.count < parallel, !queue.isEmpty {
                let job = queue.removeFirst()
                let runId = Self.newRunId()
                var arguments = options.runArguments
                arguments["--ddbm_run_id"] = runId
                let jobRunId: String
                do { jobRunId = try await services.glue.startJobRun(name: job.name, arguments: arguments) } catch {
                    throw DeployFailure.from(error, while: "starting Glue job \(job.name)")
                }
                let started = ISO8601DateFormatter().string(from: Date())
                state.record(.init(table: job.table, job: job.name, jobRunId: jobRunId, ddbmRunId: runId, startedAt: started))
                try state.save(to: directory.url)
                log("started \(job.name) (table \(job.table)): Glue run \(jobRunId), run id \(runId)")
                active.append(RunProgress(table: job.table, job: job.name, jobRunId: jobRunId, ddbmRunId: runId, state: "STARTING",
                                          startedOn: Date()))
                order.append(jobRunId)
                trackers[jobRunId] = ProgressTracker(table: job.table, expected: state.expectedItems(job.table))
                sources[jobRunId] = S3ProgressSource(s3: services.s3, bucket: manifest.s3.bucket, reportsPrefix: manifest.s3.reportsPrefix,
                                                     table: job.table, runId: runId)
            }
            if active.isEmpty { break }
            if !options.wait && queue.isEmpty { return done + active }
            if Date() > deadline {
                throw DeployFailure.unreachable("gave up waiting: runs still unfinished past their timeout: \(active.map(\.job).joined(separator: ", ")); see ddb-migrate status")
            }
            var stillActive: [RunProgress] = []
            for var run in active {
                let now = Date()
                if lastPolled[run.jobRunId].map({ now.timeIntervalSince($0) >= options.pollSeconds }) ?? true {
                    let previous = run
                    run = try await refresh(run)
                    lastPolled[run.jobRunId] = now
                    if run.state != previous.state || run.summary != previous.summary {
                        log(Self.line(run))
                    }
                }
                if progress != nil, let source = sources[run.jobRunId] {
                    let snapshot = await source.snapshot()
                    trackers[run.jobRunId]?.state = run.state
                    trackers[run.jobRunId]?.record(snapshot, observedAt: now)
                }
                if run.finished {
                    if run.failed {
                        let job = manifest.jobs.first { $0.name == run.job }
                        let tail = await ErrorLogTail.fetch(logs: services.logs, glueVersion: job?.glueVersion ?? "5.0", jobRunId: run.jobRunId,
                                                            arguments: (job?.defaultArguments ?? [:]).merging(run.arguments) { $1 })
                        run.errorLogTail = tail.lines
                        run.errorLogSources = tail.sources
                    }
                    done.append(run)
                } else {
                    stillActive.append(run)
                }
            }
            progress?(ProgressLine.lines(order.compactMap { trackers[$0] }))
            let freedSlot = stillActive.count < active.count
            active = stillActive
            // Poll again after a pause, unless a slot just freed up for a queued job.
            if !active.isEmpty, !(freedSlot && !queue.isEmpty) {
                try await Task.sleep(nanoseconds: UInt64(max(0.05, interval) * 1_000_000_000))
            }
        }
        return done
    }

    /// GetJobRun plus the summary in S3 (the counters).
    func refresh(_ progress: RunProgress) async throws -> RunProgress {
        var p = progress
        let run: GlueClient.JobRun
        do { run = try await services.glue.getJobRun(name: p.job, runId: p.jobRunId) } catch {
            throw DeployFailure.from(error, while: "reading run \(p.jobRunId) of \(p.job)")
        }
        p.apply(run)
        let manifest = directory.manifest
        if let summary = await RunSummary.fetch(s3: services.s3, bucket: manifest.s3.bucket, reportsPrefix: manifest.s3.reportsPrefix,
                                                table: p.table, runId: p.ddbmRunId) {
            p.summary = summary
        }
        return p
    }

    static func line(_ p: RunProgress) -> String {
        var text = "\(p.table): \(p.state) after \(RunProgress.duration(p.seconds))"
        if let c = p.summary?.counters {
            text += " read=\(c.read) written=\(c.written) skipped=\(c.skipped) dead-lettered=\(c.deadLettered)"
        }
        if let e = p.errorMessage { text += " error: \(e)" }
        return text
    }
}

extension RunProgress {
    /// Takes state, timing and error from a GetJobRun/GetJobRuns answer.
    mutating func apply(_ run: GlueClient.JobRun) {
        state = run.JobRunState ?? state
        if let s = run.StartedOn { startedOn = Date(timeIntervalSince1970: s) }
        if let c = run.CompletedOn { completedOn = Date(timeIntervalSince1970: c) }
        if let e = run.ErrorMessage, !e.isEmpty { errorMessage = e }
        if let a = run.Arguments { arguments = a }
        if let execution = run.ExecutionTime, execution > 0, finished {
            seconds = Double(execution)
        } else if let start = startedOn {
            seconds = (finished ? (completedOn ?? Date()) : Date()).timeIntervalSince(start)
        }
    }
}
