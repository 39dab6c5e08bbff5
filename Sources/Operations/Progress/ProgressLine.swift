import Foundation

/// Formats trackers as the lines `deploy --wait`, `status --watch` and `run-local` show, one per
/// table: `Users  RUNNING/writing  41200/120000 items (34%)  812 items/s  ETA 2m27s  3/8 partitions done  12 throttled retries`.
public enum ProgressLine {
    public static func lines(_ trackers: [ProgressTracker]) -> [String] {
        let width = trackers.map(\.table.count).max() ?? 0
        return trackers.map { line($0, tableWidth: width) }
    }

    public static func line(_ t: ProgressTracker, tableWidth: Int = 0) -> String {
        var parts = [t.table.padding(toLength: max(tableWidth, t.table.count), withPad: " ", startingAt: 0)]
        parts.append(t.latest.driver.map { "\(t.state)/\($0.phase)" } ?? t.state)
        if t.latest.isEmpty {
            return parts.joined(separator: "  ") + "  (no progress published yet)" + (t.expected.map { "  \($0) items expected" } ?? "")
        }
        if let expected = t.expected {
            parts.append("\(t.done)/\(expected) items" + (t.percent.map { " (\($0)%)" } ?? ""))
        } else {
            parts.append("\(t.done) items")
        }
        if let rate = t.rate { parts.append("\(formatRate(rate)) items/s") }
        if let eta = t.eta, !finished(t.state) { parts.append("ETA \(RunProgress.duration(eta))") }
        if let partitions = t.latest.driver?.partitions, partitions > 0 {
            parts.append("\(t.latest.partsDone)/\(partitions) partitions done")
        }
        parts.append("\(t.latest.throttledRetries) throttled retries")
        if t.latest.deadLettered > 0 { parts.append("\(t.latest.deadLettered) dead-lettered") }
        return parts.joined(separator: "  ")
    }

    static func formatRate(_ rate: Double) -> String {
        rate >= 100 ? String(Int(rate.rounded())) : String(format: "%.1f", rate)
    }

    static func finished(_ state: String) -> Bool {
        ["SUCCEEDED", "FAILED", "ERROR", "TIMEOUT", "STOPPED", "EXPIRED", "succeeded", "failed"].contains(state)
    }
}
