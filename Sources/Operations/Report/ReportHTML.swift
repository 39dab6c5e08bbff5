import AWS
import Foundation
import Validation

/// `report.html`: one self-contained page — inline CSS and SVG, no script, no external
/// resource — with the summary, the charts, the tables, errors and recommendations.
enum ReportHTML {
    static func render(_ m: ReportModel) -> String {
        var o = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Migration report</title>"
        o += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        o += "<style>body{font-family:sans-serif;margin:24px;max-width:1200px;color:#111}table{border-collapse:collapse;margin:8px 0 16px}"
        o += "td,th{border:1px solid #bbb;padding:3px 6px;font-size:13px;text-align:left}td.n{text-align:right}code,pre{background:#f4f4f4}"
        o += "pre{padding:6px;white-space:pre-wrap}h2{border-bottom:1px solid #ccc}</style></head><body>\n"
        o += "<h1>Migration report</h1>\n<p>Latest run finished at \(htmlEscape(m.generatedAt)).</p>\n"
        o += "<h2>Executive summary</h2>\n<ul id=\"summary\">" + m.summary.map { "<li>\(htmlEscape($0))</li>" }.joined() + "</ul>\n"
        let t = m.totals
        o += "<table id=\"totals\"><tr><th>tables</th><th>runs</th><th>read</th><th>written</th><th>skipped</th><th>dead-lettered</th><th>unresolved</th><th>duration</th><th>write units</th><th>cost (on demand)</th><th>throttled retries</th><th>lowest score</th></tr>"
        o += "<tr>" + [String(t.tables), String(t.runs), ReportFormat.count(t.read), ReportFormat.count(t.written), ReportFormat.count(t.skipped),
                       ReportFormat.count(t.deadLettered), ReportFormat.count(t.unresolvedDeadLetters), ReportFormat.duration(t.durationS),
                       ReportFormat.fixed(t.writeUnits, 2), ReportFormat.usd(t.costUSD), ReportFormat.count(t.throttledRetries),
                       ReportFormat.score(t.lowestScore)].map { "<td class=\"n\">\(htmlEscape($0))</td>" }.joined() + "</tr></table>\n"

        o += "<h2>Outcomes per table</h2>\n" + ReportCharts.outcomes(m.tables) + "\n"
        o += "<h2>Integrity per table</h2>\n" + ReportCharts.integrity(m.tables) + "\n"
        o += "<h2>Throughput over time</h2>\n<p>Items per second between progress snapshots (each write partition's last one, and the run's start and end), runs laid end to end.</p>\n"
        for f in m.tables { o += ReportCharts.throughput(f) + "\n" }
        o += "<h2>Dead letters by reason</h2>\n" + ReportCharts.deadLetters(m.errors) + "\n"

        o += "<h2>Tables</h2>\n<table id=\"tables\"><tr><th>table</th><th>runs</th><th>status</th><th>read</th><th>written</th><th>skipped</th><th>dead-lettered</th><th>duration</th><th>items/s mean</th><th>items/s peak</th><th>write units</th><th>cost</th><th>throttled retries</th><th>score</th><th>validation</th></tr>"
        for f in m.tables {
            let cells = [f.table, String(f.runs), f.status, ReportFormat.count(f.read), ReportFormat.count(f.written), ReportFormat.count(f.skipped),
                         ReportFormat.count(f.deadLettered), ReportFormat.duration(f.durationS), ReportFormat.fixed(f.itemsPerS, 2),
                         ReportFormat.fixed(f.peakItemsPerS, 2), ReportFormat.fixed(f.writeUnits, 2), ReportFormat.usd(f.costUSD),
                         ReportFormat.count(f.throttledRetries), ReportFormat.score(f.score), f.verdict + (f.validationStale ? " (before the latest run)" : "")]
            o += "<tr>" + cells.map { "<td>\(htmlEscape($0))</td>" }.joined() + "</tr>"
        }
        o += "</table>\n"

        o += "<h2>Errors</h2>\n"
        if m.errors.isEmpty { o += "<p>No dead letters.</p>\n" }
        for e in m.errors {
            o += "<h3>\(htmlEscape(e.table)): \(htmlEscape(e.reason)) — \(e.count) (\(e.status): \(e.resolved) resolved, \(e.unresolved) unresolved)</h3>\n"
            o += "<p>\(htmlEscape(e.action))</p>\n"
            for c in e.commands { o += "<pre>\(htmlEscape(c))</pre>\n" }
            o += "<table><tr><th>run</th><th>entity</th><th>key</th><th>_partition_key</th><th>detail</th><th>resolved</th></tr>"
            for x in e.examples {
                let cells = [x.runId, x.entity ?? "-", x.key.map { dynamoDBJSON($0) } ?? "-", x.partitionKey ?? "-", x.detail, x.resolved ? "yes" : "no"]
                o += "<tr>" + cells.map { "<td>\(htmlEscape($0))</td>" }.joined() + "</tr>"
            }
            o += "</table>\n"
        }
        o += "<h2>Recommendations</h2>\n<ul id=\"recommendations\">"
        o += m.recommendations.map { "<li><b>\(htmlEscape($0.table))</b> (\(htmlEscape($0.kind))): \(htmlEscape($0.text))</li>" }.joined()
        o += "</ul>\n<p>Prices: on-demand $\(ReportFormat.fixed(Pricing.onDemandUSDPerMillionWriteUnits, 3)) per million write request units (\(htmlEscape(Pricing.onDemandSource))); provisioned $\(ReportFormat.fixed(Pricing.provisionedUSDPerWCUHour, 5)) per WCU-hour (\(htmlEscape(Pricing.provisionedSource))); \(Pricing.region) list prices.</p>\n"
        return o + "</body></html>\n"
    }
}
