import MySQL

/// Plain-text tables for the MySQL commands' output: aligned columns a person can scan.
public enum TextTable {
    public static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let widths = header.indices.map { i in ([header[i]] + rows.map { i < $0.count ? $0[i] : "" }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.indices.map { i in
                let pad = String(repeating: " ", count: widths[i] - cells[i].count)
                return rightAligned.contains(i) ? pad + cells[i] : cells[i] + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

public enum PreflightText {
    public static func render(_ reports: [PreflightReport]) -> String {
        var out = TextTable.render(
            header: ["table", "view", "rows", "missing keys", "colliding keys", "max item", "mean item", "over 400 KB", "verdict"],
            rows: reports.map { r in
                [r.table, r.view, "\(r.rows)", "\(r.missingKeyRows)", "\(r.collidingKeys) (\(r.collidingRows) rows)",
                 bytes(r.maxItemSizeBytes), bytes(Int(r.meanItemSizeBytes.rounded())), "\(r.oversizeItems)",
                 r.isBlocking ? "BLOCKED" : "ok"]
            }, rightAligned: [2, 3, 5, 6, 7])
        for r in reports where !r.collisionExamples.isEmpty {
            out += "\(r.table): colliding keys, for example:\n"
            for e in r.collisionExamples { out += "  \(e.key.joined(separator: " / ")) (\(e.rows) rows)\n" }
        }
        for r in reports where !r.gsiMissingKeyRows.isEmpty {
            let parts = r.gsiMissingKeyRows.sorted { $0.key < $1.key }.filter { $0.value > 0 }.map { "\($0.key): \($0.value)" }
            if !parts.isEmpty { out += "\(r.table): rows left out of sparse indexes (NULL or empty GSI key): \(parts.joined(separator: ", "))\n" }
        }
        return out
    }

    static func bytes(_ n: Int) -> String { n >= 10 * 1024 ? "\(n / 1024) KB" : "\(n) B" }
}
