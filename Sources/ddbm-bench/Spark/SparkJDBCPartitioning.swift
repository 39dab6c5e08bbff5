/// The ranges Spark's JDBC source reads when given `partitionColumn`, `lowerBound`,
/// `upperBound` and `numPartitions`: a port of `JDBCRelation.columnPartition` (Spark 3.5, the
/// Spark of Glue 5.0) for an integral column. The bench times exactly the statements the job's
/// readers send, so it must split where Spark splits: equal-width strides from the decimal
/// stride computation, the first and last range open-ended, and the first range also taking
/// the rows whose column is NULL (Spark's way of never losing a row). Checked against the real
/// `columnPartition` by bench/glue/spark_ranges_check.py.
enum SparkJDBCPartitioning {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// One reader's share: its WHERE clause, exactly as Spark writes it (nil: no WHERE, one
    /// reader for everything).
    struct Range: Equatable {
        let whereClause: String?

        static let whole = Range(whereClause: nil)
    }

    /// The partitions Spark plans for `column` (already quoted as the dialect quotes it) with
    /// these options. Fails where Spark fails (lower > upper, a zero stride).
    static func ranges(column: String, lowerBound: Int64, upperBound: Int64, numPartitions: Int) throws -> [Range] {
        if numPartitions <= 1 || lowerBound == upperBound {
            return [.whole]
        }
        guard lowerBound <= upperBound else {
            throw Failure(description: "Spark refuses these bounds: the lower bound \(lowerBound) is larger than the upper bound \(upperBound)")
        }
        // Fewer partitions than keys in the span: one key each. A negative difference is a
        // 64-bit overflow, where Spark keeps the requested count.
        let span = upperBound &- lowerBound
        let count: Int64 = span >= Int64(numPartitions) || span < 0 ? Int64(numPartitions) : span

        let partitions = JavaDecimal(count)
        guard let upperShare = JavaDecimal(upperBound) / partitions,
              let lowerShare = JavaDecimal(lowerBound) / partitions else {
            throw Failure(description: "division by zero partitions")
        }
        let preciseStride = upperShare.settingScale(18, .halfEven) - lowerShare.settingScale(18, .halfEven)
        let stride = preciseStride.longValue
        // The strides the last partition falls short of the upper bound; half of them shift the
        // start so the first and last partitions come out about equal.
        guard let lostStrides = (preciseStride - JavaDecimal(stride)) * partitions / JavaDecimal(stride),
              let halfLost = lostStrides / JavaDecimal(2) else {
            throw Failure(description: "Spark fails on these bounds (stride 0 for \(lowerBound)..\(upperBound) in \(count) partitions)")
        }
        let start = lowerBound &+ (halfLost * JavaDecimal(stride)).settingScale(0, .halfUp).longValue

        var out: [Range] = []
        out.reserveCapacity(Int(count))
        var current = start
        for index in 0..<count {
            let lower = current
            current = current &+ stride
            let first = index == 0, last = index == count - 1
            let clause: String?
            if first && last {
                clause = nil                     // a span of one key: Spark's single, unfiltered reader
            } else if last {
                clause = "\(column) >= \(lower)"
            } else if first {
                clause = "\(column) < \(current) or \(column) is null"
            } else {
                clause = "\(column) >= \(lower) AND \(column) < \(current)"
            }
            out.append(Range(whereClause: clause))
        }
        return out
    }
}
