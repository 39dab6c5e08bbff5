import AWS
import Foundation

/// What `deploy` would do to the account, resource by resource: computed by `DeployPlanner`
/// (read-only calls), printed by `plan`, executed by `Deployer`.
public struct DeployPlan: Sendable {
    public enum Action: String, Sendable, Codable { case create, update, unchanged }

    public enum Resource: Sendable, Equatable {
        /// The artifacts bucket; only ever created (with encryption and the public access block).
        case bucket(name: String, region: String)
        /// A script in S3; `artifact` is its path in the generated directory.
        case script(bucket: String, key: String, artifact: String, sha256: String)
        case role(name: String)
        case rolePolicy(role: String, policy: String)
        case roleTags(role: String)
        case job(name: String)
        /// The job's tags (the config's and the marker); only ever added to, by TagResource.
        case jobTags(name: String)
    }

    public struct Change: Sendable {
        public var resource: Resource
        public var action: Action
        /// Why: the differing fields, hashes or documents (empty for create/unchanged).
        public var details: [String]
        public var label: String {
            switch resource {
            case .bucket(let name, let region): return "S3 bucket \(name) (\(region))"
            case .script(let bucket, let key, _, _): return "s3://\(bucket)/\(key)"
            case .role(let name): return "IAM role \(name) (trust policy)"
            case .rolePolicy(let role, let policy): return "IAM inline policy \(role)/\(policy)"
            case .roleTags(let role): return "IAM role \(role) tags"
            case .job(let name): return "Glue job \(name)"
            case .jobTags(let name): return "Glue job \(name) tags"
            }
        }
    }

    public var changes: [Change]

    public var pending: [Change] { changes.filter { $0.action != .unchanged } }
    public var hasChanges: Bool { !pending.isEmpty }

    /// A line per resource (`+ create`, `~ update` with its details, `= unchanged`) and a count line.
    public func render() -> String {
        var lines: [String] = []
        for c in changes {
            let mark: String
            switch c.action {
            case .create: mark = "+ create   "
            case .update: mark = "~ update   "
            case .unchanged: mark = "= unchanged"
            }
            lines.append("\(mark) \(c.label)")
            for d in c.details { lines.append("      \(d)") }
        }
        let creates = changes.filter { $0.action == .create }.count
        let updates = changes.filter { $0.action == .update }.count
        let same = changes.filter { $0.action == .unchanged }.count
        lines.append(hasChanges ? "\(creates) to create, \(updates) to update, \(same) unchanged"
                                : "no changes: the account matches the directory (\(same) resources unchanged)")
        return lines.joined(separator: "\n") + "\n"
    }
}
