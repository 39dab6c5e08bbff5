/// Key ranges for N parallel readers, the way Spark's JDBC source splits a numeric partition
/// column: equal-width ranges between the column's MIN and MAX, each read with
/// `WHERE _partition_key >= a AND _partition_key < b`. Equal width is not equal row count:
/// a multi-entity view whose branches have different key spans puts more rows in low ranges,
/// which is exactly what the "slowest range" figure is there to show.
struct PartitionPlan: Equatable {
    struct Range: Equatable {
        let lower: Int64
        /// Exclusive; nil only when the range must include Int64.max (no exclusive bound exists).
        let upper: Int64?
    }

    let ranges: [Range]

    /// Ranges covering `[minimum, maximum]` exactly, at most `count` of them (fewer when the
    /// span holds fewer keys than `count`). The span is handled as an unsigned magnitude, so
    /// no pair of 64-bit keys can overflow it.
    init(minimum: Int64, maximum: Int64, count: Int) {
        guard maximum >= minimum, count > 0 else { ranges = []; return }
        let span = UInt64(bitPattern: maximum &- minimum) &+ 1          // 0 means 2^64
        let parts = UInt64(count)
        let width: UInt64 = span == 0 ? UInt64.max / parts + 1
            : span / parts + (span % parts == 0 ? 0 : 1)
        var out: [Range] = []
        var lower = minimum
        while out.count < count {
            let room = UInt64(bitPattern: maximum &- lower)              // keys after `lower`
            if room < width || out.count == count - 1 {
                out.append(Range(lower: lower, upper: maximum == .max ? nil : maximum + 1))
                break
            }
            let upper = lower &+ Int64(bitPattern: width)
            out.append(Range(lower: lower, upper: upper))
            lower = upper
        }
        ranges = out
    }

    /// The WHERE clause of one range.
    static func predicate(_ range: Range, column: String) -> String {
        guard let upper = range.upper else { return "\(column) >= \(range.lower)" }
        return "\(column) >= \(range.lower) AND \(column) < \(upper)"
    }
}
