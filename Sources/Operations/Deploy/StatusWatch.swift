import AWS
import Backends
import Foundation

/// `status --watch`: follows each job's newest run (GetJobRuns) and its progress objects until
/// none of them is running any more, calling `show` with one line per table after every read.
/// Read-only, like `status`.
public struct StatusWatch {
    public let directory: GeneratedDirectory
    public let services: AWSServices
    /// Seconds between GetJobRuns calls.
    public let pollSeconds: Double
    /// Seconds between reads of the progress objects (GetJobRuns still every `pollSeconds`).
    public let progressSeconds: Double

    public init(directory: GeneratedDirectory, services: AWSServices, pollSeconds: Double = 15, progressSeconds: Double = 5) {
        self.directory = directory
        self.services = services
        self.pollSeconds = pollSeconds
        self.progressSeconds = progressSeconds
    }

    /// Watches until every job's newest run has finished (or the job has no run); returns the
    /// last state of each newest run.
    public func watch(show: @Sendable ([String]) -> Void) async throws -> [RunProgress] {
        let m = directory.manifest
        let state = try DeployState.load(from: directory.url)
        var trackers: [String: ProgressTracker] = [:]
        var sources: [String: S3ProgressSource] = [:]
        var runs: [String: RunProgress] = [:]
        var lastPolled: Date?
        let interval = min(pollSeconds, max(0.05, progressSeconds))
        while true {
            let now = Date()
            if lastPolled.map({ now.timeIntervalSince($0) >= pollSeconds }) ?? true {
                lastPolled = now
                for job in m.jobs {
                    guard let run = try await newestRun(job, state: state) else { continue }
                    if runs[job.table]?.ddbmRunId != run.ddbmRunId {
                        // The first run seen for the table, or a newer one started meanwhile.
                        sources[job.table] = S3ProgressSource(s3: services.s3, bucket: m.s3.bucket, reportsPrefix: m.s3.reportsPrefix,
                                                              table: job.table, runId: run.ddbmRunId)
                        trackers[job.table] = ProgressTracker(table: job.table, expected: state.expectedItems(job.table))
                    }
                    runs[job.table] = run
                    trackers[job.table]?.state = run.state
                }
            }
            for job in m.jobs {
                guard let source = sources[job.table] else { continue }
                trackers[job.table]?.record(await source.snapshot(), observedAt: Date())
            }
            show(ProgressLine.lines(m.jobs.compactMap { trackers[$0.table] }))
            let unfinished = runs.values.filter { !$0.finished }
            if unfinished.isEmpty { return m.jobs.compactMap { runs[$0.table] } }
            try await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
        }
    }

    /// The job's newest run with its summary, or nil when the job is not deployed or never ran.
    func newestRun(_ job: Manifest.Job, state: DeployState) async throws -> RunProgress? {
        let output: GlueClient.GetJobRunsOutput
        do { output = try await services.glue.getJobRuns(name: job.name, maxResults: 10) } catch let error as AWSError where error.isNotFound {
            return nil
        } catch {
            throw DeployFailure.from(error, while: "reading the runs of Glue job \(job.name)")
        }
        guard let newest = (output.JobRuns ?? []).max(by: { ($0.StartedOn ?? 0) < ($1.StartedOn ?? 0) }), let id = newest.Id else { return nil }
        let runId = newest.Arguments?["--ddbm_run_id"] ?? state.ddbmRunId(forJobRun: id) ?? id
        var p = RunProgress(table: job.table, job: job.name, jobRunId: id, ddbmRunId: runId, state: newest.JobRunState ?? "UNKNOWN")
        p.apply(newest)
        let m = directory.manifest
        p.summary = await RunSummary.fetch(s3: services.s3, bucket: m.s3.bucket, reportsPrefix: m.s3.reportsPrefix, table: job.table, runId: runId)
        return p
    }
}
