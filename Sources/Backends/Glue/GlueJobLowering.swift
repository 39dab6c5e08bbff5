import MigrationIR
import ContractSyntax
import Mustache

/// Lowers one table of the IR to its Glue job: the job spec (every contract value the job
/// needs, as one JSON document — the interface documented in templates/glue/README.md) rendered
/// into `templates/glue/job.py.mustache` as a Python literal, never pasted as code.
public enum GlueJobLowering {
    public static let specVersion = 1

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
            ("partitioned", .bool(boundsFrom(t) != nil)),
            ("bounds_from", .array((boundsFrom(t) ?? []).map { .object([("table", .string($0.table)), ("column", .string($0.column))]) })),
        ])
    }

    /// Each branch's row-source table and integer key column (the view's `_partition_key`),
    /// deduplicated; nil when some branch has none (the view is then read by one reader).
    static func boundsFrom(_ t: TableIR) -> [(table: String, column: String)]? {
        var out: [(table: String, column: String)] = []
        for b in t.branches {
            guard case let .column(c) = b.partitionKey else { return nil }
            if !out.contains(where: { $0.table == b.relation.table && $0.column == c }) { out.append((b.relation.table, c)) }
        }
        return out
    }

    /// The job script for `t`, from the template text.
    public static func render(_ t: TableIR, template: MustacheTemplate, contractHash: String) -> String {
        let context: [String: Any] = [
            "table_literal": PythonLiteral.string(t.name),
            "spec_literal": PythonLiteral.jsonText(spec(for: t)),
            "contract_sha256": contractHash,
        ]
        return template.render(context)
    }

    /// Glue job default arguments for `t` under config `c` (see docs/MANIFEST.md); the `--ddbm_*`
    /// names are the job's (templates/glue/README.md). `--ddbm_run_id` is set per run by deploy.
    /// Job bookmarks are always off: the job keeps its own high-water mark in S3
    /// (`<reports_prefix><table>/high-water-mark.json`), and a bookmark would skip rows on top.
    public static func defaultArguments(table t: TargetTableInfo, config c: MigrationConfig) -> [(String, String)] {
        let s3 = "s3://\(c.s3.bucket)/"
        return [
            ("--TempDir", s3 + c.s3.tempPrefix),
            ("--enable-continuous-cloudwatch-log", "true"),
            ("--enable-metrics", "true"),
            ("--extra-py-files", s3 + c.s3.scriptsPrefix + "ddbm_core.py"),
            ("--job-bookmark-option", "job-bookmark-disable"),
            ("--job-language", "python"),
            ("--ddbm_connection", c.glue.connectionName),
            ("--ddbm_dead_letter_uri", s3 + c.s3.deadLetterPrefix),
            ("--ddbm_report_uri", s3 + c.s3.reportsPrefix),
            ("--ddbm_partitions", String(c.writes.readPartitions)),
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
