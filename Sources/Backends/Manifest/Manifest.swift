import MigrationTarget

/// `manifest.json`: every artifact with its SHA-256 and what AWS resource it becomes, the jobs'
/// properties, and the target tables' expected shape. The one interface between `generate` and
/// `plan`/`deploy`/`status`/`run-local`/`validate`/`report`/`cleanup`, and one type for both
/// sides: `generate` builds and encodes it (`ManifestEncoder`), `GeneratedDirectory` decodes it
/// (JSONDecoder, `.convertFromSnakeCase`) and verifies the artifacts' digests. Format:
/// docs/MANIFEST.md; versioned by `manifest_version`. Stored properties are in file order.
public struct Manifest: Codable, Sendable {
    public static let version = 1

    public var manifestVersion: Int
    public var tool: String
    public var contract: Contract
    /// views.sql's dialect (`mysql8`, `mariadb`) and the oldest server it loads on.
    public var views: Views
    public var region: String
    public var accountId: String
    public var s3: S3
    public var iam: IAM
    public var glueConnection: String
    /// The Secrets Manager secret the role may read for the connection (`glue.connection_secret_arn`).
    public var glueConnectionSecretArn: String?
    public var artifacts: [Artifact]
    public var jobs: [Job]
    public var tables: [TargetTable]

    public struct Contract: Codable, Sendable { public var file: String; public var sha256: String }
    public struct Views: Codable, Sendable { public var dialect: String; public var minimumServer: String }
    public struct S3: Codable, Sendable {
        public var bucket: String, scriptsPrefix: String, tempPrefix: String, deadLetterPrefix: String, reportsPrefix: String
    }
    public struct IAM: Codable, Sendable {
        public var roleName: String, roleArn: String, trustPolicy: String, policyName: String, policy: String
    }

    public struct Artifact: Codable, Sendable {
        public var path: String, sha256: String, bytes: Int
        public var becomes: Becomes
    }

    /// What an artifact becomes; only the fields of its kind are written.
    public struct Becomes: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable {
            case s3Object = "s3-object", iamRoleTrustPolicy = "iam-role-trust-policy"
            case iamRoleInlinePolicy = "iam-role-inline-policy", mysqlViews = "mysql-views", documentation
        }
        public var kind: Kind
        /// `s3-object`: where deploy uploads it.
        public var bucket: String?, key: String?
        /// The IAM kinds: the role (and inline policy) it is put on.
        public var roleName: String?, policyName: String?
        /// `mysql-views`: the command that applies it.
        public var appliedBy: String?

        public init(kind: Kind, bucket: String? = nil, key: String? = nil, roleName: String? = nil,
                    policyName: String? = nil, appliedBy: String? = nil) {
            self.kind = kind; self.bucket = bucket; self.key = key
            self.roleName = roleName; self.policyName = policyName; self.appliedBy = appliedBy
        }

        private enum CodingKeys: String, CodingKey { case kind, bucket, key, roleName, policyName, appliedBy }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kind, forKey: .kind)
            for (key, value) in [(CodingKeys.bucket, bucket), (.key, key), (.roleName, roleName), (.policyName, policyName), (.appliedBy, appliedBy)] {
                if let value { try c.encode(value, forKey: key) }
            }
        }
    }

    public struct Job: Codable, Sendable {
        public var name: String, table: String, script: String, scriptLocation: String, extraPyFiles: String
        public var glueVersion: String, workerType: String, numberOfWorkers: Int, timeoutMinutes: Int
        public var maxConcurrentRuns: Int, maxRetries: Int, connections: [String], roleArn: String
        public var defaultArguments: [String: String], tags: [String: String]
        /// The document both scripts of the table embed as JOB_SPEC_JSON (templates/glue/README.md,
        /// schemas/job-spec.v2.schema.json); `validate` reads it through `GeneratedDirectory.jobSpecJSON`.
        public var jobSpec: JSONDocument
        /// The table's validation job (docs/MANIFEST.md): deployed with this job's role, Glue
        /// version, workers, timeout, connections and tags.
        public var validation: Validation
    }

    public struct Validation: Codable, Sendable {
        public var name: String, script: String, scriptLocation: String, extraPyFiles: String
        public var defaultArguments: [String: String]
    }

    /// The AWS partition of the manifest's region (`aws`, `aws-cn`, `aws-us-gov`).
    public var partition: String { ARN.partition(ofRegion: region) }

    /// The ARN Glue tags job `name` under (Glue API, "Specifying AWS Glue resource ARNs":
    /// `arn:PARTITION:glue:region:account-id:job/job-name`); GetTags and TagResource take it.
    public func jobARN(_ name: String) -> String {
        ARN(region: region, service: "glue", account: accountId, resource: "job/\(name)").text
    }

    /// The marker tag deploy puts on what it creates, and cleanup looks for (`MigrationMarker`).
    public var marker: (key: String, value: String) { (MigrationMarker.key, MigrationMarker.value(roleName: iam.roleName)) }

    /// The manifest as generate writes it (two-space indent, fields in order, trailing newline).
    public func rendered() throws -> String { try ManifestEncoder.render(self) }
}

extension Manifest {
    /// The manifest's `jobs` and `tables`, both in table-name order: everything that does not
    /// depend on the artifacts, so `generate` builds and encodes it beside them.
    public struct Targets: Sendable {
        public var jobs: [Job]
        public var tables: [TargetTable]

        /// For config `c`: `tables` the contract's target tables, `jobSpecs` each table's job
        /// spec by table name.
        public init(config c: MigrationConfig, tables: [TargetTable], jobSpecs: [String: JSONDocument],
                    jobArguments: (TargetTable) -> [(String, String)],
                    validationArguments: (TargetTable) -> [(String, String)]) {
            func scriptURI(_ file: String) -> String { Manifest.scriptURI(file, config: c) }
            /// A glue/ artifact's object: the scripts prefix + its file name (as `becomes.key`).
            func location(_ path: String) -> String { scriptURI(String(path.dropFirst("glue/".count))) }
            func arguments(_ pairs: [(String, String)]) -> [String: String] { Dictionary(pairs, uniquingKeysWith: { _, last in last }) }
            self.tables = tables.sorted { $0.name < $1.name }
            jobs = self.tables.map { t in
                Job(name: c.jobName(for: t.name), table: t.name,
                    script: GlueJobLowering.scriptPath(table: t.name),
                    scriptLocation: location(GlueJobLowering.scriptPath(table: t.name)),
                    extraPyFiles: scriptURI(GlueJobLowering.coreModule),
                    glueVersion: c.glue.version, workerType: c.glue.workerType, numberOfWorkers: c.glue.numberOfWorkers,
                    timeoutMinutes: c.glue.timeoutMinutes, maxConcurrentRuns: 1, maxRetries: 0,
                    connections: [c.glue.connectionName], roleArn: c.roleARN(),
                    defaultArguments: arguments(jobArguments(t)), tags: c.resourceTags,
                    jobSpec: jobSpecs[t.name] ?? .null,
                    // The load job's role, Glue version, workers, timeout, connection and tags,
                    // with its own name, script and arguments.
                    validation: Validation(
                        name: c.validationJobName(for: t.name),
                        script: GlueJobLowering.validationScriptPath(table: t.name),
                        scriptLocation: location(GlueJobLowering.validationScriptPath(table: t.name)),
                        extraPyFiles: [GlueJobLowering.coreModule, GlueJobLowering.validationModule].map(scriptURI).joined(separator: ","),
                        defaultArguments: arguments(validationArguments(t))))
            }
        }
    }

    /// The manifest of a directory generated from the contract (`contractFile`, `contractSHA256`)
    /// under config `c`: `artifacts` are every other file written.
    public init(config c: MigrationConfig, contractFile: String, contractSHA256: String, dialect: SQLDialect,
                artifacts: ArtifactSet, targets: Targets) {
        let policyName = Manifest.policyName(c)
        self.init(
            manifestVersion: Manifest.version, tool: "ddb-migrate",
            contract: Contract(file: contractFile, sha256: contractSHA256),
            views: Views(dialect: dialect.rawValue,
                         minimumServer: "\(dialect.minimumServer.product.rawValue) \(dialect.minimumServer.version.map(String.init).joined(separator: "."))"),
            region: c.region, accountId: c.accountId,
            s3: S3(bucket: c.s3.bucket, scriptsPrefix: c.s3.scriptsPrefix, tempPrefix: c.s3.tempPrefix,
                   deadLetterPrefix: c.s3.deadLetterPrefix, reportsPrefix: c.s3.reportsPrefix),
            iam: IAM(roleName: c.glue.roleName, roleArn: c.roleARN(), trustPolicy: IAMPolicies.trustPolicyPath,
                     policyName: policyName, policy: IAMPolicies.rolePolicyPath(roleName: c.glue.roleName)),
            glueConnection: c.glue.connectionName, glueConnectionSecretArn: c.glue.connectionSecretARN,
            artifacts: artifacts.paths.map { path in
                let becomes: Becomes
                if path.hasPrefix("glue/"), path.hasSuffix(".py") {
                    becomes = Becomes(kind: .s3Object, bucket: c.s3.bucket, key: c.s3.scriptsPrefix + String(path.dropFirst("glue/".count)))
                } else if path == IAMPolicies.trustPolicyPath {
                    becomes = Becomes(kind: .iamRoleTrustPolicy, roleName: c.glue.roleName)
                } else if path.hasPrefix("iam/") {
                    becomes = Becomes(kind: .iamRoleInlinePolicy, roleName: c.glue.roleName, policyName: policyName)
                } else if path == "views.sql" {
                    becomes = Becomes(kind: .mysqlViews, appliedBy: "ddb-migrate apply-views")
                } else {
                    becomes = Becomes(kind: .documentation)
                }
                return Artifact(path: path, sha256: artifacts.sha256(of: path) ?? "", bytes: artifacts.files[path]?.count ?? 0, becomes: becomes)
            },
            jobs: targets.jobs,
            tables: targets.tables)
    }

    /// Where deploy uploads the script `file` (a name under glue/).
    static func scriptURI(_ file: String, config c: MigrationConfig) -> String { "s3://\(c.s3.bucket)/\(c.s3.scriptsPrefix)\(file)" }

    public static func policyName(_ c: MigrationConfig) -> String { "\(c.glue.roleName)-policy" }
}
