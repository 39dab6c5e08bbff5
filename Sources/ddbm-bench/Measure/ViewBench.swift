import MySQL

/// Measures one view: full read, reference query, base tables, partitioned reads. Every query
/// is warmed up once (that run is also the one that verifies rows), then timed `runs` times.
struct ViewBench {
    let reader: ResultReader
    let runs: Int
    let partitions: Int
    /// Called with progress lines (the bench prints them as it goes: a long run shows life).
    let log: (String) -> Void

    static let partitionColumn = "`_partition_key`"

    func measure(view: String, reference: ReferenceQuery?, baseTables: [String]) throws -> ViewMeasurement {
        let quotedView = MySQLIdentifier.quote(view)
        let fullSQL = "SELECT * FROM \(quotedView)"

        // Full read: the warm-up verifies (digest), the timed runs only stream.
        log("\(view): full read (warm-up + digest)")
        var (fullDigest, columns) = (RowDigest(), [String]())
        let fullEstimate = try Timing.seconds { (fullDigest, columns) = try reader.digest(fullSQL) }
        guard columns.contains("_partition_key") else {
            throw BenchFailure("\(view) has no _partition_key column (CONTRACT.md §5): it cannot be read in ranges")
        }
        let full = try Timing.median(runs: runs, estimate: fullEstimate) { try reader.drain(fullSQL) }
        log("\(view): \(fullDigest), full read \(Format.seconds(full))")

        var referenceResult: (String, Double)?
        if let reference {
            log("\(view): reference \(reference.path) (warm-up + digest)")
            var (refDigest, refColumns) = (RowDigest(), [String]())
            let estimate = try Timing.seconds { (refDigest, refColumns) = try reader.digest(reference.sql) }
            guard refColumns.count == columns.count else {
                throw BenchFailure("\(reference.path) returns \(refColumns.count) columns, \(view) returns \(columns.count): the ratio would mean nothing")
            }
            guard refDigest == fullDigest else {
                throw BenchFailure("\(reference.path) returns different rows than \(view): reference \(refDigest), view \(fullDigest)")
            }
            let seconds = try Timing.median(runs: runs, estimate: estimate) { try reader.drain(reference.sql) }
            referenceResult = (reference.path, seconds)
        }

        let baseQueries = baseTables.map { "SELECT * FROM \(MySQLIdentifier.quote($0))" }
        let baseEstimate = try Timing.seconds { for sql in baseQueries { try reader.drain(sql) } }
        let base = try Timing.median(runs: runs, estimate: baseEstimate) { for sql in baseQueries { try reader.drain(sql) } }

        // Bounds, like Spark's lowerBound/upperBound taken from the data.
        let boundsSQL = "SELECT MIN(\(Self.partitionColumn)), MAX(\(Self.partitionColumn)) FROM \(quotedView)"
        var bounds: (Int64, Int64)?
        let readBounds = {
            let row = try reader.connection.query(boundsSQL).rows.first
            if let low = row?[0]?.int, let high = row?[1]?.int { bounds = (low, high) }
        }
        let boundsEstimate = try Timing.seconds(readBounds)
        let boundsSeconds = try Timing.median(runs: runs, estimate: boundsEstimate, readBounds)

        var ranges: [ViewMeasurement.RangeTime] = []
        if let (low, high) = bounds {
            let plan = PartitionPlan(minimum: low, maximum: high, count: partitions)
            log("\(view): \(plan.ranges.count) ranges of _partition_key over [\(low), \(high)]")
            var rangeDigest = RowDigest()
            var rangeSQL: [String] = []
            var estimates: [Double] = []
            for range in plan.ranges {
                let sql = fullSQL + " WHERE " + PartitionPlan.predicate(range, column: Self.partitionColumn)
                rangeSQL.append(sql)
                estimates.append(try Timing.seconds { rangeDigest = rangeDigest + (try reader.digest(sql).digest) })
            }
            guard rangeDigest == fullDigest else {
                let nulls = try reader.scalar("SELECT COUNT(*) FROM \(quotedView) WHERE \(Self.partitionColumn) IS NULL") ?? "?"
                throw BenchFailure("the \(plan.ranges.count) ranges of \(view) return different rows than its full read "
                    + "(ranges: \(rangeDigest); full: \(fullDigest); rows with NULL _partition_key: \(nulls))")
            }
            for (index, (range, sql)) in zip(plan.ranges, rangeSQL).enumerated() {
                var rows = 0
                let seconds = try Timing.median(runs: runs, estimate: estimates[index]) { rows = try reader.drain(sql) }
                ranges.append(.init(range: range, rows: rows, seconds: seconds))
            }
        }

        return ViewMeasurement(view: view, rows: fullDigest.rows, columns: columns.count, full: full,
                               reference: referenceResult, baseTables: baseTables, base: base,
                               bounds: boundsSeconds, ranges: ranges)
    }

    /// `EXPLAIN` of the full read and of the range with the most rows: what the report shows
    /// for a view that misses a target, so the cause is on screen next to the number.
    func explain(_ measurement: ViewMeasurement) throws -> String {
        var queries = ["SELECT * FROM \(MySQLIdentifier.quote(measurement.view))"]
        if let heaviest = measurement.ranges.max(by: { $0.seconds < $1.seconds }) {
            queries.append(queries[0] + " WHERE " + PartitionPlan.predicate(heaviest.range, column: Self.partitionColumn))
        }
        var out = ""
        for sql in queries {
            let result = try reader.connection.query("EXPLAIN " + sql)
            out += "EXPLAIN \(sql)\n"
            out += TextTable.render(header: result.columns.map(\.name),
                                    rows: result.rows.map { $0.map { $0?.text ?? "NULL" } })
        }
        return out
    }
}
