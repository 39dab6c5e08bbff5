import AWS
import Backends
import Foundation

/// Compares the generated directory with the account using read-only calls: S3
/// GetBucketLocation (the bucket exists, in the config's region), HeadObject (our SHA-256 in
/// `x-amz-meta-ddbm-sha256`) and GetObjectTagging (the marker tag), IAM GetRole/GetRolePolicy
/// (documents compared as parsed JSON, tags), Glue GetJob (field by field) and GetTags. Writes
/// nothing. The tags always include the migration's marker (`MigrationMarker`), so a resource
/// deployed before the marker existed, or one that lost it, shows as a tag update.
public struct DeployPlanner {
    /// The S3 user-metadata key holding the artifact's SHA-256 (hex), set on upload.
    public static let hashMetadataKey = "ddbm-sha256"

    public let directory: GeneratedDirectory
    public let services: AWSServices
    /// The role's tags: the config's and the marker.
    public let tags: [String: String]

    public init(directory: GeneratedDirectory, services: AWSServices, tags: [String: String]) {
        self.directory = directory
        self.services = services
        self.tags = MigrationMarker.adding(to: tags, roleName: directory.manifest.iam.roleName)
    }

    public func plan() async throws -> DeployPlan {
        var changes: [DeployPlan.Change] = []
        let m = directory.manifest
        let location = try await ArtifactsBucket.locate(m.s3.bucket, s3: services.s3)
        let bucketCheck = ArtifactsBucket.check(location, bucket: m.s3.bucket, region: m.region)
        if !bucketCheck.problems.isEmpty { throw DeployFailure(.targetWrong, bucketCheck.problems) }
        let bucketMissing = location == .missing
        changes.append(.init(resource: .bucket(name: m.s3.bucket, region: m.region), action: bucketMissing ? .create : .unchanged,
                             details: bucketMissing ? ["default encryption SSE-S3, all public access blocked"] : []))
        for artifact in m.artifacts where artifact.becomes.kind == .s3Object {
            guard let bucket = artifact.becomes.bucket, let key = artifact.becomes.key else {
                throw DeployFailure.targetWrong("manifest.json: artifact \(artifact.path) becomes an S3 object but names no bucket/key: regenerate the directory")
            }
            if bucketMissing {
                changes.append(.init(resource: .script(bucket: bucket, key: key, artifact: artifact.path, sha256: artifact.sha256), action: .create, details: []))
            } else {
                changes.append(try await scriptChange(bucket: bucket, key: key, artifact: artifact.path, sha256: artifact.sha256))
            }
        }
        changes += try await roleChanges()
        for job in JobSpec.definitions(directory.manifest.jobs) {
            changes += try await jobChanges(name: job.name, wanted: job.definition, tags: job.tags)
        }
        return DeployPlan(changes: changes)
    }

    func scriptChange(bucket: String, key: String, artifact: String, sha256: String) async throws -> DeployPlan.Change {
        let resource = DeployPlan.Resource.script(bucket: bucket, key: key, artifact: artifact, sha256: sha256)
        do {
            let head = try await services.s3.headObject(bucket: bucket, key: key)
            let deployed = head.metadata[Self.hashMetadataKey]
            if deployed == sha256 {
                let marker = directory.manifest.marker
                let have = try await services.s3.getObjectTagging(bucket: bucket, key: key)[marker.key]
                if have == marker.value { return .init(resource: resource, action: .unchanged, details: []) }
                return .init(resource: resource, action: .update,
                             details: ["tag \(marker.key): \(have.map { "'\($0)'" } ?? "(unset)") -> '\(marker.value)' (uploaded again with the tag)"])
            }
            return .init(resource: resource, action: .update,
                         details: ["sha256 \(deployed.map { String($0.prefix(12)) } ?? "(not recorded)") -> \(sha256.prefix(12)) (\(artifact))"])
        } catch let error as AWSError where error.isNotFound {
            return .init(resource: resource, action: .create, details: [])
        } catch {
            throw DeployFailure.from(error, while: "reading s3://\(bucket)/\(key)")
        }
    }

    func roleChanges() async throws -> [DeployPlan.Change] {
        let iam = directory.manifest.iam
        let trust = String(decoding: try directory.data(iam.trustPolicy), as: UTF8.self)
        let policy = String(decoding: try directory.data(iam.policy), as: UTF8.self)
        let role: IAMClient.Role
        do {
            role = try await services.iam.getRole(iam.roleName)
        } catch let error as AWSError where error.isNotFound {
            return [.init(resource: .role(name: iam.roleName), action: .create, details: []),
                    .init(resource: .rolePolicy(role: iam.roleName, policy: iam.policyName), action: .create, details: []),
                    .init(resource: .roleTags(role: iam.roleName), action: tags.isEmpty ? .unchanged : .create, details: [])]
        } catch {
            throw DeployFailure.from(error, while: "reading IAM role \(iam.roleName)")
        }
        var changes: [DeployPlan.Change] = []
        let trustSame = role.assumeRolePolicyDocument.map { PolicyDocument.equal($0, trust) } ?? false
        changes.append(.init(resource: .role(name: iam.roleName), action: trustSame ? .unchanged : .update,
                             details: trustSame ? [] : ["trust policy differs from \(iam.trustPolicy)"]))
        do {
            let deployed = try await services.iam.getRolePolicy(iam.roleName, policyName: iam.policyName)
            let same = PolicyDocument.equal(deployed, policy)
            changes.append(.init(resource: .rolePolicy(role: iam.roleName, policy: iam.policyName), action: same ? .unchanged : .update,
                                 details: same ? [] : ["policy document differs from \(iam.policy)"]))
        } catch let error as AWSError where error.isNotFound {
            changes.append(.init(resource: .rolePolicy(role: iam.roleName, policy: iam.policyName), action: .create, details: []))
        } catch {
            throw DeployFailure.from(error, while: "reading the inline policy \(iam.policyName) of role \(iam.roleName)")
        }
        let tagDetails = tags.sorted { $0.key < $1.key }.compactMap { tag -> String? in
            role.tags[tag.key] == tag.value ? nil : "\(tag.key): \(role.tags[tag.key].map { "'\($0)'" } ?? "(unset)") -> '\(tag.value)'"
        }
        changes.append(.init(resource: .roleTags(role: iam.roleName), action: tagDetails.isEmpty ? .unchanged : .update, details: tagDetails))
        return changes
    }

    /// The job's definition and its tags (GetTags by the job's ARN): a created job gets its
    /// tags with CreateJob, an existing one missing some gets them by TagResource.
    func jobChanges(name: String, wanted: GlueClient.JobDefinition, tags wantedTags: [String: String]) async throws -> [DeployPlan.Change] {
        let deployed: GlueClient.Job
        do {
            deployed = try await services.glue.getJob(name)
        } catch let error as AWSError where error.isNotFound {
            return [.init(resource: .job(name: name), action: .create, details: []),
                    .init(resource: .jobTags(name: name), action: .create, details: [])]
        } catch {
            throw DeployFailure.from(error, while: "reading Glue job \(name)")
        }
        let differences = JobSpec.differences(deployed: deployed, wanted: wanted)
        let have: [String: String]
        do { have = try await services.glue.getTags(resourceARN: directory.manifest.jobARN(name)) } catch {
            throw DeployFailure.from(error, while: "reading the tags of Glue job \(name)")
        }
        let tagDetails = wantedTags.sorted { $0.key < $1.key }.compactMap { tag -> String? in
            have[tag.key] == tag.value ? nil : "\(tag.key): \(have[tag.key].map { "'\($0)'" } ?? "(unset)") -> '\(tag.value)'"
        }
        return [.init(resource: .job(name: name), action: differences.isEmpty ? .unchanged : .update, details: differences),
                .init(resource: .jobTags(name: name), action: tagDetails.isEmpty ? .unchanged : .update, details: tagDetails)]
    }
}
