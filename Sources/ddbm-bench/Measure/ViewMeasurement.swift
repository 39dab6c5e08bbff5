/// Everything measured for one view in one bench run. Times are medians in seconds.
struct ViewMeasurement {
    struct RangeTime {
        let range: PartitionPlan.Range
        let rows: Int
        let seconds: Double
    }

    let view: String
    let rows: Int
    let columns: Int
    /// `SELECT * FROM view`, every row streamed to the client.
    let full: Double
    /// The reference query and its time; nil when the view has no reference file.
    let reference: (path: String, seconds: Double)?
    let baseTables: [String]
    /// `SELECT * FROM t` for every base table the view reads, summed.
    let base: Double
    /// The MIN/MAX query a Spark reader runs first to find the partition bounds.
    let bounds: Double
    let ranges: [RangeTime]

    var rangeSum: Double { ranges.reduce(0) { $0 + $1.seconds } }
    var slowestRange: Double { ranges.map(\.seconds).max() ?? 0 }
    /// An even share of the full read for one of the ranges.
    var fairShare: Double { ranges.isEmpty ? 0 : full / Double(ranges.count) }
}
