import AWS
import Foundation

/// `status`: each job's latest runs (GetJobRuns) with state, duration and the counters of their
/// summaries in S3. Read-only.
public struct StatusReport {
    public struct JobStatus: Sendable {
        public var table: String
        public var job: String
        /// False when the job has not been deployed yet.
        public var deployed: Bool
        /// Newest first.
        public var runs: [RunProgress]
    }

    public let directory: GeneratedDirectory
    public let services: AWSServices
    public let runsPerJob: Int

    public init(directory: GeneratedDirectory, services: AWSServices, runsPerJob: Int = 3) {
        self.directory = directory
        self.services = services
        self.runsPerJob = max(1, runsPerJob)
    }

    public func collect() async throws -> [JobStatus] {
        let state = try DeployState.load(from: directory.url)
        let m = directory.manifest
        var out: [JobStatus] = []
        for job in m.jobs {
            let output: GlueClient.GetJobRunsOutput
            do {
                output = try await services.glue.getJobRuns(name: job.name, maxResults: max(runsPerJob, 10))
            } catch let error as AWSError where error.isNotFound {
                out.append(JobStatus(table: job.table, job: job.name, deployed: false, runs: []))
                continue
            } catch {
                throw DeployFailure.from(error, while: "reading the runs of Glue job \(job.name)")
            }
            let runs = (output.JobRuns ?? []).sorted { ($0.StartedOn ?? 0) > ($1.StartedOn ?? 0) }.prefix(runsPerJob)
            var progresses: [RunProgress] = []
            for run in runs {
                guard let id = run.Id else { continue }
                let runId = run.Arguments?["--ddbm_run_id"] ?? state.ddbmRunId(forJobRun: id) ?? id
                var p = RunProgress(table: job.table, job: job.name, jobRunId: id, ddbmRunId: runId, state: run.JobRunState ?? "UNKNOWN")
                p.apply(run)
                p.summary = await RunSummary.fetch(s3: services.s3, bucket: m.s3.bucket, reportsPrefix: m.s3.reportsPrefix,
                                                   table: job.table, runId: runId)
                progresses.append(p)
            }
            out.append(JobStatus(table: job.table, job: job.name, deployed: true, runs: progresses))
        }
        return out
    }

    /// The JSON form of `status --json`: stable snake_case keys.
    public static func json(_ statuses: [JobStatus]) -> Data {
        let jobs: [[String: Any]] = statuses.map { s in
            ["table": s.table, "job": s.job, "deployed": s.deployed, "runs": s.runs.map(record)]
        }
        return (try? JSONSerialization.data(withJSONObject: ["jobs": jobs], options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
    }

    /// One run as `status --json` shows it (also each run of the MCP `deploy` tool's answer).
    public static func record(_ r: RunProgress) -> [String: Any] {
        func iso(_ d: Date?) -> Any { d.map { ISO8601DateFormatter().string(from: $0) } ?? NSNull() }
        var o: [String: Any] = [
            "job_run_id": r.jobRunId, "run_id": r.ddbmRunId, "state": r.state,
            "started_on": iso(r.startedOn), "completed_on": iso(r.completedOn),
            "seconds": r.seconds.map { $0 as Any } ?? NSNull(),
            "error": r.errorMessage.map { $0 as Any } ?? NSNull(),
        ]
        if let c = r.summary?.counters {
            o["counters"] = ["read": c.read, "written": c.written, "skipped": c.skipped, "dead_lettered": c.deadLettered]
            o["dead_letter_reasons"] = r.summary?.deadLetterReasons ?? [:]
        } else {
            o["counters"] = NSNull()
        }
        return o
    }
}
