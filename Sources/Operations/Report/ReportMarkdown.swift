import AWS
import Foundation
import Validation

/// `report.md`: the executive summary first, then totals, per-table figures, errors and
/// recommendations (docs/REPORT.md).
enum ReportMarkdown {
    static func render(_ m: ReportModel) -> String {
        var o = "# Migration report\n\n"
        o += "Latest run finished at \(m.generatedAt). Costs at DynamoDB on-demand list price, \(Pricing.region): "
        o += "$\(ReportFormat.fixed(Pricing.onDemandUSDPerMillionWriteUnits, 3)) per million write request units (\(Pricing.onDemandSource)).\n\n"
        o += "## Executive summary\n\n"
        for line in m.summary { o += "- \(markdownEscape(line))\n" }
        let t = m.totals
        o += "\n\(t.tablesPassed) of \(t.tables) tables passed validation; \(ReportFormat.count(t.written)) items written in \(ReportFormat.duration(t.durationS)) of run time"
        o += t.unresolvedDeadLetters == 0 ? "; no unresolved errors.\n\n" : "; \(ReportFormat.count(t.unresolvedDeadLetters)) rows still unresolved (see Errors).\n\n"

        o += "## Totals\n\n| tables | runs | read | written | skipped | dead-lettered | unresolved | duration | write units | cost (on demand) | throttled retries | lowest score |\n"
        o += "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        o += "| \(t.tables) | \(t.runs) | \(ReportFormat.count(t.read)) | \(ReportFormat.count(t.written)) | \(ReportFormat.count(t.skipped)) | \(ReportFormat.count(t.deadLettered)) | \(ReportFormat.count(t.unresolvedDeadLetters)) | \(ReportFormat.duration(t.durationS)) | \(ReportFormat.fixed(t.writeUnits, 2)) | \(ReportFormat.usd(t.costUSD)) | \(ReportFormat.count(t.throttledRetries)) | \(ReportFormat.score(t.lowestScore)) |\n\n"

        o += "## Tables\n\n| table | runs | status | read | written | skipped | dead-lettered | duration | items/s (mean) | items/s (peak) | write units | cost | throttled retries | score | validation |\n"
        o += "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        for f in m.tables {
            o += "| \(f.table) | \(f.runs) | \(f.status) | \(ReportFormat.count(f.read)) | \(ReportFormat.count(f.written)) | \(ReportFormat.count(f.skipped)) | \(ReportFormat.count(f.deadLettered)) | \(ReportFormat.duration(f.durationS)) | \(ReportFormat.fixed(f.itemsPerS, 2)) | \(ReportFormat.fixed(f.peakItemsPerS, 2)) | \(ReportFormat.fixed(f.writeUnits, 2)) | \(ReportFormat.usd(f.costUSD)) | \(ReportFormat.count(f.throttledRetries)) | \(ReportFormat.score(f.score)) | \(f.verdict)\(f.validationStale ? " (before the latest run)" : "") |\n"
        }
        for f in m.tables {
            o += "\n### \(f.table)\n\n"
            let s = f.scoreTerms
            o += "Integrity \(ReportFormat.score(f.score))/100 (validation \(markdownEscape(f.validationRun))): \(s.discrepancies) discrepancies — missing \(s.missing), unexpected \(s.unexpected), mismatched \(s.mismatched), GSI \(s.gsi).\n"
            if !f.deadLetterReasons.isEmpty {
                o += "Dead letters by reason: " + f.deadLetterReasons.keys.sorted().map { "\(markdownEscape($0)) \(f.deadLetterReasons[$0]!)" }.joined(separator: ", ") + ".\n"
            }
            if f.skipped > 0 {
                o += "Conditional writes that were skipped consumed an estimated \(ReportFormat.fixed(f.skippedWriteUnitsEstimate, 2)) write units (\(ReportFormat.usd(f.skippedCostUSDEstimate))), not included in the write units DynamoDB reported.\n"
            }
            o += "\n"
            o += "| run | kind | status | started | duration | read | written | skipped | dead-lettered | write units | throttled retries |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
            for r in f.runList {
                o += "| \(markdownEscape(r.runId)) | \(r.kind)\(r.replayOf.map { " of " + markdownEscape($0) } ?? "") | \(markdownEscape(r.status)) | \(markdownEscape(r.startedAt ?? "-")) | \(ReportFormat.duration(r.durationS)) | \(ReportFormat.count(r.read)) | \(ReportFormat.count(r.written)) | \(ReportFormat.count(r.skipped)) | \(ReportFormat.count(r.deadLettered)) | \(ReportFormat.fixed(r.writeUnits, 2)) | \(ReportFormat.count(r.throttledRetries)) |\n"
            }
        }

        o += "\n## Errors\n\n"
        if m.errors.isEmpty { o += "No dead letters.\n" }
        for e in m.errors {
            o += "### \(e.table): \(markdownEscape(e.reason)) — \(e.count) (\(e.status): \(e.resolved) resolved, \(e.unresolved) unresolved)\n\n"
            o += "\(markdownEscape(e.action))\n\n"
            for c in e.commands { o += "```sh\n\(c)\n```\n\n" }
            o += "| run | entity | key | _partition_key | detail | resolved |\n|---|---|---|---|---|---|\n"
            for x in e.examples {
                o += "| \(markdownEscape(x.runId)) | \(markdownEscape(x.entity ?? "-")) | \(markdownEscape(x.key.map { dynamoDBJSON($0) } ?? "-")) | \(markdownEscape(x.partitionKey ?? "-")) | \(markdownEscape(x.detail)) | \(x.resolved ? "yes" : "no") |\n"
            }
            o += "\n"
        }

        o += "\n## Recommendations\n\n"
        for r in m.recommendations { o += "- **\(r.table)** (\(r.kind)): \(markdownEscape(r.text))\n" }
        o += "\nPrices: on-demand $\(ReportFormat.fixed(Pricing.onDemandUSDPerMillionWriteUnits, 3)) per million WRU (\(Pricing.onDemandSource)); provisioned $\(ReportFormat.fixed(Pricing.provisionedUSDPerWCUHour, 5)) per WCU-hour (\(Pricing.provisionedSource)); \(Pricing.region) list prices.\n"
        return o
    }
}
