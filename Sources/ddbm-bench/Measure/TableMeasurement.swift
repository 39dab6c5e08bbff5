/// Everything measured for one DynamoDB table in one bench run. Times are medians in seconds.
struct TableMeasurement {
    /// One reader of the job: one Spark partition of one source view.
    struct RangeTime {
        let range: SparkJDBCPartitioning.Range
        let sql: String
        let rows: Int
        let seconds: Double
    }

    /// One source of the job spec (an entity view, or the table view of a single-entity table).
    struct SourceTime {
        let label: String
        let view: String
        /// MIN/MAX of the source's bounds column; nil when the spec gives none or the table is empty.
        let bounds: (low: Int64, high: Int64)?
        /// numPartitions the job asks Spark for (`ReadSplit.rangesAsked`); 1 without bounds.
        let asked: Int
        /// The bounds query (`SELECT MIN(k), MAX(k) FROM t`); 0 when the source has no bounds.
        let boundsSeconds: Double
        let ranges: [RangeTime]

        var rows: Int { ranges.reduce(0) { $0 + $1.rows } }
        var readSum: Double { ranges.reduce(0) { $0 + $1.seconds } }
    }

    let table: String
    /// The table's whole view (`SELECT *`): for a multi-entity table the UNION ALL of its entity
    /// views, which the job never reads; its time shows what reading it that way would cost.
    let tableView: String
    let rows: Int
    let columns: Int
    let tableViewRead: Double
    /// The reference query and its time; nil when the table view has no reference file.
    let reference: (path: String, seconds: Double)?
    let baseTables: [String]
    /// `SELECT * FROM t` for every base table the sources read, summed.
    let base: Double
    /// P and the fewest keys a range covers (`--ddbm_partitions`, `--ddbm_min_range_keys`).
    let split: ReadSplit
    let sources: [SourceTime]

    var partitions: Int { split.partitions }

    var ranges: [RangeTime] { sources.flatMap(\.ranges) }
    /// Everything the job's readers do, one after another: the figure compared to the reference.
    var readSum: Double { sources.reduce(0) { $0 + $1.readSum } }
    var boundsSum: Double { sources.reduce(0) { $0 + $1.boundsSeconds } }
    var slowestRange: RangeTime? { ranges.max { $0.seconds < $1.seconds } }
    /// The task slots the reads can use: P, or fewer when there are fewer ranges. Spark runs the
    /// ranges of every source of the job as tasks of one stage, P at a time (the job's
    /// parallelism), so the read takes at least max(slowest range, sum / slots).
    var slots: Int { min(partitions, ranges.count) }
    /// An even share of the summed reads for one task slot: what each slot would take if the
    /// split were perfect. The straggler figure is the slowest range over this
    /// ("slowest range <= 1.3 x (sum / P)").
    var fairShare: Double { slots == 0 ? 0 : readSum / Double(slots) }
}
