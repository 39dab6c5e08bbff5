import Foundation

/// What `replay` prints: one line per dead letter (at most `limit`, the rest in replayed.jsonl),
/// the table of counts `run-local` prints, and what to do next.
public enum ReplayReport {
    public static func text(_ r: Replayer.Result, limit: Int = 50) -> String {
        var out = r.dryRun
            ? "\(r.table): dry run of a replay of run \(r.sourceRun): \(r.lines.count) dead letter(s); nothing is written\n"
            : "\(r.table): replay \(r.runId) of run \(r.sourceRun): \(r.lines.count) dead letter(s)\n"
        for line in r.lines.prefix(limit) {
            // A dry run asks DynamoDB nothing: an item it would put may turn out skipped.
            let outcome = r.dryRun && line.outcome == .written ? "would put" : line.outcome.rawValue
            let reason = line.newReason.map { " (\($0))" } ?? ""
            out += "  \(outcome)\(reason): \(line.entity.map { "\($0) " } ?? "")\(line.label) (was \(line.sourceReason))\n"
        }
        if r.lines.count > limit { out += "  ... and \(r.lines.count - limit) more\(r.dryRun ? "" : " (replayed.jsonl)")\n" }
        let c = r.counts
        out += String(format: "%@: %@ in %.1fs: read %d, written %d, skipped %d, dead-lettered %d, not found %d\n", r.table,
                      r.dryRun ? "dry run" : "replayed", r.seconds, c.read, c.written, c.skipped, c.deadLettered, c.notFound)
        out += RunCountsTable.render([RunCountsTable.Row(table: r.table, status: r.dryRun ? "dry-run" : "succeeded", seconds: r.seconds,
                                                         read: c.read, written: c.written, skipped: c.skipped,
                                                         deadLettered: c.deadLettered, reasons: c.reasons)])
        if c.notFound > 0 { out += "\(c.notFound) row(s) are no longer in the view (deleted from the source since): not-found\n" }
        if !r.dryRun { out += "consumed write units: \(ReplayOutputs.unitsText(c.consumedWriteUnits)), throttled retries: \(c.throttledRetries)\n" }
        for path in r.written { out += "wrote \(path)\n" }
        if c.deadLettered > 0 {
            out += "\(c.deadLettered) row(s) were dead-lettered again"
            out += r.dryRun ? ".\n" : " (in run \(r.runId)); fix their cause, then replay them with --run \(r.runId).\n"
        }
        return out
    }
}
