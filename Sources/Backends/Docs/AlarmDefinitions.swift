import MigrationIR

/// The CloudWatch alarms of each table, each created (or updated: the same name replaces the
/// alarm) by the `aws cloudwatch put-metric-alarm` command `operations.md` prints for it, its
/// options PutMetricAlarm's request members (CloudWatch API Reference,
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).
/// They were once one `--cli-input-json` file each under `docs/alarms/`: three quarters of a
/// large contract's files, for a command the runbook prints all the same.
///
/// Two come from the job's own metrics (`ddbm_core.metric_data`: one data point per run, published
/// when the run ends, in `glue.metrics_namespace` with dimension `Table`), the rest from DynamoDB's
/// (namespace `AWS/DynamoDB`, Amazon DynamoDB Developer Guide, "DynamoDB Metrics and dimensions",
/// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html):
/// `WriteThrottleEvents` with `TableName` counts the table's own throttled writes and with
/// `TableName` + `GlobalSecondaryIndexName` an index's (a throttled index write throttles the
/// table write); `SystemErrors` has the dimensions `TableName` and `Operation` (the job writes
/// with `PutItem`). `UserErrors` has no table dimension (it is the account's, per region), so it
/// gets no per-table alarm. The config names no SNS topic, so no alarm has actions: the runbook
/// says how to add them.
public enum AlarmDefinitions {
    public struct Alarm {
        public var table: String
        /// `run-failed`, `dead-letters`, `write-throttles`, `<index>-write-throttles`, `system-errors`.
        public var name: String
        public var alarmName: String
        public var what: String
        /// PutMetricAlarm's request members, in the order the command gives them as options.
        public var request: JSONDocument
    }

    public static func alarms(_ t: TableIR, config c: MigrationConfig) -> [Alarm] {
        let job = c.jobName(for: t.name)
        let ns = c.glue.metricsNamespace
        func alarm(_ name: String, what: String, namespace: String, metric: String, dimensions: [(String, String)],
                   statistic: String, period: Int, evaluationPeriods: Int, threshold: Int, comparison: String) -> Alarm {
            let alarmName = "\(job)-\(name)"
            let doc = JSONDocument.object([
                ("AlarmName", .string(alarmName)),
                ("AlarmDescription", .string("ddb-migrate, table \(t.name): \(what) (docs/operations.md)")),
                ("Namespace", .string(namespace)),
                ("MetricName", .string(metric)),
                ("Dimensions", .array(dimensions.map { .object([("Name", .string($0.0)), ("Value", .string($0.1))]) })),
                ("Statistic", .string(statistic)),
                ("Period", .int(period)),
                ("EvaluationPeriods", .int(evaluationPeriods)),
                ("DatapointsToAlarm", .int(evaluationPeriods)),
                ("Threshold", .double(Double(threshold))),
                ("ComparisonOperator", .string(comparison)),
                // No data is the normal state: the job publishes once per run, DynamoDB only
                // while there is traffic.
                ("TreatMissingData", .string("notBreaching")),
                ("ActionsEnabled", .bool(true)),
            ])
            return Alarm(table: t.name, name: name, alarmName: alarmName, what: what, request: doc)
        }
        var out = [
            alarm("run-failed", what: "a run of job \(job) failed (RunFailed = 1)", namespace: ns, metric: "RunFailed",
                  dimensions: [("Table", t.name)], statistic: "Maximum", period: 300, evaluationPeriods: 1,
                  threshold: 1, comparison: "GreaterThanOrEqualToThreshold"),
            alarm("dead-letters", what: "a run dead-lettered at least one row (ItemsDeadLettered > 0)", namespace: ns,
                  metric: "ItemsDeadLettered", dimensions: [("Table", t.name)], statistic: "Sum", period: 300,
                  evaluationPeriods: 1, threshold: 0, comparison: "GreaterThanThreshold"),
            alarm("write-throttles", what: "DynamoDB throttled writes to the table for 5 minutes in a row (WriteThrottleEvents > 0)",
                  namespace: "AWS/DynamoDB", metric: "WriteThrottleEvents", dimensions: [("TableName", t.name)],
                  statistic: "Sum", period: 60, evaluationPeriods: 5, threshold: 0, comparison: "GreaterThanThreshold"),
        ]
        for g in t.gsis.sorted(by: { $0.name < $1.name }) {
            out.append(alarm("\(g.name)-write-throttles",
                             what: "DynamoDB throttled writes to index \(g.name) for 5 minutes in a row, which throttles the writes to the table as well",
                             namespace: "AWS/DynamoDB", metric: "WriteThrottleEvents",
                             dimensions: [("TableName", t.name), ("GlobalSecondaryIndexName", g.name)],
                             statistic: "Sum", period: 60, evaluationPeriods: 5, threshold: 0, comparison: "GreaterThanThreshold"))
        }
        out.append(alarm("system-errors", what: "DynamoDB answered PutItem with HTTP 500 (SystemErrors > 0)",
                         namespace: "AWS/DynamoDB", metric: "SystemErrors",
                         dimensions: [("TableName", t.name), ("Operation", "PutItem")],
                         statistic: "Sum", period: 300, evaluationPeriods: 1, threshold: 0, comparison: "GreaterThanThreshold"))
        return out
    }
}
