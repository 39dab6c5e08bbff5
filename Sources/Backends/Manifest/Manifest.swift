/// What `deploy` needs to know about one DynamoDB target table, to verify it before writing:
/// its key schema and GSIs as the contract defines them.
public struct TargetTableInfo: Sendable, Equatable {
    public struct Key: Sendable, Equatable {
        public var name: String
        /// "S", "N" or "B".
        public var type: String
        public init(name: String, type: String) { self.name = name; self.type = type }
    }
    public struct Index: Sendable, Equatable {
        public var name: String
        public var pk: Key
        public var sk: Key?
        public var projection: String
        public var projectedAttributes: [String]
        public init(name: String, pk: Key, sk: Key?, projection: String, projectedAttributes: [String]) {
            self.name = name; self.pk = pk; self.sk = sk; self.projection = projection; self.projectedAttributes = projectedAttributes
        }
    }
    public var name: String
    public var view: String
    public var pk: Key
    public var sk: Key?
    public var gsis: [Index]
    public var writeMode: String
    /// Every attribute of the table's items with its DynamoDB type (view column order).
    public var attributes: [Key]
    public init(name: String, view: String, pk: Key, sk: Key?, gsis: [Index], writeMode: String, attributes: [Key] = []) {
        self.name = name; self.view = view; self.pk = pk; self.sk = sk; self.gsis = gsis; self.writeMode = writeMode
        self.attributes = attributes
    }
}

/// `manifest.json`: every artifact with its SHA-256 and what AWS resource it becomes, the
/// jobs' properties, the target tables' expected shape, and the order of operations. This is
/// the one interface between `generate` and `deploy`/`plan`/`status`; its format is documented
/// in docs/MANIFEST.md and versioned by `manifest_version`.
public enum ManifestBuilder {
    public static let version = 1

    /// Deploy's steps, in order. `deploy` executes exactly these, `plan` previews them.
    public static let operations = [
        "verify-credentials-and-account", "verify-region", "verify-target-tables", "verify-glue-connection",
        "verify-connection-network", "verify-connection-secret", "verify-artifacts-bucket",
        "verify-point-in-time-recovery", "create-artifacts-bucket", "upload-scripts", "put-role", "put-role-policy",
        "create-or-update-jobs", "start-runs",
    ]

    public static func build(config c: MigrationConfig, contractFile: String, contractSHA256: String,
                             dialect: SQLDialect, artifacts: ArtifactSet, tables: [TargetTableInfo],
                             jobSpecs: [String: JSONDocument],
                             jobArguments: (TargetTableInfo) -> [(String, String)],
                             validationArguments: (TargetTableInfo) -> [(String, String)]) -> JSONDocument {
        func scriptURI(_ file: String) -> String { "s3://\(c.s3.bucket)/\(c.s3.scriptsPrefix)\(file)" }
        /// A glue/ artifact's object: the scripts prefix + its file name (as `becomes.key` below).
        func location(_ path: String) -> String { scriptURI(String(path.dropFirst("glue/".count))) }
        func arguments(_ pairs: [(String, String)]) -> JSONDocument { .object(pairs.map { ($0.0, .string($0.1)) }) }
        var artifactDocs: [JSONDocument] = []
        for path in artifacts.paths {
            var becomes: JSONDocument
            if path.hasPrefix("glue/"), path.hasSuffix(".py") {
                becomes = .object([("kind", .string("s3-object")), ("bucket", .string(c.s3.bucket)),
                                   ("key", .string(c.s3.scriptsPrefix + String(path.dropFirst("glue/".count))))])
            } else if path == "iam/trust-policy.json" {
                becomes = .object([("kind", .string("iam-role-trust-policy")), ("role_name", .string(c.glue.roleName))])
            } else if path.hasPrefix("iam/") {
                becomes = .object([("kind", .string("iam-role-inline-policy")), ("role_name", .string(c.glue.roleName)),
                                   ("policy_name", .string(policyName(c)))])
            } else if path == "views.sql" {
                becomes = .object([("kind", .string("mysql-views")), ("applied_by", .string("ddb-migrate apply-views"))])
            } else {
                becomes = .object([("kind", .string("documentation"))])
            }
            artifactDocs.append(.object([
                ("path", .string(path)),
                ("sha256", .string(artifacts.sha256(of: path) ?? "")),
                ("bytes", .int(artifacts.files[path]?.count ?? 0)),
                ("becomes", becomes),
            ]))
        }
        let jobs: [JSONDocument] = tables.sorted { $0.name < $1.name }.map { t in
            .object([
                ("name", .string(c.jobName(for: t.name))),
                ("table", .string(t.name)),
                ("script", .string(GlueJobLowering.scriptPath(table: t.name))),
                ("script_location", .string(location(GlueJobLowering.scriptPath(table: t.name)))),
                ("extra_py_files", .string(scriptURI(GlueJobLowering.coreModule))),
                ("glue_version", .string(c.glue.version)),
                ("worker_type", .string(c.glue.workerType)),
                ("number_of_workers", .int(c.glue.numberOfWorkers)),
                ("timeout_minutes", .int(c.glue.timeoutMinutes)),
                ("max_concurrent_runs", .int(1)),
                ("max_retries", .int(0)),
                ("connections", JSONDocument.strings([c.glue.connectionName])),
                ("role_arn", .string(c.roleARN())),
                ("default_arguments", arguments(jobArguments(t))),
                ("tags", .object(c.resourceTags.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                // The document embedded in both scripts of the table (JOB_SPEC_JSON), for `validate`.
                ("job_spec", jobSpecs[t.name] ?? .null),
                // The table's validation job: the load job's role, Glue version, workers, timeout,
                // connection and tags, with its own name, script and arguments.
                ("validation", .object([
                    ("name", .string(c.validationJobName(for: t.name))),
                    ("script", .string(GlueJobLowering.validationScriptPath(table: t.name))),
                    ("script_location", .string(location(GlueJobLowering.validationScriptPath(table: t.name)))),
                    ("extra_py_files", .string([GlueJobLowering.coreModule, GlueJobLowering.validationModule].map(scriptURI).joined(separator: ","))),
                    ("default_arguments", arguments(validationArguments(t))),
                ])),
            ])
        }
        let tableDocs: [JSONDocument] = tables.sorted { $0.name < $1.name }.map { t in
            func key(_ k: TargetTableInfo.Key) -> JSONDocument { .object([("name", .string(k.name)), ("type", .string(k.type))]) }
            return .object([
                ("name", .string(t.name)),
                ("arn", .string(c.tableARN(t.name))),
                ("view", .string(t.view)),
                ("write_mode", .string(t.writeMode)),
                ("partition_key", key(t.pk)),
                ("sort_key", t.sk.map(key) ?? .null),
                ("attributes", .array(t.attributes.map(key))),
                ("global_secondary_indexes", .array(t.gsis.map { g in
                    .object([
                        ("name", .string(g.name)), ("partition_key", key(g.pk)), ("sort_key", g.sk.map(key) ?? .null),
                        ("projection", .string(g.projection)), ("projected_attributes", JSONDocument.strings(g.projectedAttributes)),
                    ])
                })),
            ])
        }
        return .object([
            ("manifest_version", .int(version)),
            ("tool", .string("ddb-migrate")),
            ("contract", .object([("file", .string(contractFile)), ("sha256", .string(contractSHA256))])),
            // views.sql's dialect and the oldest server it loads on (`apply-views` checks it first).
            ("views", .object([
                ("dialect", .string(dialect.rawValue)),
                ("minimum_server", .string("\(dialect.minimumServer.product.rawValue) \(dialect.minimumServer.version.map(String.init).joined(separator: "."))")),
            ])),
            ("region", .string(c.region)),
            ("account_id", .string(c.accountId)),
            ("s3", .object([
                ("bucket", .string(c.s3.bucket)), ("scripts_prefix", .string(c.s3.scriptsPrefix)),
                ("temp_prefix", .string(c.s3.tempPrefix)), ("dead_letter_prefix", .string(c.s3.deadLetterPrefix)),
                ("reports_prefix", .string(c.s3.reportsPrefix)),
            ])),
            ("iam", .object([
                ("role_name", .string(c.glue.roleName)), ("role_arn", .string(c.roleARN())),
                ("trust_policy", .string("iam/trust-policy.json")),
                ("policy_name", .string(policyName(c))), ("policy", .string("iam/\(c.glue.roleName)-policy.json")),
            ])),
            ("glue_connection", .string(c.glue.connectionName)),
            ("glue_connection_secret_arn", c.glue.connectionSecretARN.map { .string($0) } ?? .null),
            ("artifacts", .array(artifactDocs)),
            ("jobs", .array(jobs)),
            ("tables", .array(tableDocs)),
            ("operations", JSONDocument.strings(operations)),
        ])
    }

    public static func policyName(_ c: MigrationConfig) -> String { "\(c.glue.roleName)-policy" }
}
