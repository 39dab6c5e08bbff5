import Foundation

/// The HTML page's charts as inline SVG, drawn here (no script, no fonts, no network). Every
/// bar carries its figure as text, so no chart needs its colours to be read; every user-derived
/// string passes through `htmlEscape`.
enum ReportCharts {
    static let width = 860.0
    static let labelWidth = 170.0
    static let barHeight = 22.0
    static let gap = 12.0

    struct Segment { var label: String; var value: Int; var fill: String }

    /// Outcomes per table: one horizontal bar per table, written / skipped / dead-lettered
    /// stacked, scaled to the largest table, the counts written beside it.
    static func outcomes(_ tables: [ReportModel.TableFigures]) -> String {
        let rows = tables.map { t in
            (t.table, [Segment(label: "written", value: t.written, fill: "#2f7d32"),
                       Segment(label: "skipped", value: t.skipped, fill: "#9e9e9e"),
                       Segment(label: "dead-lettered", value: t.deadLettered, fill: "#c62828")])
        }
        return stacked(chart: "outcomes", title: "Outcomes per table", rows: rows)
    }

    /// Dead letters by reason across tables.
    static func deadLetters(_ errors: [ReportModel.ErrorGroup]) -> String {
        var byReason: [String: (resolved: Int, unresolved: Int)] = [:]
        for e in errors {
            byReason[e.reason, default: (0, 0)].resolved += e.resolved
            byReason[e.reason, default: (0, 0)].unresolved += e.unresolved
        }
        let rows = byReason.keys.sorted().map { r in
            (r, [Segment(label: "unresolved", value: byReason[r]!.unresolved, fill: "#c62828"),
                 Segment(label: "resolved", value: byReason[r]!.resolved, fill: "#2f7d32")])
        }
        if rows.isEmpty {
            return "<svg data-chart=\"dead-letters\" role=\"img\" aria-label=\"Dead letters by reason\" width=\"\(Int(width))\" height=\"40\" viewBox=\"0 0 \(Int(width)) 40\"><text x=\"0\" y=\"25\" font-size=\"14\">No dead letters.</text></svg>"
        }
        return stacked(chart: "dead-letters", title: "Dead letters by reason", rows: rows)
    }

    static func stacked(chart: String, title: String, rows: [(String, [Segment])]) -> String {
        let barArea = width - labelWidth - 300
        let largest = max(1, rows.map { $0.1.map(\.value).reduce(0, +) }.max() ?? 1)
        let height = Double(rows.count) * (barHeight + gap) + gap
        var o = "<svg data-chart=\"\(chart)\" role=\"img\" aria-label=\"\(htmlEscape(title))\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
        for (i, (name, segments)) in rows.enumerated() {
            let y = gap + Double(i) * (barHeight + gap)
            o += "<g data-row=\"\(htmlEscape(name))\">"
            o += "<text x=\"0\" y=\"\(f(y + barHeight * 0.7))\" font-size=\"13\">\(htmlEscape(name))</text>"
            var x = labelWidth
            for s in segments where s.value > 0 {
                let w = barArea * Double(s.value) / Double(largest)
                o += "<rect data-segment=\"\(s.label)\" x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(max(1, w)))\" height=\"\(f(barHeight))\" fill=\"\(s.fill)\"><title>\(htmlEscape(name)): \(s.label) \(ReportFormat.count(s.value))</title></rect>"
                x += w
            }
            let label = segments.map { "\($0.label) \(ReportFormat.count($0.value))" }.joined(separator: " · ")
            o += "<text class=\"bar-label\" x=\"\(f(x + 6))\" y=\"\(f(y + barHeight * 0.7))\" font-size=\"12\">\(htmlEscape(label))</text></g>"
        }
        return o + "</svg>"
    }

    /// Integrity per table: a bar 0–100 per table, its score as text.
    static func integrity(_ tables: [ReportModel.TableFigures]) -> String {
        let barArea = width - labelWidth - 160
        let height = Double(tables.count) * (barHeight + gap) + gap
        var o = "<svg data-chart=\"integrity\" role=\"img\" aria-label=\"Integrity score per table\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
        for (i, t) in tables.enumerated() {
            let y = gap + Double(i) * (barHeight + gap)
            o += "<g data-row=\"\(htmlEscape(t.table))\"><text x=\"0\" y=\"\(f(y + barHeight * 0.7))\" font-size=\"13\">\(htmlEscape(t.table))</text>"
            o += "<rect x=\"\(f(labelWidth))\" y=\"\(f(y))\" width=\"\(f(barArea))\" height=\"\(f(barHeight))\" fill=\"#eeeeee\"/>"
            o += "<rect data-segment=\"score\" x=\"\(f(labelWidth))\" y=\"\(f(y))\" width=\"\(f(barArea * t.score / 100))\" height=\"\(f(barHeight))\" fill=\"\(t.verdict == "passed" ? "#2f7d32" : "#c62828")\"/>"
            o += "<text class=\"bar-label\" x=\"\(f(labelWidth + barArea + 6))\" y=\"\(f(y + barHeight * 0.7))\" font-size=\"12\">\(ReportFormat.score(t.score))/100 \(t.verdict)</text></g>"
        }
        return o + "</svg>"
    }

    /// Throughput over time for one table: items per second between successive progress points
    /// (runs laid end to end), as a step line, with the mean and the peak written out.
    static func throughput(_ t: ReportModel.TableFigures) -> String {
        let h = 180.0, left = 60.0, bottom = 30.0, top = 24.0
        let plotW = width - left - 20, plotH = h - top - bottom
        var rates: [(t0: Double, t1: Double, rate: Double)] = []
        for (a, b) in zip(t.throughput, t.throughput.dropFirst()) where a.runId == b.runId && b.tS > a.tS {
            rates.append((a.tS, b.tS, Double(b.done - a.done) / (b.tS - a.tS)))
        }
        let end = max(t.throughput.last?.tS ?? 0, 0.001)
        let top1 = max(1, rates.map(\.rate).max() ?? 1, t.peakItemsPerS)
        var o = "<svg data-chart=\"throughput\" data-table=\"\(htmlEscape(t.table))\" role=\"img\" aria-label=\"Throughput of \(htmlEscape(t.table))\" width=\"\(Int(width))\" height=\"\(Int(h))\" viewBox=\"0 0 \(Int(width)) \(Int(h))\">"
        o += "<text x=\"0\" y=\"16\" font-size=\"13\">\(htmlEscape(t.table)): mean \(ReportFormat.fixed(t.itemsPerS, 2)) items/s, peak \(ReportFormat.fixed(t.peakItemsPerS, 2)) items/s over \(ReportFormat.duration(t.durationS))</text>"
        o += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#555\"/>"
        o += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"#555\"/>"
        o += "<text x=\"\(f(left - 4))\" y=\"\(f(top + 10))\" font-size=\"11\" text-anchor=\"end\">\(ReportFormat.fixed(top1, 0))</text>"
        o += "<text x=\"\(f(left - 4))\" y=\"\(f(top + plotH))\" font-size=\"11\" text-anchor=\"end\">0</text>"
        o += "<text x=\"\(f(left + plotW))\" y=\"\(f(h - 8))\" font-size=\"11\" text-anchor=\"end\">\(ReportFormat.fixed(end, 1)) s</text>"
        o += "<text x=\"\(f(left))\" y=\"\(f(h - 8))\" font-size=\"11\">0 s (items/s over run time)</text>"
        if !rates.isEmpty {
            var points: [String] = []
            for r in rates {
                let y = top + plotH - plotH * r.rate / top1
                points.append("\(f(left + plotW * r.t0 / end)),\(f(y))")
                points.append("\(f(left + plotW * r.t1 / end)),\(f(y))")
            }
            o += "<polyline data-series=\"items-per-second\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
        }
        return o + "</svg>"
    }

    /// SVG coordinates with one decimal (fixed, for identical output).
    static func f(_ x: Double) -> String { ReportFormat.fixed(x, 1) }
}
