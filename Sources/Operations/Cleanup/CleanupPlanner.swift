import AWS
import Backends
import Foundation
import MySQL

/// Finds what this migration created, through the manifest, and decides for each resource:
/// delete (it is there and ours), keep (with why), absent, or not ours. Read-only calls only:
/// Glue GetJob, GetTags, GetJobRuns; S3 GetObjectTagging, ListObjectsV2, GetBucketLocation; IAM GetRole,
/// ListRolePolicies, ListAttachedRolePolicies, ListInstanceProfilesForRole; MySQL
/// INFORMATION_SCHEMA.
///
/// "Ours" (docs/CLEANUP.md): a Glue job, the role or a script carries the marker tag deploy
/// sets (`MigrationMarker`, the manifest's `marker`); a view has exactly the columns views.sql
/// defines for it (MySQL views have no tags). The prefixes' objects are written by the jobs,
/// not by deploy, so they carry no tag: they are ours by place (the config's prefixes).
public struct CleanupPlanner {
    public let directory: GeneratedDirectory
    public let services: AWSServices
    /// The MySQL holding the views; nil leaves them alone (listed as kept).
    public let mysql: MySQLConnection?
    /// Also delete the objects under the dead-letter, reports and temp prefixes.
    public let all: Bool

    /// Run states in which a job is still doing work (Glue `JobRunState`).
    static let activeStates: Set<String> = ["STARTING", "RUNNING", "STOPPING", "WAITING"]

    public init(directory: GeneratedDirectory, services: AWSServices, mysql: MySQLConnection?, all: Bool) {
        self.directory = directory
        self.services = services
        self.mysql = mysql
        self.all = all
    }

    var manifest: Manifest { directory.manifest }

    public func plan() async throws -> CleanupPlan {
        var actions: [CleanupAction] = []
        var active: [CleanupPlan.ActiveRun] = []
        for job in JobSpec.definitions(manifest.jobs) {
            let (action, runs) = try await jobAction(job.name)
            actions.append(action)
            active += runs
        }
        let scripts = try scriptKeys()
        for (bucket, key) in scripts { actions.append(try await scriptAction(bucket: bucket, key: key)) }
        actions += try await prefixActions(excluding: Set(scripts.map(\.key)))
        actions += try await roleActions()
        actions += try viewActions()
        let bucketMissing = try await ArtifactsBucket.locate(manifest.s3.bucket, s3: services.s3) == .missing
        actions.append(.init(.bucket(name: manifest.s3.bucket),
                             bucketMissing ? .absent : .keep("cleanup never deletes the bucket (it may hold other data); delete it by hand once empty")))
        for table in manifest.tables {
            actions.append(.init(.dynamoDBTable(name: table.name), .keep("never touched by cleanup (the migrated data)")))
        }
        return CleanupPlan(actions: actions, activeRuns: active, region: manifest.region)
    }

    // MARK: Glue

    func jobAction(_ name: String) async throws -> (CleanupAction, [CleanupPlan.ActiveRun]) {
        do {
            _ = try await services.glue.getJob(name)
        } catch let error as AWSError where error.isNotFound {
            return (.init(.glueJob(name: name), .absent), [])
        } catch {
            throw DeployFailure.from(error, while: "reading Glue job \(name)")
        }
        let tags: [String: String]
        do { tags = try await services.glue.getTags(resourceARN: manifest.jobARN(name)) } catch {
            throw DeployFailure.from(error, while: "reading the tags of Glue job \(name)")
        }
        if let why = Self.markerMismatch(tags, manifest.marker) { return (.init(.glueJob(name: name), .notOurs(why)), []) }
        return (.init(.glueJob(name: name), .delete), try await activeRuns(name))
    }

    /// The job's runs still in flight, from every page of GetJobRuns (bounded).
    func activeRuns(_ name: String) async throws -> [CleanupPlan.ActiveRun] {
        var out: [CleanupPlan.ActiveRun] = []
        var token: String?
        do {
            for _ in 0..<1000 {
                let page = try await services.glue.getJobRuns(name: name, nextToken: token)
                for run in page.JobRuns ?? [] where Self.activeStates.contains(run.JobRunState ?? "") {
                    out.append(.init(job: name, runId: run.Id ?? "?", state: run.JobRunState ?? "?"))
                }
                guard let next = page.NextToken, !next.isEmpty else { break }
                token = next
            }
        } catch {
            throw DeployFailure.from(error, while: "reading the runs of Glue job \(name)")
        }
        return out
    }

    // MARK: S3

    /// The manifest's s3-object artifacts: what deploy uploads.
    func scriptKeys() throws -> [(bucket: String, key: String)] {
        try manifest.artifacts.filter { $0.becomes.kind == .s3Object }.map { artifact in
            guard let bucket = artifact.becomes.bucket, let key = artifact.becomes.key else {
                throw DeployFailure.targetWrong("manifest.json: artifact \(artifact.path) becomes an S3 object but names no bucket/key: regenerate the directory")
            }
            return (bucket, key)
        }
    }

    func scriptAction(bucket: String, key: String) async throws -> CleanupAction {
        do {
            let tags = try await services.s3.getObjectTagging(bucket: bucket, key: key)
            if let why = Self.markerMismatch(tags, manifest.marker) { return .init(.script(bucket: bucket, key: key), .notOurs(why)) }
            return .init(.script(bucket: bucket, key: key), .delete)
        } catch let error as AWSError where error.isNotFound {
            return .init(.script(bucket: bucket, key: key), .absent)
        } catch {
            throw DeployFailure.from(error, while: "reading the tags of s3://\(bucket)/\(key)")
        }
    }

    /// The dead-letter, reports and temp prefixes: kept unless `all`. A key under two of them
    /// (nested prefixes) is listed under the first; scripts are left to their own actions.
    func prefixActions(excluding scripts: Set<String>) async throws -> [CleanupAction] {
        let s3 = manifest.s3
        let prefixes = [(s3.deadLetterPrefix, "dead letters"), (s3.reportsPrefix, "run summaries, validation reports, progress, high-water marks"),
                        (s3.tempPrefix, "Glue temp data")]
        var seen = scripts
        var out: [CleanupAction] = []
        for (prefix, holds) in prefixes {
            if prefix.isEmpty {
                if all { throw DeployFailure.targetWrong("--all: the \(holds) prefix is empty, that is the whole bucket \(s3.bucket); cleanup deletes objects only under a non-empty prefix") }
                continue
            }
            let listed: [S3Client.ListedObject]
            do { listed = try await services.s3.listAllObjects(bucket: s3.bucket, prefix: prefix) } catch let error as AWSError where error.isNotFound {
                listed = []
            } catch {
                throw DeployFailure.from(error, while: "listing s3://\(s3.bucket)/\(prefix)")
            }
            let keys = listed.map(\.key).filter { !seen.contains($0) }
            seen.formUnion(keys)
            let resource = CleanupAction.Resource.prefix(bucket: s3.bucket, prefix: prefix, holds: holds, keys: keys)
            if keys.isEmpty {
                out.append(.init(resource, .absent))
            } else {
                out.append(.init(resource, all ? .delete : .keep("kept without --all")))
            }
        }
        return out
    }

    // MARK: IAM

    func roleActions() async throws -> [CleanupAction] {
        let iam = manifest.iam
        let role: IAMClient.Role
        do {
            role = try await services.iam.getRole(iam.roleName)
        } catch let error as AWSError where error.isNotFound {
            return [.init(.rolePolicy(role: iam.roleName, policy: iam.policyName), .absent), .init(.role(name: iam.roleName), .absent)]
        } catch {
            throw DeployFailure.from(error, while: "reading IAM role \(iam.roleName)")
        }
        let inline: [String], attached: [(name: String, arn: String)], profiles: [String]
        do {
            inline = try await services.iam.listRolePolicies(iam.roleName)
            attached = try await services.iam.listAttachedRolePolicies(iam.roleName)
            profiles = try await services.iam.listInstanceProfilesForRole(iam.roleName)
        } catch {
            throw DeployFailure.from(error, while: "listing the policies and instance profiles of IAM role \(iam.roleName)")
        }
        let policy = CleanupAction(.rolePolicy(role: iam.roleName, policy: iam.policyName), inline.contains(iam.policyName) ? .delete : .absent)
        if let why = Self.markerMismatch(role.tags, manifest.marker) {
            return [policy.disposition == .delete ? .init(policy.resource, .notOurs("its role is not ours")) : policy,
                    .init(.role(name: iam.roleName), .notOurs(why))]
        }
        // IAM refuses DeleteRole while anything is attached; deploy attaches only its inline policy.
        var foreign: [String] = []
        foreign += inline.filter { $0 != iam.policyName }.map { "inline policy \($0)" }
        foreign += attached.map { "managed policy \($0.arn)" }
        foreign += profiles.map { "instance profile \($0)" }
        if !foreign.isEmpty {
            return [policy, .init(.role(name: iam.roleName), .notOurs("it also has \(foreign.joined(separator: ", ")), which deploy never attaches; detach or delete them by hand first"))]
        }
        return [policy, .init(.role(name: iam.roleName), .delete)]
    }

    // MARK: MySQL

    /// The views of views.sql in reverse creation order, so each goes before the views it selects
    /// from (a table's union view before its entity views).
    func viewActions() throws -> [CleanupAction] {
        let script: String
        do { script = String(decoding: try directory.data("views.sql"), as: UTF8.self) } catch {
            throw DeployFailure.targetWrong("\(directory.url.path)/views.sql: \(error)")
        }
        let definitions: [ViewDefinition]
        do { definitions = try ViewDropper.definitions(script) } catch {
            throw DeployFailure.targetWrong("views.sql: \(error)")
        }
        return try definitions.reversed().map { definition in
            guard let mysql else { return .init(.view(definition.view), .keep("pass --mysql to drop the views")) }
            let state: ViewState
            do { state = try ViewDropper.state(of: definition.view, on: mysql) } catch let error as MySQLError {
                throw DeployFailure(error.isUnreachable ? .unreachable : .targetWrong, ["reading view \(definition.view): \(error)"])
            }
            return .init(.view(definition.view), Self.viewDisposition(state, wanted: definition.columns))
        }
    }

    /// A view is ours when its columns are exactly the ones views.sql defines, in order.
    static func viewDisposition(_ state: ViewState, wanted: [String]?) -> CleanupAction.Disposition {
        switch state {
        case .absent: return .absent
        case .other(let type): return .notOurs("it is a \(type), not a view")
        case .view(let columns):
            guard let wanted else { return .notOurs("views.sql does not name every column of this view, so it cannot be recognised") }
            if columns == wanted { return .delete }
            let extra = columns.filter { !wanted.contains($0) }, missing = wanted.filter { !columns.contains($0) }
            var why = "its columns differ from views.sql's"
            if !missing.isEmpty { why += "; missing: \(missing.joined(separator: ", "))" }
            if !extra.isEmpty { why += "; not in views.sql: \(extra.joined(separator: ", "))" }
            if missing.isEmpty && extra.isEmpty { why += " (same columns, another order)" }
            return .notOurs(why)
        }
    }

    /// Why `tags` do not carry the marker, or nil when they do.
    static func markerMismatch(_ tags: [String: String], _ marker: (key: String, value: String)) -> String? {
        switch tags[marker.key] {
        case marker.value: return nil
        case nil: return "no \(marker.key) tag (created by hand or by another tool)"
        case let other?: return "tag \(marker.key) is '\(other)', this migration's is '\(marker.value)'"
        }
    }
}
