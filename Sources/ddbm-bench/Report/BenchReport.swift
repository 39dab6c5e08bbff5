/// The bench's printed result: a table of timings per DynamoDB table, the ranges of each
/// source, then every target with PASS/MISS.
struct BenchReport {
    /// The job's reads, summed, over the hand-written query for the same rows (issue target 1).
    static let readSumLimit = 1.1
    /// The slowest of the job's readers over an even share of the summed reads per task slot
    /// (issue target 1: `TableMeasurement.fairShare`).
    static let slowestRangeLimit = 1.3

    var tables: [TableMeasurement] = []

    static func targets(of table: TableMeasurement) -> [Target] {
        var out: [Target] = []
        let asked = table.sources.map { String($0.asked) }.joined(separator: "+")
        let shape = "\(table.sources.count) source\(table.sources.count == 1 ? "" : "s"), \(asked) range\(table.ranges.count == 1 ? "" : "s")"
        if let reference = table.reference, reference.seconds > 0 {
            out.append(Target(subject: "\(table.table): job reads (\(shape)) summed / reference",
                              measured: table.readSum / reference.seconds, limit: readSumLimit,
                              comparison: .atMost, format: Format.ratio))
        }
        if let slowest = table.slowestRange, table.fairShare > 0 {
            out.append(Target(subject: "\(table.table): slowest of \(table.ranges.count) ranges / (sum / \(table.slots) slots)",
                              measured: slowest.seconds / table.fairShare, limit: slowestRangeLimit,
                              comparison: .atMost, format: Format.ratio))
        }
        return out
    }

    var targets: [Target] {
        tables.flatMap(Self.targets(of:))
    }

    func render() -> String {
        var out = ""
        if !tables.isEmpty {
            let header = ["table", "rows", "cols", "reference", "job reads", "reads/ref", "ranges", "slowest",
                          "slowest/share", "table view", "view/ref", "base tables", "bounds"]
            let rows = tables.map { t -> [String] in
                let reference = t.reference?.seconds ?? 0
                return [t.table, Format.count(t.rows), String(t.columns),
                        t.reference.map { Format.seconds($0.seconds) } ?? "none",
                        Format.seconds(t.readSum), reference > 0 ? Format.ratio(t.readSum / reference) : "-",
                        String(t.ranges.count),
                        t.slowestRange.map { Format.seconds($0.seconds) } ?? "-",
                        t.slowestRange.map { t.fairShare > 0 ? Format.ratio($0.seconds / t.fairShare) : "-" } ?? "-",
                        Format.seconds(t.tableViewRead), reference > 0 ? Format.ratio(t.tableViewRead / reference) : "-",
                        Format.seconds(t.base), Format.seconds(t.boundsSum)]
            }
            out += TextTable.render(header: header, rows: rows) + "\n"
            for t in tables {
                out += "\(t.table): table view \(t.tableView); base tables \(t.baseTables.joined(separator: ", "))"
                if let reference = t.reference { out += "; reference \(reference.path)" }
                out += "\n"
                for source in t.sources {
                    let span = source.bounds.map { "keys \($0.low)..\($0.high)" } ?? "no bounds"
                    // Within one source the ranges are equal-width over one key: its own
                    // straggler figure tells an uneven key from a source that is simply dearer.
                    let slowest = source.ranges.map(\.seconds).max() ?? 0
                    let average = source.ranges.isEmpty ? 0 : source.readSum / Double(source.ranges.count)
                    out += "  \(source.label) (\(source.view), \(span); \(Format.count(source.rows)) rows, "
                        + "\(Format.seconds(source.readSum)), slowest/avg \(average > 0 ? Format.ratio(slowest / average) : "-")): "
                    out += source.ranges.map { "\(Format.count($0.rows)) \(Format.seconds($0.seconds))" }.joined(separator: " | ")
                    out += "\n"
                }
            }
            out += "\n"
        }
        let targets = targets
        out += TextTable.render(header: ["target", "measured", "limit", "result"], rows: targets.map(\.row))
        let misses = targets.filter { !$0.passed }.count
        out += "\n\(targets.count - misses) of \(targets.count) targets met"
        out += misses == 0 ? "\n" : "; \(misses) missed (see EXPLAIN above for tables)\n"
        return out
    }
}
