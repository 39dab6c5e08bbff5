import ContractSyntax
import MigrationIR
import MigrationTarget

/// Lowers one table of the IR to its Glue job: the job spec (every contract value the job
/// needs, as one JSON document — the interface documented in templates/glue/README.md) rendered
/// into `templates/glue/job.py.mustache` as a Python literal, never pasted as code.
public enum GlueJobLowering {
    public static let specVersion = 2

    public static func spec(for t: TableIR) -> JSONDocument {
        .object([
            ("spec_version", .int(specVersion)),
            ("table", .string(t.name)),
            ("view", .string(t.viewName)),
            ("pk", .string(t.pk.name)),
            ("sk", t.sk.map { .string($0.name) } ?? .null),
            ("gsi_keys", JSONDocument.strings(t.gsiKeyNames)),
            ("attributes", .array(t.columns.map { .object([("name", .string($0.name)), ("type", .string($0.type.rawValue))]) })),
            ("write", .object([
                ("mode", .string(t.write.mode.rawValue)),
                ("version_attribute", t.write.versionAttribute.map { .string($0) } ?? .null),
            ])),
            ("bookmark_attribute", t.bookmarkAttribute.map { .string($0) } ?? .null),
            ("entity_column", t.hasEntityType ? .string("_entity_type") : .null),
            ("partition_column", .string("_partition_key")),
            ("sources", .array(sources(t))),
        ])
    }

    /// What the job reads: the table view of a single-entity table, or each entity's own view
    /// (its own columns, and the row-source key whose MIN/MAX bound its ranges, read through the
    /// key's index; null when the branch has no integer key: one reader).
    static func sources(_ t: TableIR) -> [JSONDocument] {
        t.branches.map { b in
            let bounds: JSONDocument
            switch b.partitionKey {
            case let .column(c): bounds = .object([("table", .string(b.relation.table)), ("column", .string(c))])
            case .none: bounds = .null
            }
            let columns = t.hasEntityType ? ViewLowering.ownColumns(b, of: t) : t.columns
            return .object([
                ("entity", b.entityType.map { .string($0) } ?? .null),
                ("view", .string(b.viewName ?? t.viewName)),
                ("columns", JSONDocument.strings(columns.map(\.name))),
                ("bounds", bounds),
            ])
        }
    }

    /// The job script for `t`, from the template text. `specLiteral` is
    /// `PythonLiteral.jsonText(spec(for: t))`, made once for both of the table's scripts.
    public static func render(_ t: TableIR, specLiteral: String, template: TextTemplate, contractHash: String) throws -> String {
        try template.render(jobContext(t, specLiteral: specLiteral, contractHash: contractHash))
    }

    /// What templates/glue/job.py.mustache renders from.
    static func jobContext(_ t: TableIR, specLiteral: String, contractHash: String) -> TemplateObject {
        [
            "table_literal": .text(PythonLiteral.string(t.name)),
            "spec_literal": .text(specLiteral),
            "contract_sha256": .text(contractHash),
        ]
    }

    /// The validation job script for `t` (`glue/validate_<table>.py`): the same spec as the load
    /// job's, and the contract's GSIs (`[{"index", "pk", "sk"}]`), both as Python literals.
    public static func renderValidation(_ t: TableIR, specLiteral: String, template: TextTemplate) throws -> String {
        try template.render(validationContext(t, specLiteral: specLiteral))
    }

    /// What templates/glue/validate.py.mustache renders from.
    static func validationContext(_ t: TableIR, specLiteral: String) -> TemplateObject {
        [
            "spec_literal": .text(specLiteral),
            "indexes_literal": .text(PythonLiteral.jsonText(indexes(for: t))),
        ]
    }

    /// The GSIs the validation job measures, in contract order.
    public static func indexes(for t: TableIR) -> JSONDocument {
        .array(t.gsis.map { g in
            .object([("index", .string(g.name)), ("pk", .string(g.pk.name)), ("sk", g.sk.map { .string($0.name) } ?? .null)])
        })
    }

    /// Where a table's scripts live in the generated directory (and, under the scripts prefix, in S3).
    public static func scriptPath(table: String) -> String { "glue/\(table).py" }
    public static func validationScriptPath(table: String) -> String { "glue/validate_\(table).py" }
    /// The modules every job imports, shipped next to the scripts (`--extra-py-files`).
    public static let coreModule = "ddbm_core.py"
    public static let validationModule = "ddbm_validate.py"

    /// Default arguments of the validation job of `t` (templates/glue/README.md, "The validation
    /// job"): where it reads from and writes to, and its parallelism, as the load job has them;
    /// the sample settings are per run. Bookmarks off: the job reads everything every run.
    public static func validationArguments(table t: TargetTable, config c: MigrationConfig) -> [(String, String)] {
        let s3 = "s3://\(c.s3.bucket)/"
        return [
            ("--TempDir", s3 + c.s3.tempPrefix),
            ("--enable-continuous-cloudwatch-log", "true"),
            ("--enable-metrics", "true"),
            ("--extra-py-files", [coreModule, validationModule].map { s3 + c.s3.scriptsPrefix + $0 }.joined(separator: ",")),
            ("--job-bookmark-option", "job-bookmark-disable"),
            ("--job-language", "python"),
            ("--ddbm_connection", c.glue.connectionName),
            ("--ddbm_report_uri", s3 + c.s3.reportsPrefix),
            ("--ddbm_partitions", String(c.writes.readPartitions)),
            ("--ddbm_min_range_keys", String(c.writes.minKeysPerReadRange)),
            ("--ddbm_region", c.region),
        ]
    }

    /// Glue job default arguments for `t` under config `c` (see docs/MANIFEST.md); the `--ddbm_*`
    /// names are the job's (templates/glue/README.md). `--ddbm_run_id` is set per run by deploy.
    /// Job bookmarks are always off: the job keeps its own high-water mark in S3
    /// (`<reports_prefix><table>/high-water-mark.json`), and a bookmark would skip rows on top.
    public static func defaultArguments(table t: TargetTable, config c: MigrationConfig) -> [(String, String)] {
        let s3 = "s3://\(c.s3.bucket)/"
        return [
            ("--TempDir", s3 + c.s3.tempPrefix),
            ("--enable-continuous-cloudwatch-log", "true"),
            ("--enable-metrics", "true"),
            ("--extra-py-files", s3 + c.s3.scriptsPrefix + coreModule),
            ("--job-bookmark-option", "job-bookmark-disable"),
            ("--job-language", "python"),
            ("--ddbm_connection", c.glue.connectionName),
            ("--ddbm_dead_letter_uri", s3 + c.s3.deadLetterPrefix),
            ("--ddbm_report_uri", s3 + c.s3.reportsPrefix),
            ("--ddbm_partitions", String(c.writes.readPartitions)),
            ("--ddbm_min_range_keys", String(c.writes.minKeysPerReadRange)),
            ("--ddbm_max_concurrent_writes", String(c.writes.maxConcurrentWritesPerPartition)),
            ("--ddbm_max_attempts", String(c.writes.retryMaxAttempts)),
            ("--ddbm_failure_threshold", String(c.writes.circuitBreakerFailureRatio)),
            ("--ddbm_failure_window", String(c.writes.circuitBreakerWindow)),
            ("--ddbm_max_write_units_per_second", String(c.writes.ceiling(for: t.name))),
            ("--ddbm_region", c.region),
            ("--ddbm_metrics_namespace", c.glue.metricsNamespace),
        ]
    }
}
