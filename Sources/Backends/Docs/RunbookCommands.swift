/// Every command the generated runbooks print, built from the IR's and the config's names as
/// word lists and quoted by `ShellWords` (the one quoting function). Run from the generated
/// directory (`.`).
///
/// What `generate` cannot know stays an UPPER_CASE placeholder the text says where to read:
/// `CONFIG` (the config file), the MySQL URL, `RUN_ID` / `JOB_RUN_ID` / `RUN_STARTED_AT` / `RUN_FINISHED_AT` (a run's,
/// from `ddb-migrate status` or its summary) and `BACKUP_ARN` (printed by `create-backup`).
public struct RunbookCommands {
    public static let configPlaceholder = "CONFIG"
    public static let mysqlPlaceholder = "mysql://USER@HOST:3306/DB"
    public static let runStartedAtPlaceholder = "RUN_STARTED_AT"

    let c: MigrationConfig
    public init(config: MigrationConfig) { c = config }

    func aws(_ service: String, _ operation: String, _ args: [String]) -> String {
        ShellWords.command(["aws", service, operation, "--region", c.region] + args)
    }
    func ddbMigrate(_ sub: String, _ args: [String]) -> String {
        ShellWords.command(["ddb-migrate", sub, ".", "--config", Self.configPlaceholder] + args)
    }

    // MARK: our own commands

    public var status: String { ddbMigrate("status", []) }
    public var statusWatch: String { ddbMigrate("status", ["--watch"]) }
    public var report: String { ddbMigrate("report", []) }
    public var plan: String { ddbMigrate("plan", ["--mysql", Self.mysqlPlaceholder]) }
    public var validateAll: String { ddbMigrate("validate", ["--mysql", Self.mysqlPlaceholder]) }
    public var cleanupDryRun: String { ddbMigrate("cleanup", ["--mysql", Self.mysqlPlaceholder, "--dry-run"]) }
    public var cleanupYes: String { ddbMigrate("cleanup", ["--mysql", Self.mysqlPlaceholder, "--yes"]) }
    public var cleanupAll: String { ddbMigrate("cleanup", ["--mysql", Self.mysqlPlaceholder, "--all", "--dry-run"]) }
    public var cleanupAllYes: String { ddbMigrate("cleanup", ["--mysql", Self.mysqlPlaceholder, "--all", "--yes"]) }
    public var applyViews: String { ShellWords.command(["ddb-migrate", "apply-views", ".", "--mysql", Self.mysqlPlaceholder]) }
    public func validate(_ table: String) -> String { ddbMigrate("validate", ["--mysql", Self.mysqlPlaceholder, "--table", table]) }
    public func rerun(_ table: String, full: Bool = false) -> String {
        ddbMigrate("deploy", ["--run", "--wait", "--table", table] + (full ? ["--full"] : []))
    }
    public func replay(_ table: String, run: String? = nil, dryRun: Bool = false) -> String {
        ddbMigrate("replay", ["--mysql", Self.mysqlPlaceholder, "--table", table] + (run.map { ["--run", $0] } ?? [])
                   + (dryRun ? ["--dry-run"] : []))
    }

    // MARK: Glue and CloudWatch

    public func jobRuns(_ job: String) -> String { aws("glue", "get-job-runs", ["--job-name", job, "--max-results", "5"]) }
    public func jobRun(_ job: String) -> String { aws("glue", "get-job-run", ["--job-name", job, "--run-id", "JOB_RUN_ID"]) }
    public func driverLog(group: String) -> String {
        aws("logs", "get-log-events", ["--log-group-name", group, "--log-stream-name", GlueLogGroups.driverStream(jobRunId: "JOB_RUN_ID"),
                                       "--no-start-from-head", "--limit", "100"])
    }
    public func listMetrics(_ table: String) -> String {
        aws("cloudwatch", "list-metrics", ["--namespace", c.glue.metricsNamespace, "--dimensions", "Name=Table,Value=\(table)"])
    }
    public func metricSum(_ table: String, metric: String) -> String {
        aws("cloudwatch", "get-metric-statistics", ["--namespace", c.glue.metricsNamespace, "--metric-name", metric,
                                                    "--dimensions", "Name=Table,Value=\(table)", "--statistics", "Sum",
                                                    "--period", "86400", "--start-time", Self.runStartedAtPlaceholder,
                                                    "--end-time", "END_TIME"])
    }
    public func consumedWrites(_ table: String) -> String {
        aws("cloudwatch", "get-metric-statistics", ["--namespace", "AWS/DynamoDB", "--metric-name", "ConsumedWriteCapacityUnits",
                                                    "--dimensions", "Name=TableName,Value=\(table)", "--statistics", "Sum",
                                                    "--period", "300", "--start-time", Self.runStartedAtPlaceholder,
                                                    "--end-time", "RUN_FINISHED_AT"])
    }
    /// PutMetricAlarm with the alarm's whole request as options, as the AWS CLI names them
    /// (`cliOption`), over a few lines: the name, the description, the metric, its statistic,
    /// the condition; then `--alarm-actions` when given.
    public func putAlarm(_ a: AlarmDefinitions.Alarm, actions: String? = nil) -> String {
        guard case .object(let members) = a.request else { preconditionFailure("an alarm's request is an object") }
        var lines: [[String]] = [["aws", "cloudwatch", "put-metric-alarm", "--region", c.region]]
        for (name, value) in members {
            if Self.alarmLineStarts.contains(name) { lines.append([]) }
            lines[lines.count - 1] += Self.cliOption(name, value)
        }
        if let actions { lines.append(["--alarm-actions", actions]) }
        return ShellWords.command(lines: lines)
    }
    public func putAlarmWithActions(_ a: AlarmDefinitions.Alarm) -> String { putAlarm(a, actions: topicPlaceholder) }
    private static let alarmLineStarts = ["AlarmDescription", "Namespace", "Statistic", "Threshold"]

    /// A request member as the AWS CLI takes it ("Specifying parameter values for the AWS CLI",
    /// https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters.html): the option is
    /// the member's name in kebab-case (`DatapointsToAlarm` -> `--datapoints-to-alarm`), a boolean
    /// is the option alone or its `--no-` form, a list or structure is JSON text; a null member is
    /// left out.
    static func cliOption(_ member: String, _ value: JSONDocument) -> [String] {
        // Over the name's bytes (the request's member names are ASCII): by Character, with a
        // `lowercased()` String for each, this was a tenth of a 1,000-table generate.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(member.utf8.count + 6)
        for b in member.utf8 {
            if b >= UInt8(ascii: "A"), b <= UInt8(ascii: "Z") {
                if !bytes.isEmpty { bytes.append(UInt8(ascii: "-")) }
                bytes.append(b + 32)
            } else {
                bytes.append(b)
            }
        }
        let kebab = String(decoding: bytes, as: UTF8.self)
        switch value {
        case .bool(let b): return [(b ? "--" : "--no-") + kebab]
        case .string(let s): return ["--" + kebab, s]
        case .int(let i): return ["--" + kebab, String(i)]
        case .double(let d): return ["--" + kebab, JSONDocument.numberText(d)]
        case .array, .object: return ["--" + kebab, value.rendered(pretty: false)]
        case .null: return []
        }
    }
    public var topicPlaceholder: String { c.arn("sns", "TOPIC_NAME") }
    public func describeAlarms(_ table: String) -> String {
        aws("cloudwatch", "describe-alarms", ["--alarm-name-prefix", c.jobName(for: table) + "-"])
    }

    // MARK: DynamoDB backups and restores

    /// The table a restore creates next to the original: DynamoDB has no rename, so the restored
    /// copy gets its own name (at most 255 characters, like every table name).
    public static func restoredName(_ table: String) -> String { String(table.prefix(255 - 9)) + "-restored" }
    public static func backupName(_ table: String, _ suffix: String) -> String { String(table.prefix(255 - 1 - suffix.count)) + "-" + suffix }

    public func describeContinuousBackups(_ table: String) -> String { aws("dynamodb", "describe-continuous-backups", ["--table-name", table]) }
    public func enablePITR(_ table: String) -> String {
        aws("dynamodb", "update-continuous-backups", ["--table-name", table,
                                                      "--point-in-time-recovery-specification", "PointInTimeRecoveryEnabled=true"])
    }
    public func restoreToPointInTime(_ table: String) -> String {
        aws("dynamodb", "restore-table-to-point-in-time", ["--source-table-name", table, "--target-table-name", Self.restoredName(table),
                                                           "--restore-date-time", Self.runStartedAtPlaceholder])
    }
    public func tableStatus(_ table: String) -> String { aws("dynamodb", "describe-table", ["--table-name", table, "--query", "Table.TableStatus"]) }
    public func createBackup(_ table: String, suffix: String) -> String {
        aws("dynamodb", "create-backup", ["--table-name", table, "--backup-name", Self.backupName(table, suffix),
                                          "--query", "BackupDetails.BackupArn", "--output", "text"])
    }
    public func listBackups(_ table: String) -> String { aws("dynamodb", "list-backups", ["--table-name", table]) }
    public func restoreFromBackup(into table: String) -> String {
        aws("dynamodb", "restore-table-from-backup", ["--target-table-name", table, "--backup-arn", "BACKUP_ARN"])
    }
    public var deleteBackup: String { aws("dynamodb", "delete-backup", ["--backup-arn", "BACKUP_ARN"]) }
    public func deleteTable(_ table: String) -> String { aws("dynamodb", "delete-table", ["--table-name", table]) }
    public func billingMode(_ table: String) -> String {
        aws("dynamodb", "describe-table", ["--table-name", table, "--query", "Table.[BillingModeSummary.BillingMode,ProvisionedThroughput]"])
    }
    public func onDemand(_ table: String) -> String { aws("dynamodb", "update-table", ["--table-name", table, "--billing-mode", "PAY_PER_REQUEST"]) }
    public func indexProjections(_ table: String) -> String {
        aws("dynamodb", "describe-table", ["--table-name", table,
                                           "--query", "Table.GlobalSecondaryIndexes[].[IndexName,Projection.ProjectionType,IndexSizeBytes]"])
    }
    public func timeToLive(_ table: String) -> String { aws("dynamodb", "describe-time-to-live", ["--table-name", table]) }

    // MARK: S3 (the run outputs, templates/glue/README.md "Outputs")

    public func list(prefix: String) -> String {
        aws("s3api", "list-objects-v2", ["--bucket", c.s3.bucket, "--prefix", prefix, "--query", "Contents[].[Key,Size,LastModified]", "--output", "text"])
    }
    public func get(key: String, to file: String) -> String { aws("s3api", "get-object", ["--bucket", c.s3.bucket, "--key", key, file]) }
    public func delete(key: String) -> String { aws("s3api", "delete-object", ["--bucket", c.s3.bucket, "--key", key]) }
    public func deadLetterPrefix(_ table: String, run: String? = nil) -> String {
        c.s3.deadLetterPrefix + table + "/" + (run.map { $0 + "/" } ?? "")
    }
    public func reportsPrefix(_ table: String) -> String { c.s3.reportsPrefix + table + "/" }
}
