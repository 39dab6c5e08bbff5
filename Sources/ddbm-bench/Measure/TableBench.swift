import MySQL
import SQLText

/// Measures one DynamoDB table the way its Glue job reads it: for each source of the job spec,
/// the bounds query and then every Spark partition's statement, each timed on its own (the
/// sum is the database work of the whole read, the slowest is the straggler). Beside them: the
/// table view read whole, the reference query, and the plain base tables.
///
/// Every query runs once first (the warm-up, which is also where rows are verified), then all
/// of them are timed together in interleaved rounds, at least `runs` and enough to last
/// `minimumSeconds` (`Timing.rounds`, `Timing.interleavedMedians`).
struct TableBench {
    let reader: ResultReader
    let runs: Int
    /// The timed rounds of one table last at least about this long (`Timing.rounds`).
    let minimumSeconds: Double
    /// Called with progress lines (the bench prints them as it goes: a long run shows life).
    let log: (String) -> Void

    /// One source after its warm-up: what to time, and what the warm-up learnt.
    private struct PreparedSource {
        let source: JobSpec.Source
        let boundsSQL: String?
        let boundsEstimate: Double
        let bounds: (low: Int64, high: Int64)?
        /// numPartitions the job gives Spark for this source (`ReadSplit`); 1 without bounds.
        let asked: Int
        let plan: [SparkJDBCPartitioning.Range]
        let statements: [String]
        let rows: [Int]
        let estimates: [Double]
    }

    func measure(job: GeneratedJob, split: ReadSplit, reference: ReferenceQuery?, baseTables: [String]) throws -> TableMeasurement {
        let spec = job.spec
        let tableSQL = "SELECT * FROM \(SQLIdentifier.quote(spec.view))"

        // Table view: the rows every other query must reproduce.
        log("\(spec.table): table view \(spec.view) (warm-up + digest)")
        var (viewDigest, viewColumns) = (RowDigest(), [String]())
        let viewEstimate = try Timing.seconds { (viewDigest, viewColumns) = try reader.digest(tableSQL) }
        log("\(spec.table): \(viewDigest)")

        var referenceEstimate = 0.0
        if let reference {
            log("\(spec.table): reference \(reference.path) (warm-up + digest)")
            var (refDigest, refColumns) = (RowDigest(), [String]())
            referenceEstimate = try Timing.seconds { (refDigest, refColumns) = try reader.digest(reference.sql) }
            // Names and order both: the digest is positional, so a reference that returned the
            // right values under swapped labels would otherwise pass.
            guard refColumns == viewColumns else {
                throw BenchFailure("\(reference.path) returns the columns \(refColumns.joined(separator: ", ")); "
                    + "\(spec.view) returns \(viewColumns.joined(separator: ", ")): the ratio would mean nothing")
            }
            guard refDigest == viewDigest else {
                throw BenchFailure("\(reference.path) returns different rows than \(spec.view): reference \(refDigest), view \(viewDigest)")
            }
        }

        let baseQueries = baseTables.map { "SELECT * FROM \(SQLIdentifier.quote($0))" }
        let readBase = { for sql in baseQueries { try reader.drain(sql) } }
        let baseEstimate = try Timing.seconds(readBase)

        // The job's reads. Their rows, padded with NULL to the table view's columns the way the
        // job's union of the sources is, must be exactly the table view's rows.
        var prepared: [PreparedSource] = []
        var readDigest = RowDigest()
        for source in spec.sources {
            let (ready, digest) = try prepare(source: source, of: spec, split: split, viewColumns: viewColumns)
            prepared.append(ready)
            readDigest = readDigest + digest
        }
        guard readDigest == viewDigest else {
            let perSource = prepared.map { "\($0.source.label) \(Format.count($0.rows.reduce(0, +))) rows" }.joined(separator: ", ")
            throw BenchFailure("the job's reads of \(spec.table) return different rows than its table view \(spec.view) "
                + "(reads: \(readDigest); view: \(viewDigest); \(perSource)): either a range loses or repeats rows "
                + "or the entity views and the table view disagree")
        }

        // Timed rounds over everything at once. Item order: table view, reference, base tables,
        // then per source its bounds query and its ranges.
        var items = [Timing.Item(estimate: viewEstimate) { try reader.drain(tableSQL) }]
        if let reference { items.append(Timing.Item(estimate: referenceEstimate) { try reader.drain(reference.sql) }) }
        items.append(Timing.Item(estimate: baseEstimate, body: readBase))
        for source in prepared {
            if let sql = source.boundsSQL {
                items.append(Timing.Item(estimate: source.boundsEstimate) { _ = try reader.connection.query(sql) })
            }
            for (sql, estimate) in zip(source.statements, source.estimates) {
                items.append(Timing.Item(estimate: estimate) { try reader.drain(sql) })
            }
        }
        let rounds = Timing.rounds(runs: runs, minimumSeconds: minimumSeconds, items)
        log("\(spec.table): timing \(items.count) queries, \(rounds) interleaved round\(rounds == 1 ? "" : "s")")
        var medians = try Timing.interleavedMedians(rounds: rounds, items)[...]
        let tableViewRead = medians.removeFirst()
        let referenceResult = reference.map { ($0.path, medians.removeFirst()) }
        let base = medians.removeFirst()
        var sources: [TableMeasurement.SourceTime] = []
        for source in prepared {
            let boundsSeconds = source.boundsSQL == nil ? 0 : medians.removeFirst()
            var ranges: [TableMeasurement.RangeTime] = []
            for index in source.plan.indices {
                ranges.append(.init(range: source.plan[index], sql: source.statements[index], rows: source.rows[index],
                                    seconds: medians.removeFirst()))
            }
            sources.append(.init(label: source.source.label, view: source.source.view, bounds: source.bounds, asked: source.asked,
                                 boundsSeconds: boundsSeconds, ranges: ranges))
        }

        return TableMeasurement(table: spec.table, tableView: spec.view, rows: viewDigest.rows, columns: viewColumns.count,
                                tableViewRead: tableViewRead, reference: referenceResult, baseTables: baseTables,
                                base: base, split: split, sources: sources)
    }

    /// One source's warm-up: its bounds, Spark's ranges over them, each range read once into the
    /// digest (in the table view's column layout).
    private func prepare(source: JobSpec.Source, of spec: JobSpec, split: ReadSplit,
                         viewColumns: [String]) throws -> (PreparedSource, RowDigest) {
        let columns = spec.readColumns(source)
        let positions = try layout(columns, into: viewColumns, source: source)
        // Spark's JDBC source: `SELECT <pruned columns, dialect-quoted, comma-joined> FROM <dbtable>
        // [WHERE <partition clause>]` (JDBCRDD; the job passes the view as dbtable).
        let selectSQL = "SELECT \(columns.map(SQLIdentifier.quote).joined(separator: ",")) FROM \(SQLIdentifier.quote(source.view))"

        var boundsSQL: String?
        var boundsEstimate = 0.0
        var bounds: (low: Int64, high: Int64)?
        var plan = [SparkJDBCPartitioning.Range.whole]
        var asked = 1
        if let column = source.bounds {
            let sql = "SELECT MIN(\(SQLIdentifier.quote(column.column))), MAX(\(SQLIdentifier.quote(column.column))) "
                + "FROM \(SQLIdentifier.quote(column.table))"
            var row: [MySQLValue?]?
            boundsEstimate = try Timing.seconds { row = try reader.connection.query(sql).rows.first }
            boundsSQL = sql
            // As the job's read_bounds/range_bounds: NULL (no rows) or a MIN beyond a Long (an
            // unsigned key) means one reader; upperBound is MAX + 1, capped at Long.MAX_VALUE.
            if let low = row?[0], let high = row?[1] {
                guard let highValue = high.int ?? high.uint.map({ _ in Int64.max }) else {
                    throw BenchFailure("\(sql) returned \(low), \(high): not integers")
                }
                if let lowValue = low.int {
                    bounds = (lowValue, highValue)
                    let upper = highValue == .max ? highValue : highValue + 1
                    asked = split.rangesAsked(lowerBound: lowValue, upperBound: upper)
                    do {
                        plan = try SparkJDBCPartitioning.ranges(column: SQLIdentifier.quote(spec.partitionColumn),
                                                                lowerBound: lowValue, upperBound: upper,
                                                                numPartitions: asked)
                    } catch let failure as SparkJDBCPartitioning.Failure {
                        throw BenchFailure("\(source.label): \(failure)")
                    }
                } else if low.uint == nil {
                    throw BenchFailure("\(sql) returned \(low), \(high): not integers")
                }
            }
        }
        if let bounds {
            log("\(spec.table)/\(source.label): \(plan.count) ranges of \(spec.partitionColumn) over [\(bounds.low), \(bounds.high)] "
                + "(P \(split.partitions), at least \(split.minRangeKeys) keys a range; warm-up + digest)")
        } else {
            log("\(spec.table)/\(source.label): one reader, no bounds (warm-up + digest)")
        }

        var digest = RowDigest()
        var rows: [Int] = []
        var estimates: [Double] = []
        let statements = plan.map { range in range.whereClause.map { selectSQL + " WHERE " + $0 } ?? selectSQL }
        for sql in statements {
            let before = digest.rows
            estimates.append(try Timing.seconds {
                try reader.connection.forEachRow(sql) { row in
                    digest.add(positions.map { $0.map { row.values[$0] } ?? nil })
                }
            })
            rows.append(digest.rows - before)
        }
        return (PreparedSource(source: source, boundsSQL: boundsSQL, boundsEstimate: boundsEstimate, bounds: bounds,
                               asked: asked, plan: plan, statements: statements, rows: rows, estimates: estimates), digest)
    }

    /// For each table-view column, the index of the same column among a source's read columns
    /// (nil: the source does not deliver it, the union gives NULL).
    private func layout(_ columns: [String], into viewColumns: [String], source: JobSpec.Source) throws -> [Int?] {
        for column in columns where !viewColumns.contains(column) {
            throw BenchFailure("\(source.view) delivers \(column), which the table view does not have: the rows cannot be compared")
        }
        return viewColumns.map { columns.firstIndex(of: $0) }
    }

    /// `EXPLAIN` of the slowest range: what the report shows for a table that misses a target,
    /// so the cause is on screen next to the number.
    func explain(_ measurement: TableMeasurement) throws -> String {
        guard let slowest = measurement.slowestRange else { return "" }
        let result = try reader.connection.query("EXPLAIN " + slowest.sql)
        return "EXPLAIN \(slowest.sql)\n"
            + TextTable.render(header: result.columns.map(\.name), rows: result.rows.map { $0.map { $0?.text ?? "NULL" } })
    }
}
