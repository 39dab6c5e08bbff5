import MigrationTarget

/// Per-environment settings of a migration (docs/CONFIG.md): where artifacts go in
/// AWS and how hard the jobs may push. Never holds a secret: MySQL credentials live in the Glue
/// connection. Decoded and checked by `ConfigChecker` with the same diagnostics as the contract.
public struct MigrationConfig: Sendable, Equatable {
    public var region: String
    public var accountId: String
    public var s3: S3Settings
    public var glue: GlueSettings
    public var writes: WriteSettings
    /// Tags put on every resource deploy creates (role, jobs), besides the marker (`resourceTags`).
    public var tags: [String: String]

    public struct S3Settings: Sendable, Equatable {
        public var bucket: String
        public var scriptsPrefix: String
        public var tempPrefix: String
        public var deadLetterPrefix: String
        public var reportsPrefix: String
    }

    public struct GlueSettings: Sendable, Equatable {
        public var connectionName: String
        public var roleName: String
        /// "5.0" (default; Spark 3.5) or "4.0" (Spark 3.3).
        public var version: String
        public var workerType: String
        public var numberOfWorkers: Int
        public var timeoutMinutes: Int
        /// Job names are `<prefix><table>`.
        public var jobNamePrefix: String
        /// CloudWatch metrics namespace the job may publish to (and nothing else).
        public var metricsNamespace: String
        /// The Secrets Manager secret the Glue connection reads its credentials from, when it
        /// does: the role may `secretsmanager:GetSecretValue` on exactly this ARN.
        public var connectionSecretARN: String? = nil
    }

    /// The worker types a Spark ETL (`glueetl`) job accepts on the Glue versions the config
    /// allows (4.0, 5.0). From botocore's Glue model (`WorkerType`, CreateJob documentation):
    /// G.025X is "only available for Glue version 3.0 or later streaming jobs" and Z.2X is for
    /// Ray jobs, so neither is here; G.12X, G.16X and R.1X-R.8X need Glue 4.0 or later, and G.4X
    /// and larger exist only in some regions (AWS Glue docs, "Configuring job properties for
    /// Spark jobs", https://docs.aws.amazon.com/glue/latest/dg/add-job.html).
    /// Glue versions the job template is written for: 5.0 (Spark 3.5) and 4.0 (Spark 3.3).
    public static let allowedGlueVersions = ["4.0", "5.0"]

    public static let sparkWorkerTypes = ["G.1X", "G.2X", "G.4X", "G.8X", "G.12X", "G.16X", "R.1X", "R.2X", "R.4X", "R.8X"]
    /// Worker types Glue has for other job kinds, refused with the reason.
    public static let nonSparkWorkerTypes = ["G.025X": "streaming jobs (gluestreaming)", "Z.2X": "Ray jobs (glueray)",
                                             "Standard": "Glue 1.0 and earlier"]

    public struct WriteSettings: Sendable, Equatable {
        /// JDBC readers: ranges of `_partition_key` read in parallel, per source view.
        public var readPartitions: Int
        /// The fewest `_partition_key` values one read range covers: a source with a smaller key
        /// span is read in fewer ranges (each range is one SQL statement, whose fixed cost
        /// outweighs a few thousand rows; bench/README.md, section 1).
        public var minKeysPerReadRange: Int
        public var maxConcurrentWritesPerPartition: Int
        /// Attempts per item before it is dead-lettered (throttling, 5xx, connection errors).
        public var retryMaxAttempts: Int
        /// The circuit breaker opens when the failure ratio over the last `circuitBreakerWindow`
        /// writes passes this threshold.
        public var circuitBreakerFailureRatio: Double
        public var circuitBreakerWindow: Int
        /// Write-unit ceiling per second for every table (0 = none), overridable per table.
        public var maxWriteUnitsPerSecond: Int
        public var maxWriteUnitsPerSecondByTable: [String: Int]

        public func ceiling(for table: String) -> Int { maxWriteUnitsPerSecondByTable[table] ?? maxWriteUnitsPerSecond }
    }

    public func jobName(for table: String) -> String { glue.jobNamePrefix + table }
    /// The table's validation job (`glue/validate_<table>.py`): the load job's name + `-validate`.
    public func validationJobName(for table: String) -> String { jobName(for: table) + "-validate" }
    /// The partition of the config's region (`ARN.partition(ofRegion:)`): every ARN below is in it.
    public var partition: String { ARN.partition(ofRegion: region) }
    /// An ARN of the config's account and region; `global` for IAM, whose ARNs name no region.
    public func arn(_ service: String, _ resource: String, global: Bool = false) -> String {
        ARN(region: region, service: service, account: accountId, resource: resource, global: global).text
    }
    public func roleARN() -> String { arn("iam", "role/\(glue.roleName)", global: true) }
    public func tableARN(_ table: String) -> String { arn("dynamodb", "table/\(table)") }
}

extension MigrationConfig {
    /// The settings `generate` uses when no `--config` is given: placeholders that make the
    /// artifacts reviewable; `deploy` refuses them (account 000000000000).
    public static let placeholder = MigrationConfig(
        region: "us-east-1", accountId: "000000000000",
        s3: .init(bucket: "ddb-migrate-artifacts", scriptsPrefix: "ddb-migrate/scripts/", tempPrefix: "ddb-migrate/temp/",
                  deadLetterPrefix: "ddb-migrate/dead-letters/", reportsPrefix: "ddb-migrate/reports/"),
        glue: .init(connectionName: "mysql-source", roleName: "ddb-migrate-glue", version: "5.0", workerType: "G.1X",
                    numberOfWorkers: 2, timeoutMinutes: 2880, jobNamePrefix: "ddb-migrate-", metricsNamespace: "ddb-migrate"),
        writes: .init(readPartitions: 8, minKeysPerReadRange: 25_000, maxConcurrentWritesPerPartition: 8, retryMaxAttempts: 8,
                      circuitBreakerFailureRatio: 0.2, circuitBreakerWindow: 200, maxWriteUnitsPerSecond: 0,
                      maxWriteUnitsPerSecondByTable: [:]),
        tags: [:])
}
