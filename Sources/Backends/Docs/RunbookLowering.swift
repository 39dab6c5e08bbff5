import Foundation
import MigrationIR
import ContractSyntax

/// The operational runbooks next to `docs/runbook.md`: one Mustache template per document
/// (`templates/docs/<name>.md.mustache`), all rendered from one context built here, so every
/// name, prefix and command is computed once (commands by `RunbookCommands`, alarms by
/// `AlarmDefinitions`) and each document takes what it needs.
public enum RunbookLowering {
    /// The documents, in the order runbook.md links them.
    public static let documents = ["operations", "rollback", "disaster-recovery", "dead-letters", "capacity",
                                   "cleanup", "maintenance", "cost"]

    public static func templatePath(_ document: String) -> String { "docs/\(document).md.mustache" }
    public static func outputPath(_ document: String) -> String { "docs/\(document).md" }

    /// Every table's alarms, the tables sorted by name: built once per generate, for the runbooks'
    /// context and for the check that no two share a name.
    public static func alarms(_ ir: MigrationIR, config c: MigrationConfig) -> [[AlarmDefinitions.Alarm]] {
        sortedTables(ir).map { AlarmDefinitions.alarms($0, config: c) }
    }

    static func sortedTables(_ ir: MigrationIR) -> [TableIR] { ir.tables.sorted { $0.name < $1.name } }

    /// What every runbook template renders from (built once per generate: it is the dear part).
    /// `alarms` is `alarms(ir, config: c)`.
    static func context(_ ir: MigrationIR, config c: MigrationConfig, alarms tableAlarms: [[AlarmDefinitions.Alarm]]) -> TemplateObject {
        let cmd = RunbookCommands(config: c)
        let price = DynamoDBPricing.onDemandDollarsPerMillionWriteUnits
        let tables: [TemplateValue] = zip(sortedTables(ir), tableAlarms).map { t, alarms in
            let job = c.jobName(for: t.name)
            let ceiling = c.writes.ceiling(for: t.name)
            let large = t.columns.filter { [.B, .M, .L, .SS, .NS, .BS].contains($0.type) }.map { "\($0.name) (\($0.type.rawValue))" }
            var d: TemplateObject = [
                "name": .text(t.name),
                "dead_letter_uri": .text("s3://\(c.s3.bucket)/\(cmd.deadLetterPrefix(t.name))"),
                "reports_uri": .text("s3://\(c.s3.bucket)/\(cmd.reportsPrefix(t.name))"),
                "restored_name": .text(RunbookCommands.restoredName(t.name)),
                "alarms": .list(alarms.map {
                    .object(["alarm_name": .text($0.alarmName), "what": .text($0.what), "put": .text(cmd.putAlarm($0))])
                }),
                "describe_alarms": .text(cmd.describeAlarms(t.name)),
                "job_runs": .text(cmd.jobRuns(job)), "job_run": .text(cmd.jobRun(job)),
                "validate_job_runs": .text(cmd.jobRuns(c.validationJobName(for: t.name))),
                "list_metrics": .text(cmd.listMetrics(t.name)), "items_written": .text(cmd.metricSum(t.name, metric: "ItemsWritten")),
                "consumed_writes": .text(cmd.consumedWrites(t.name)),
                "validate": .text(cmd.validate(t.name)),
                "rerun": .text(cmd.rerun(t.name)), "rerun_full": .text(cmd.rerun(t.name, full: true)),
                "incremental": .flag(t.bookmarkAttribute != nil),
                "replay_dry_run": .text(cmd.replay(t.name, dryRun: true)), "replay": .text(cmd.replay(t.name)),
                "replay_run": .text(cmd.replay(t.name, run: "RUN_ID")),
                "list_dead_letters": .text(cmd.list(prefix: cmd.deadLetterPrefix(t.name))),
                "get_dead_letters": .text(cmd.get(key: cmd.deadLetterPrefix(t.name, run: "RUN_ID") + "part-00000.jsonl", to: "\(t.name)-dead-letters.jsonl")),
                "delete_dead_letters": .text(cmd.delete(key: cmd.deadLetterPrefix(t.name, run: "RUN_ID") + "part-00000.jsonl")),
                "list_summaries": .text(cmd.list(prefix: cmd.reportsPrefix(t.name))),
                "get_summary": .text(cmd.get(key: cmd.reportsPrefix(t.name) + "RUN_ID.json", to: "\(t.name)-RUN_ID.json")),
                "describe_continuous_backups": .text(cmd.describeContinuousBackups(t.name)), "enable_pitr": .text(cmd.enablePITR(t.name)),
                "restore_pitr": .text(cmd.restoreToPointInTime(t.name)),
                "restored_status": .text(cmd.tableStatus(RunbookCommands.restoredName(t.name))),
                "backup_before": .text(cmd.createBackup(t.name, suffix: "before-migration")),
                "backup_monthly": .text(cmd.createBackup(t.name, suffix: "monthly")),
                "backup_migrated": .text(cmd.createBackup(t.name, suffix: "migrated")),
                "backup_restored": .text(cmd.createBackup(RunbookCommands.restoredName(t.name), suffix: "swap")),
                "list_backups": .text(cmd.listBackups(t.name)), "restore_backup": .text(cmd.restoreFromBackup(into: t.name)),
                "restore_backup_copy": .text(cmd.restoreFromBackup(into: RunbookCommands.restoredName(t.name))),
                "delete_table": .text(cmd.deleteTable(t.name)), "table_status": .text(cmd.tableStatus(t.name)),
                "billing_mode": .text(cmd.billingMode(t.name)), "on_demand": .text(cmd.onDemand(t.name)),
                "index_projections": .text(cmd.indexProjections(t.name)), "time_to_live": .text(cmd.timeToLive(t.name)),
                "rollback_meaning": .text(rollbackMeaning(t.write.mode)),
                "ceiling": .text(ceiling == 0 ? "none (`writes.max_write_units_per_second` is 0: the table's own capacity is the limit)"
                    : "\(ceiling) write units per second (`writes.max_write_units_per_second\(c.writes.maxWriteUnitsPerSecondByTable[t.name] != nil ? "_by_table" : "")`)"),
                "ceiling_partitions": .text(ceilingNote(ceiling)),
                "large_attributes": .texts(large), "has_large_attributes": .flag(!large.isEmpty),
                "gsis": .list(t.gsis.sorted { $0.name < $1.name }.map { g in
                    var gd: TemplateObject = ["name": .text(g.name), "projection": .text(g.projection.rawValue),
                                              "write_cost": .text(gsiWriteCost(g.projection, itemSize: t.estimatedItemSize))]
                    if !g.projectedAttributes.isEmpty { gd["projected"] = .text(g.projectedAttributes.joined(separator: ", ")) }
                    return .object(gd)
                }),
            ]
            if let size = t.estimatedItemSize {
                let units = max(1, (size + DynamoDBPricing.bytesPerWriteUnit - 1) / DynamoDBPricing.bytesPerWriteUnit)
                let indexUnits = t.gsis.reduce(0) { $0 + ($1.projection == .all ? units : 1) }
                d["item_size"] = .number(size)
                d["item_write_units"] = .number(units)
                d["item_write_units_with_indexes"] = .number(units + indexUnits)
                d["dollars_per_million_items"] = .text(String(format: "%.2f", Double(units + indexUnits) * price))
                if ceiling > 0 {
                    d["seconds_per_million_items"] = .text(duration(Double(units) * 1_000_000 / Double(ceiling)))
                }
            }
            if let b = t.bookmarkAttribute { d["bookmark"] = .text(b) }
            return .object(d)
        }
        return [
            "region": .text(c.region), "metrics_namespace": .text(c.glue.metricsNamespace),
            "scripts_uri": .text("s3://\(c.s3.bucket)/\(c.s3.scriptsPrefix)"), "temp_uri": .text("s3://\(c.s3.bucket)/\(c.s3.tempPrefix)"),
            "dead_letters_uri": .text("s3://\(c.s3.bucket)/\(c.s3.deadLetterPrefix)"),
            "reports_uri": .text("s3://\(c.s3.bucket)/\(c.s3.reportsPrefix)"),
            "role_name": .text(c.glue.roleName), "glue_version": .text(c.glue.version), "timeout_minutes": .number(c.glue.timeoutMinutes),
            "error_log_group": .text(GlueLogGroups.error), "output_log_group": .text(GlueLogGroups.output),
            "driver_log_error": .text(cmd.driverLog(group: GlueLogGroups.error)), "driver_log_output": .text(cmd.driverLog(group: GlueLogGroups.output)),
            "status": .text(cmd.status), "status_watch": .text(cmd.statusWatch), "report": .text(cmd.report), "plan": .text(cmd.plan),
            "validate_all": .text(cmd.validateAll), "apply_views": .text(cmd.applyViews),
            "cleanup_dry_run": .text(cmd.cleanupDryRun), "cleanup_yes": .text(cmd.cleanupYes), "cleanup_all": .text(cmd.cleanupAll),
            "cleanup_all_yes": .text(cmd.cleanupAllYes), "delete_backup": .text(cmd.deleteBackup),
            "price": .text("\(price)"), "partition_limit": .number(DynamoDBPricing.writeUnitsPerPartitionPerSecond),
            "pitr_days": .number(DynamoDBPricing.pitrWindowDays), "tables": .list(tables),
            "first_put_alarm_with_actions": .text(tableAlarms.first?.first.map(cmd.putAlarmWithActions) ?? ""),
        ]
    }

    /// What the ceiling means against DynamoDB's per-partition limit.
    static func ceilingNote(_ ceiling: Int) -> String {
        let limit = DynamoDBPricing.writeUnitsPerPartitionPerSecond
        if ceiling == 0 {
            return "the job writes as fast as its write partitions and the table allow, and the items of one partition key value still take at most \(limit) WCU/s"
        }
        if ceiling > limit {
            return "above one partition's \(limit) WCU/s: it is reached only when the writes spread over at least \((ceiling + limit - 1) / limit) partitions (many distinct partition key values)"
        }
        return "within one partition's \(limit) WCU/s"
    }

    /// What one item's write costs in an index, per its projection (Developer Guide, "Provisioned
    /// throughput considerations for Global Secondary Indexes": a write to the table also writes
    /// every index whose key attributes the item has, sized by the projected attributes).
    static func gsiWriteCost(_ p: Projection, itemSize: Int?) -> String {
        switch p {
        case .all: return "the whole item again" + (itemSize.map { " (about \(max(1, ($0 + 1023) / 1024)) WCU per item at the estimated \($0) bytes)" } ?? "")
        case .keysOnly: return "1 WCU per item (the table and index keys only, under 1 KB)"
        case .include: return "1 WCU per started KB of the keys plus the projected attributes (at least 1)"
        }
    }

    static func rollbackMeaning(_ mode: WriteMode) -> String {
        switch mode {
        case .ifAbsent:
            return "write mode `if-absent`: the run only created items whose key was absent; items that existed before it were never changed (counted as skipped). A restore to before the run removes exactly the run's items, plus every write anyone made to the table since."
        case .ifNewer:
            return "write mode `if-newer`: the run created absent items and replaced existing items whose version was older than the source's; the replaced versions exist only in the point-in-time history or a backup. A restore brings them back, and removes every write made since."
        case .overwrite:
            return "write mode `overwrite`: the run replaced every existing item with the same key; what they held before exists only in the point-in-time history or a backup. A restore brings them back, and removes every write made since."
        }
    }

    /// A duration as `plan --mysql` prints it (RunEstimate uses this one).
    public static func duration(_ s: Double) -> String {
        s < 90 ? String(format: "%.0f s", s) : s < 5400 ? String(format: "%.0f min", s / 60) : String(format: "%.1f h", s / 3600)
    }
}
