import Backends
import Foundation
import MySQL

/// `plan --mysql`: what each table's run will cost before it starts — items (from the views),
/// write units (each item's estimated size rounded up to 1 KB), on-demand cost, and the time the
/// configured write-rate ceiling allows — with a warning when that exceeds the job's timeout.
public struct RunEstimate {
    /// On-demand price assumed per million write request units: `DynamoDBPricing`'s (us-east-1).
    /// Other regions differ: the output says which price it used.
    public static let dollarsPerMillionWriteUnits = DynamoDBPricing.onDemandDollarsPerMillionWriteUnits

    public struct Table {
        public var table: String
        public var items: Int
        public var writeUnits: Int
        public var dollars: Double
        /// nil when no ceiling is set (the table's capacity is the limit).
        public var seconds: Double?
        public var exceedsTimeout: Bool
        public init(table: String, items: Int, writeUnits: Int, dollars: Double, seconds: Double?, exceedsTimeout: Bool) {
            self.table = table; self.items = items; self.writeUnits = writeUnits; self.dollars = dollars
            self.seconds = seconds; self.exceedsTimeout = exceedsTimeout
        }
    }

    public static func estimate(_ reports: [PreflightReport], config: MigrationConfig) -> [Table] {
        reports.map { r in
            let ceiling = config.writes.ceiling(for: r.table)
            let seconds = ceiling > 0 ? Double(r.writeUnits) / Double(ceiling) : nil
            return Table(table: r.table, items: r.rows, writeUnits: r.writeUnits,
                         dollars: Double(r.writeUnits) / 1_000_000 * dollarsPerMillionWriteUnits,
                         seconds: seconds,
                         exceedsTimeout: seconds.map { $0 > Double(config.glue.timeoutMinutes) * 60 } ?? false)
        }
    }

    public static func render(_ tables: [Table], config: MigrationConfig) -> String {
        var out = "Run estimate (items and sizes from the views; on-demand at $\(dollarsPerMillionWriteUnits) per million write units, the us-east-1 price: check \(config.region)'s):\n"
        out += TextTable.render(
            header: ["table", "items", "write units", "cost (USD)", "duration at ceiling"],
            rows: tables.map { t in
                [t.table, "\(t.items)", "\(t.writeUnits)", String(format: "%.2f", t.dollars),
                 t.seconds.map(duration) ?? "no ceiling set"]
            }, rightAligned: [1, 2, 3])
        for t in tables where t.exceedsTimeout {
            out += "warning: \(t.table): \(duration(t.seconds ?? 0)) at the ceiling exceeds the job timeout of \(config.glue.timeoutMinutes) minutes; raise glue.timeout_minutes or the ceiling, or the run will be stopped (a re-run continues where it stopped)\n"
        }
        return out
    }

    /// Keeps the estimate in the directory's state file, where the live progress of `deploy
    /// --wait`, `status --watch` and `run-local` finds the items each table is expected to have.
    public static func record(_ tables: [Table], in directory: URL, now: Date = Date()) throws {
        var state = try DeployState.load(from: directory)
        let at = ISO8601DateFormatter().string(from: now)
        state.record(estimates: tables.map { DeployState.Estimate(table: $0.table, items: $0.items, writeUnits: $0.writeUnits, estimatedAt: at) })
        try state.save(to: directory)
    }

    static func duration(_ s: Double) -> String { RunbookLowering.duration(s) }
}
