import MySQL

/// One line of `cleanup`'s plan: a resource this migration may have created and what cleanup
/// does with it. Computed by `CleanupPlanner` with read-only calls, executed by `CleanupExecutor`.
public struct CleanupAction: Sendable {
    public enum Resource: Sendable, Equatable {
        case glueJob(name: String)
        /// An uploaded script (a manifest artifact that `becomes` an S3 object).
        case script(bucket: String, key: String)
        /// The objects the jobs write under one of the config's prefixes (dead letters, run
        /// summaries and reports, Glue's temp data); `keys` are the objects found there.
        case prefix(bucket: String, prefix: String, holds: String, keys: [String])
        case rolePolicy(role: String, policy: String)
        case role(name: String)
        case view(CreatedViewName)
        /// Listed only to say it is kept: cleanup never touches the DynamoDB tables or the bucket.
        case dynamoDBTable(name: String)
        case bucket(name: String)
    }

    public enum Disposition: Sendable, Equatable {
        case delete
        /// Left in place, and why.
        case keep(String)
        /// Not there (never created, or removed already): nothing to do.
        case absent
        /// There, but not ours (why): cleanup refuses to run at all.
        case notOurs(String)
    }

    public var resource: Resource
    public var disposition: Disposition

    public init(_ resource: Resource, _ disposition: Disposition) {
        self.resource = resource
        self.disposition = disposition
    }

    public var label: String {
        switch resource {
        case .glueJob(let name): return "Glue job \(name)"
        case .script(let bucket, let key): return "S3 object s3://\(bucket)/\(key)"
        case .prefix(let bucket, let prefix, let holds, let keys):
            return "S3 objects under s3://\(bucket)/\(prefix) (\(holds); \(keys.count) object\(keys.count == 1 ? "" : "s"))"
        case .rolePolicy(let role, let policy): return "IAM inline policy \(role)/\(policy)"
        case .role(let name): return "IAM role \(name)"
        case .view(let view): return "MySQL view \(view)"
        case .dynamoDBTable(let name): return "DynamoDB table \(name)"
        case .bucket(let name): return "S3 bucket \(name)"
        }
    }
}
