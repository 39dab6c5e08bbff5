import AWS
import Backends
import Foundation

/// The Glue job definition `deploy` creates or updates for one manifest job, and the field by
/// field comparison `plan` uses to decide between "update" and "unchanged".
public enum JobSpec {
    /// Everything from the manifest: script, role, Glue version, workers, timeout, connection,
    /// concurrency, retries and the default arguments (bookmarks off, `--TempDir`, metrics,
    /// continuous logging, the job's own `--ddbm_*`).
    public static func definition(_ job: Manifest.Job) -> GlueClient.JobDefinition {
        GlueClient.JobDefinition(
            Description: "ddb-migrate: loads DynamoDB table \(job.table)",
            Role: job.roleArn,
            Command: GlueClient.JobCommand(Name: "glueetl", ScriptLocation: job.scriptLocation, PythonVersion: "3"),
            DefaultArguments: job.defaultArguments,
            Connections: GlueClient.ConnectionsList(Connections: job.connections),
            MaxRetries: job.maxRetries,
            Timeout: job.timeoutMinutes,
            GlueVersion: job.glueVersion,
            WorkerType: job.workerType,
            NumberOfWorkers: job.numberOfWorkers,
            ExecutionProperty: GlueClient.ExecutionProperty(MaxConcurrentRuns: job.maxConcurrentRuns))
    }

    /// The table's validation job: the load job's definition (role, Glue version, workers,
    /// timeout, connection, concurrency, retries) with the validation script and arguments
    /// (bookmarks off, like every job of ddb-migrate's).
    public static func validationDefinition(_ job: Manifest.Job) -> GlueClient.JobDefinition {
        var d = definition(job)
        d.Description = "ddb-migrate: validates DynamoDB table \(job.table) against its MySQL views (reads only; writes its measurement under the reports prefix)"
        d.Command = GlueClient.JobCommand(Name: "glueetl", ScriptLocation: job.validation.scriptLocation, PythonVersion: "3")
        d.DefaultArguments = job.validation.defaultArguments
        return d
    }

    /// Every Glue job of the directory, load and validation, by name: what `plan` compares and
    /// `deploy` creates or updates (the validation job gets the load job's tags).
    public static func definitions(_ jobs: [Manifest.Job]) -> [(name: String, definition: GlueClient.JobDefinition, tags: [String: String])] {
        jobs.flatMap { job in
            [(job.name, definition(job), job.tags), (job.validation.name, validationDefinition(job), job.tags)]
        }
    }

    /// The fields where the deployed job differs from `wanted`, by API name; empty = unchanged.
    public static func differences(deployed j: GlueClient.Job, wanted d: GlueClient.JobDefinition) -> [String] {
        var out: [String] = []
        func field<T: Equatable>(_ name: String, _ have: T?, _ want: T?) {
            if have != want { out.append("\(name): \(show(have)) -> \(show(want))") }
        }
        field("Description", j.Description, d.Description)
        field("Role", j.Role, d.Role)
        field("Command.ScriptLocation", j.Command?.ScriptLocation, d.Command?.ScriptLocation)
        field("Command.Name", j.Command?.Name, d.Command?.Name)
        field("Connections", j.Connections?.Connections ?? [], d.Connections?.Connections ?? [])
        field("MaxRetries", j.MaxRetries ?? 0, d.MaxRetries ?? 0)
        field("Timeout", j.Timeout, d.Timeout)
        field("GlueVersion", j.GlueVersion, d.GlueVersion)
        field("WorkerType", j.WorkerType, d.WorkerType)
        field("NumberOfWorkers", j.NumberOfWorkers, d.NumberOfWorkers)
        field("ExecutionProperty.MaxConcurrentRuns", j.ExecutionProperty?.MaxConcurrentRuns ?? 1, d.ExecutionProperty?.MaxConcurrentRuns ?? 1)
        let have = j.DefaultArguments ?? [:], want = d.DefaultArguments ?? [:]
        for key in Set(have.keys).union(want.keys).sorted() where have[key] != want[key] {
            out.append("DefaultArguments[\(key)]: \(show(have[key])) -> \(show(want[key]))")
        }
        return out
    }

    private static func show<T>(_ value: T?) -> String {
        guard let value else { return "(unset)" }
        if let s = value as? String { return "'\(s)'" }
        if let a = value as? [String] { return "[" + a.joined(separator: ", ") + "]" }
        return "\(value)"
    }
}
