import AWS
import Backends
import Foundation

/// Executes a `DeployPlan`: creates the artifacts bucket when missing, uploads changed scripts
/// (with their SHA-256 as metadata and the migration's marker as their tag), creates or
/// updates the IAM role, its inline policy and tags, and creates or updates each Glue job —
/// never deleting and re-creating, so run history survives. Unchanged resources
/// get no call at all, which is what makes a second deploy a no-op.
public struct Deployer {
    public let directory: GeneratedDirectory
    public let services: AWSServices
    /// The role's tags: the config's and the marker (`MigrationMarker`), as `DeployPlanner` compares them.
    public let tags: [String: String]

    public init(directory: GeneratedDirectory, services: AWSServices, tags: [String: String]) {
        self.directory = directory
        self.services = services
        self.tags = MigrationMarker.adding(to: tags, roleName: directory.manifest.iam.roleName)
    }

    /// Applies every pending change in plan order (scripts, role, policy, tags, jobs), reporting
    /// each through `log`. Stops at the first failure with the resource named.
    public func apply(_ plan: DeployPlan, log: (String) -> Void) async throws {
        let iam = directory.manifest.iam
        for change in plan.pending {
            do {
                switch change.resource {
                case .bucket(let name, let region):
                    try await ArtifactsBucket.create(name, region: region, s3: services.s3)
                case .script(let bucket, let key, let artifact, let sha256):
                    let body = try directory.data(artifact)
                    try await services.s3.putObject(bucket: bucket, key: key, body: body, contentType: "text/x-python",
                                                    metadata: [DeployPlanner.hashMetadataKey: sha256],
                                                    tags: [directory.manifest.marker.key: directory.manifest.marker.value])
                case .role(let name):
                    let trust = String(decoding: try directory.data(iam.trustPolicy), as: UTF8.self)
                    if change.action == .create {
                        _ = try await services.iam.createRole(name, assumeRolePolicyDocument: trust,
                                                              description: "ddb-migrate: the role of the migration's Glue jobs", tags: tags)
                    } else {
                        try await services.iam.updateAssumeRolePolicy(name, policyDocument: trust)
                    }
                case .rolePolicy(let role, let policy):
                    let document = String(decoding: try directory.data(iam.policy), as: UTF8.self)
                    try await services.iam.putRolePolicy(role, policyName: policy, policyDocument: document)
                case .roleTags(let role):
                    // A created role got its tags with CreateRole; TagRole only fixes drift.
                    if change.action == .update { try await services.iam.tagRole(role, tags: tags) }
                case .job(let name):
                    guard let job = JobSpec.definitions(directory.manifest.jobs).first(where: { $0.name == name }) else { continue }
                    if change.action == .create {
                        try await services.glue.createJob(name: name, definition: job.definition, tags: job.tags.isEmpty ? nil : job.tags)
                    } else {
                        try await services.glue.updateJob(name: name, definition: job.definition)
                    }
                case .jobTags(let name):
                    // A created job got its tags with CreateJob; TagResource only fixes drift.
                    if change.action == .update, let job = JobSpec.definitions(directory.manifest.jobs).first(where: { $0.name == name }) {
                        try await services.glue.tagResource(resourceARN: directory.manifest.jobARN(name), tags: job.tags)
                    }
                }
            } catch {
                throw DeployFailure.from(error, while: "\(change.action.rawValue) \(change.label)")
            }
            log("\(change.action == .create ? "created" : "updated") \(change.label)")
        }
    }
}
