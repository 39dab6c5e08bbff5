import Foundation

/// The table of counts that closes `run-local` and `replay`: one row per run of a table.
public enum RunCountsTable {
    public struct Row {
        public var table: String, status: String, seconds: Double
        public var read: Int, written: Int, skipped: Int, deadLettered: Int
        public var reasons: [String: Int]
        public init(table: String, status: String, seconds: Double, read: Int, written: Int, skipped: Int, deadLettered: Int,
                    reasons: [String: Int]) {
            self.table = table; self.status = status; self.seconds = seconds; self.read = read; self.written = written
            self.skipped = skipped; self.deadLettered = deadLettered; self.reasons = reasons
        }
    }

    public static func render(_ rows: [Row]) -> String {
        TextTable.render(
            header: ["table", "status", "seconds", "read", "written", "skipped", "dead-lettered", "reasons"],
            rows: rows.map { r in
                [r.table, r.status, String(format: "%.1f", r.seconds), "\(r.read)", "\(r.written)", "\(r.skipped)", "\(r.deadLettered)",
                 r.reasons.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")]
            }, rightAligned: [2, 3, 4, 5, 6])
    }
}

extension LocalRun.TableResult {
    public var countsRow: RunCountsTable.Row {
        RunCountsTable.Row(table: table, status: status, seconds: seconds, read: read, written: written, skipped: skipped,
                           deadLettered: deadLettered, reasons: reasons)
    }
}
