/// Facts about AWS the generated runbooks state, each in one place with where it comes from.
public enum DynamoDBPricing {
    /// On-demand price per million write request units in us-east-1 (Amazon DynamoDB pricing,
    /// "Pricing for On-Demand Capacity", https://aws.amazon.com/dynamodb/pricing/on-demand/ — the
    /// price since the November 2024 reduction). Other regions differ: every text that uses it
    /// says which price it used. `plan --mysql`'s estimate (RunEstimate) uses the same constant.
    public static let onDemandDollarsPerMillionWriteUnits = 0.625

    /// "A single partition can support a maximum of 3,000 read capacity units (RCUs) or 1,000
    /// write capacity units (WCUs)" (Amazon DynamoDB Developer Guide, "Partitions and data
    /// distribution", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.Partitions.html).
    public static let writeUnitsPerPartitionPerSecond = 1000

    /// A standard write unit covers one write of an item up to 1 KB (Developer Guide, "Read/write
    /// capacity mode", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadWriteCapacityMode.html).
    public static let bytesPerWriteUnit = 1024

    /// Point-in-time recovery restores to any second in the last 35 days by default (Developer
    /// Guide, "Point-in-time backups for DynamoDB",
    /// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html).
    public static let pitrWindowDays = 35
}

/// Where a Glue job's logs go (AWS Glue Developer Guide, "Logging for AWS Glue jobs",
/// https://docs.aws.amazon.com/glue/latest/dg/monitor-continuous-logging.html): on Glue 5.0 the
/// driver's stream is `<job run id>-driver` in both groups; `ErrorLogTail` reads them for
/// `deploy --wait`, the runbooks tell a person where to look.
public enum GlueLogGroups {
    public static let defaultPrefix = "/aws-glue/jobs"
    /// Spark, system and GlueLogger lines.
    public static let error = defaultPrefix + "/error"
    /// The script's stdout and stderr: Python `logging` (the job's counts, phases) and tracebacks.
    public static let output = defaultPrefix + "/output"
    public static func driverStream(jobRunId: String) -> String { jobRunId + "-driver" }
}
