import AWS
import Foundation
import Validation

/// How `validate` shows its document to a person: one line per table, then every discrepancy
/// with its examples, then the verdict.
public enum ValidationReport {
    public static func text(_ d: ValidationDocument) -> String {
        let rows = d.tables.map { v -> [String] in
            let m = v.measurement
            let gsi = m.gsis.isEmpty ? "-" : (m.gsis.allSatisfy { $0.present == $0.actual && $0.queryFailures == 0 } ? "ok" : "DIFF")
            return [m.table, "\(m.expectedItems)", "\(m.items)", "\(m.matched)", "\(m.missingKeys.count)", "\(m.unexpectedKeys.count)",
                    "\(m.attributeMismatches.count)/\(m.attributeMismatches.compared)", gsi,
                    v.accounting.balanced ? "balanced" : "UNBALANCED", score(v.integrity.score), v.passed ? "PASS" : "FAIL"]
        }
        var out = TextTable.render(header: ["table", "expected", "items", "matched", "missing", "unexpected", "mismatched/compared",
                                            "gsis", "accounting", "score", "verdict"],
                                   rows: rows, rightAligned: [1, 2, 3, 4, 5, 6, 9])
        for v in d.tables { out += details(v) }
        let failed = d.tables.filter { !$0.passed }.map(\.measurement.table)
        out += failed.isEmpty
            ? "\nvalidation \(d.run): every table passed (min score \(score(d.minScore)))\n"
            : "\nvalidation \(d.run): FAILED for \(failed.joined(separator: ", ")) (min score \(score(d.minScore)))\n"
        return out
    }

    static func details(_ v: TableVerdict) -> String {
        let m = v.measurement
        var lines: [String] = []
        if m.excludedRows.count > 0 {
            lines.append("  \(m.excludedRows.count) view rows are not items by the contract: "
                + m.excludedRows.byReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        func keys(_ title: String, _ list: KeyList) {
            guard list.count > 0 else { return }
            lines.append("  \(list.count) \(title)" + (list.examples.count < list.count ? " (first \(list.examples.count))" : "") + ":")
            lines += list.examples.map { "    " + key($0) }
        }
        keys("missing keys (in MySQL, not in DynamoDB)", m.missingKeys)
        keys("unexpected keys (in DynamoDB, not expected from MySQL)", m.unexpectedKeys)
        if m.attributeMismatches.count > 0 {
            lines.append("  \(m.attributeMismatches.count) of \(m.attributeMismatches.compared) compared items differ:")
            lines += m.attributeMismatches.examples.map {
                "    \(key($0.key))  \($0.attribute): expected \(value($0.expected)), found \(value($0.actual))"
            }
        }
        for g in m.gsis where g.present != g.actual || g.queryFailures > 0 {
            lines.append("  index \(g.index): \(g.present) of the items in the table belong in it, \(g.actual) are in it; \(g.queryFailures) of \(g.queried) sampled queries did not return their item")
        }
        if !v.accounting.balanced {
            lines.append(v.accounting.runs == 0 ? "  no run summary: nothing shows this table was migrated"
                                                : "  run summaries that do not balance:")
            lines += v.accounting.unbalancedRuns.map { "    " + $0 }
        }
        if v.integrity.terms.discrepancies > 0 {
            let t = v.integrity.terms
            lines.append("  score \(score(v.integrity.score)) = 100 × (\(m.expectedItems) − \(t.discrepancies)) / \(m.expectedItems): "
                + "missing \(t.missing) + unexpected \(t.unexpected) + mismatched \(t.mismatched) + gsi \(t.gsi)")
        }
        return lines.isEmpty ? "" : "\n\(m.table):\n" + lines.joined(separator: "\n") + "\n"
    }

    /// `PK=USER#1 SK=#META` (numbers bare, binary as base64).
    static func key(_ item: DynamoDBItem) -> String {
        item.keys.sorted().map { "\($0)=\(plain(item[$0]!))" }.joined(separator: " ")
    }

    static func plain(_ v: DynamoDBAttributeValue) -> String {
        switch v {
        case let .s(s): return s
        case let .n(n): return n
        case let .b(b): return b.base64EncodedString()
        default: return value(v)
        }
    }

    /// An attribute value as DynamoDB JSON, `(absent)` for nil.
    static func value(_ v: DynamoDBAttributeValue?) -> String {
        v.map { dynamoDBJSON($0) } ?? "(absent)"
    }

    static func score(_ s: Double) -> String {
        s == s.rounded() ? String(Int(s)) : String(format: "%.2f", s)
    }

    /// `Users  scanning  41200/120000 keys (34%)  8120 keys/s  ETA 10s`.
    public static func progressLine(table: String, done: Int, expected: Int?, since: Date) -> String {
        let elapsed = Date().timeIntervalSince(since)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var parts = [table, "scanning"]
        if let expected, expected > 0 {
            parts.append("\(done)/\(expected) keys (\(min(100, done * 100 / expected))%)")
            if rate > 0, done < expected { parts.append("ETA \(RunProgress.duration(Double(expected - done) / rate))") }
        } else {
            parts.append("\(done) keys")
        }
        parts.insert("\(ProgressLine.formatRate(rate)) keys/s", at: parts.count > 3 ? 3 : parts.count)
        return parts.joined(separator: "  ")
    }
}
