import AWS
import Foundation
import Validation

/// The report's figures (docs/REPORT.md), computed from `ReportInputs` alone: no clock, no
/// environment, every list sorted, every fraction rounded to fixed places — so the same inputs
/// give the same report, byte for byte. The Markdown, JSON and HTML renderings only format this.
public struct ReportModel: Encodable, Sendable {
    public static let version = 1

    /// How the report was asked for; enters only the commands it prints.
    public struct Context: Sendable {
        public var directory: String
        public var config: String?
        /// `--runs FOLDER`, when the inputs are a run-local folder.
        public var runsFolder: String?
        public init(directory: String, config: String? = nil, runsFolder: String? = nil) {
            self.directory = directory; self.config = config; self.runsFolder = runsFolder
        }
    }

    public struct RunFigures: Encodable, Sendable, Equatable {
        public var runId: String
        public var kind: String
        public var replayOf: String?
        public var status: String
        public var startedAt: String?
        public var finishedAt: String?
        public var durationS: Double
        public var read: Int, written: Int, skipped: Int, deadLettered: Int
        public var writeUnits: Double
        public var throttledRetries: Int
        enum CodingKeys: String, CodingKey {
            case runId = "run_id", kind, replayOf = "replay_of", status, startedAt = "started_at", finishedAt = "finished_at"
            case durationS = "duration_s", read, written, skipped, deadLettered = "dead_lettered", writeUnits = "write_units"
            case throttledRetries = "throttled_retries"
        }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(runId, forKey: .runId); try c.encode(kind, forKey: .kind); try c.encode(replayOf, forKey: .replayOf)
            try c.encode(status, forKey: .status); try c.encode(startedAt, forKey: .startedAt); try c.encode(finishedAt, forKey: .finishedAt)
            try c.encode(durationS, forKey: .durationS); try c.encode(read, forKey: .read); try c.encode(written, forKey: .written)
            try c.encode(skipped, forKey: .skipped); try c.encode(deadLettered, forKey: .deadLettered)
            try c.encode(writeUnits, forKey: .writeUnits); try c.encode(throttledRetries, forKey: .throttledRetries)
        }
    }

    /// One point of the throughput series: `t_s` seconds of run time (runs laid end to end),
    /// `done` items with an outcome so far, `run_id` the run the point belongs to.
    public struct ThroughputPoint: Encodable, Sendable, Equatable {
        public var runId: String
        public var tS: Double
        public var done: Int
        enum CodingKeys: String, CodingKey { case runId = "run_id", tS = "t_s", done }
    }

    public struct TableFigures: Encodable, Sendable {
        public var table: String
        public var runs: Int
        /// The latest run's status (`succeeded`/`failed`).
        public var status: String
        public var read: Int, written: Int, skipped: Int, deadLettered: Int
        public var deadLetterReasons: [String: Int]
        public var durationS: Double
        public var itemsPerS: Double
        public var peakItemsPerS: Double
        public var writeUnits: Double
        public var writeUnitsPerItem: Double
        public var costUSD: Double
        /// Conditional puts that failed (skipped) consume write units too, which DynamoDB does not
        /// report back for them: estimated as skipped × write units per written item (at least 1).
        public var skippedWriteUnitsEstimate: Double
        public var skippedCostUSDEstimate: Double
        public var throttledRetries: Int
        public var score: Double
        public var scoreTerms: IntegrityScore.Terms
        public var verdict: String
        public var validationRun: String
        /// The validation finished before the table's latest run did: it does not cover that run.
        public var validationStale: Bool
        public var unresolvedDeadLetters: Int
        public var runList: [RunFigures]
        public var throughput: [ThroughputPoint]

        enum CodingKeys: String, CodingKey {
            case table, runs, status, read, written, skipped, deadLettered = "dead_lettered"
            case deadLetterReasons = "dead_letter_reasons", durationS = "duration_s", itemsPerS = "items_per_s"
            case peakItemsPerS = "peak_items_per_s", writeUnits = "write_units", writeUnitsPerItem = "write_units_per_item"
            case costUSD = "cost_usd", skippedWriteUnitsEstimate = "skipped_write_units_estimate"
            case skippedCostUSDEstimate = "skipped_cost_usd_estimate", throttledRetries = "throttled_retries", score
            case scoreTerms = "score_terms", verdict, validationRun = "validation_run", validationStale = "validation_stale"
            case unresolvedDeadLetters = "unresolved_dead_letters", runList = "run_list", throughput
        }
    }

    public struct Example: Encodable, Sendable, Equatable {
        public var runId: String
        public var entity: String?
        public var key: DynamoDBItem?
        public var partitionKey: String?
        public var detail: String
        public var resolved: Bool
        enum CodingKeys: String, CodingKey { case runId = "run_id", entity, key, partitionKey = "partition_key", detail, resolved }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(runId, forKey: .runId); try c.encode(entity, forKey: .entity); try c.encode(key, forKey: .key)
            try c.encode(partitionKey, forKey: .partitionKey); try c.encode(detail, forKey: .detail); try c.encode(resolved, forKey: .resolved)
        }
    }

    /// The dead letters of one table and reason.
    public struct ErrorGroup: Encodable, Sendable {
        public var table: String
        public var reason: String
        public var count: Int
        public var resolved: Int
        public var unresolved: Int
        public var status: String
        public var action: String
        /// One `ddb-migrate replay` per run that still has unresolved letters of this reason.
        public var commands: [String]
        public var examples: [Example]
    }

    public struct Recommendation: Encodable, Sendable, Equatable {
        public var table: String
        /// `capacity-mode`, `hot-partition-keys`, `gsi-projection`, `ttl`, `oversize-items`.
        public var kind: String
        public var text: String
    }

    public struct Totals: Encodable, Sendable {
        public var tables: Int, runs: Int
        public var read: Int, written: Int, skipped: Int, deadLettered: Int
        public var unresolvedDeadLetters: Int
        public var durationS: Double
        public var writeUnits: Double
        public var costUSD: Double
        public var throttledRetries: Int
        public var lowestScore: Double
        public var tablesPassed: Int
        enum CodingKeys: String, CodingKey {
            case tables, runs, read, written, skipped, deadLettered = "dead_lettered", unresolvedDeadLetters = "unresolved_dead_letters"
            case durationS = "duration_s", writeUnits = "write_units", costUSD = "cost_usd", throttledRetries = "throttled_retries"
            case lowestScore = "lowest_score", tablesPassed = "tables_passed"
        }
    }

    public struct PriceNote: Encodable, Sendable {
        public var onDemandUSDPerMillionWriteUnits = Pricing.onDemandUSDPerMillionWriteUnits
        public var provisionedUSDPerWCUHour = Pricing.provisionedUSDPerWCUHour
        public var region = Pricing.region
        public var sources = [Pricing.onDemandSource, Pricing.provisionedSource]
        enum CodingKeys: String, CodingKey {
            case onDemandUSDPerMillionWriteUnits = "on_demand_usd_per_million_write_units"
            case provisionedUSDPerWCUHour = "provisioned_usd_per_wcu_hour", region, sources
        }
    }

    /// The latest run's `finished_at` (the report's own clock stays out: determinism).
    public var generatedAt: String
    public var summary: [String]
    public var totals: Totals
    public var tables: [TableFigures]
    public var errors: [ErrorGroup]
    public var recommendations: [Recommendation]
    public var pricing = PriceNote()
    public var hotKeysChecked: Bool

    enum CodingKeys: String, CodingKey {
        case reportVersion = "report_version", tool, generatedAt = "generated_at", summary, totals, tables, errors
        case recommendations, pricing, hotKeysChecked = "hot_keys_checked"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.version, forKey: .reportVersion)
        try c.encode("ddb-migrate", forKey: .tool)
        try c.encode(generatedAt, forKey: .generatedAt)
        try c.encode(summary, forKey: .summary)
        try c.encode(totals, forKey: .totals)
        try c.encode(tables, forKey: .tables)
        try c.encode(errors, forKey: .errors)
        try c.encode(recommendations, forKey: .recommendations)
        try c.encode(pricing, forKey: .pricing)
        try c.encode(hotKeysChecked, forKey: .hotKeysChecked)
    }

    /// Example rows listed per error group.
    public static let examplesPerGroup = 3
    /// Progress points closer than this are merged before a rate is taken: a rate over a few
    /// milliseconds says nothing.
    public static let minimumRateInterval = 1.0

    public init(_ inputs: ReportInputs, context: Context, hotKeys: [String: [HotKey]]? = nil) {
        let resolution = DeadLetterResolution(inputs)
        var tables: [TableFigures] = []
        var errors: [ErrorGroup] = []
        var recommendations: [Recommendation] = []
        for t in inputs.tables {
            let figures = Self.figures(t, resolution: resolution)
            tables.append(figures)
            errors += Self.errorGroups(t, resolution: resolution, context: context)
            recommendations += Recommendations.compute(table: t, figures: figures, hotKeys: hotKeys?[t.name])
        }
        self.tables = tables
        self.errors = errors
        self.recommendations = recommendations
        hotKeysChecked = hotKeys != nil
        generatedAt = inputs.tables.flatMap(\.runs).compactMap(\.summary.finishedAt).max() ?? ""
        totals = Totals(tables: tables.count, runs: tables.map(\.runs).reduce(0, +), read: tables.map(\.read).reduce(0, +),
                        written: tables.map(\.written).reduce(0, +), skipped: tables.map(\.skipped).reduce(0, +),
                        deadLettered: tables.map(\.deadLettered).reduce(0, +),
                        unresolvedDeadLetters: tables.map(\.unresolvedDeadLetters).reduce(0, +),
                        durationS: Self.round(tables.map(\.durationS).reduce(0, +), 3),
                        writeUnits: Self.round(tables.map(\.writeUnits).reduce(0, +), 2),
                        costUSD: Self.round(tables.map(\.costUSD).reduce(0, +), 6),
                        throttledRetries: tables.map(\.throttledRetries).reduce(0, +),
                        lowestScore: tables.map(\.score).min() ?? 100, tablesPassed: tables.filter { $0.verdict == "passed" }.count)
        summary = tables.map(Self.sentence)
    }

    /// One sentence a non-engineer reads: "Users: 1,200 items migrated in 2 h 10 min, integrity 100/100."
    static func sentence(_ t: TableFigures) -> String {
        var s = "\(t.table): \(ReportFormat.count(t.written)) item\(t.written == 1 ? "" : "s") migrated in \(ReportFormat.duration(t.durationS)), integrity \(ReportFormat.score(t.score))/100"
        if t.unresolvedDeadLetters > 0 {
            s += "; \(ReportFormat.count(t.unresolvedDeadLetters)) row\(t.unresolvedDeadLetters == 1 ? "" : "s") could not be migrated yet (see Errors)"
        }
        if t.status != "succeeded" { s += "; the latest run \(t.status)" }
        if t.verdict != "passed" { s += "; validation did not pass" }
        if t.validationStale { s += "; validated before the latest run" }
        return s + "."
    }

    static func figures(_ t: ReportInputs.Table, resolution: DeadLetterResolution) -> TableFigures {
        var runs: [RunFigures] = []
        var points: [ThroughputPoint] = []
        var peak = 0.0
        var offset = 0.0
        for r in t.runs {
            let s = r.summary
            let duration = max(0, (r.finished ?? r.started ?? .distantPast).timeIntervalSince(r.started ?? r.finished ?? .distantPast))
            runs.append(RunFigures(runId: r.runId, kind: s.isReplay ? "replay" : "load", replayOf: s.replayOf, status: s.status ?? "unknown",
                                   startedAt: s.startedAt, finishedAt: s.finishedAt, durationS: round(duration, 3),
                                   read: s.counters.read, written: s.counters.written, skipped: s.counters.skipped,
                                   deadLettered: s.counters.deadLettered, writeUnits: round(s.consumedWriteUnits ?? 0, 2),
                                   throttledRetries: s.counters.throttledRetries ?? 0))
            let series = Self.series(r, duration: duration)
            points += series.map { ThroughputPoint(runId: r.runId, tS: round(offset + $0.t, 3), done: $0.done) }
            peak = max(peak, Self.peakRate(series))
            offset += duration
        }
        let read = runs.map(\.read).reduce(0, +), written = runs.map(\.written).reduce(0, +)
        let skipped = runs.map(\.skipped).reduce(0, +), dead = runs.map(\.deadLettered).reduce(0, +)
        let duration = runs.map(\.durationS).reduce(0, +)
        let units = t.runs.map { $0.summary.consumedWriteUnits ?? 0 }.reduce(0, +)
        let perItem = written > 0 ? units / Double(written) : 0
        let skippedUnits = Double(skipped) * max(1, perItem)
        let mean = duration > 0 ? Double(read) / duration : 0
        let reasons = t.runs.reduce(into: [String: Int]()) { $0.merge($1.summary.deadLetterReasons ?? [:], uniquingKeysWith: +) }
        let v = t.validation
        // As instants: the job's timestamps may carry fractional seconds, validate's do not. A
        // validation without a readable time is taken as older than any run.
        let latestFinished = t.runs.compactMap(\.finished).max()
        let validated = ProgressObjects.date(v?.finishedAt) ?? .distantPast
        let stale = latestFinished.map { validated < $0 } ?? false
        return TableFigures(
            table: t.name, runs: runs.count, status: runs.last?.status ?? "unknown", read: read, written: written, skipped: skipped,
            deadLettered: dead, deadLetterReasons: reasons, durationS: round(duration, 3), itemsPerS: round(mean, 2),
            peakItemsPerS: round(max(peak, mean), 2), writeUnits: round(units, 2), writeUnitsPerItem: round(perItem, 4),
            costUSD: round(Pricing.onDemandUSD(writeUnits: units), 6), skippedWriteUnitsEstimate: round(skippedUnits, 2),
            skippedCostUSDEstimate: round(Pricing.onDemandUSD(writeUnits: skippedUnits), 6),
            throttledRetries: runs.map(\.throttledRetries).reduce(0, +), score: v?.verdict.integrity.score ?? 0,
            scoreTerms: v?.verdict.integrity.terms ?? IntegrityScore.Terms(missing: 0, unexpected: 0, mismatched: 0, gsi: 0, discrepancies: 0),
            verdict: v?.verdict.passed == true ? "passed" : "failed", validationRun: v?.run ?? "",
            validationStale: stale,
            unresolvedDeadLetters: resolution.unresolved(table: t.name), runList: runs, throughput: points)
    }

    /// A run's progress as (seconds since its start, items done): 0 at the start, each write
    /// partition's last snapshot in time order (added up), and the summary's count at the end.
    /// The job replaces a partition's object in place, so a finished run keeps one snapshot per
    /// partition: the series is coarse (P + 2 points), and exact at its ends.
    static func series(_ r: ReportInputs.Run, duration: Double) -> [(t: Double, done: Int)] {
        let start = r.started ?? .distantPast
        var out: [(t: Double, done: Int)] = [(0, 0)]
        var done = 0
        let parts = r.progress.compactMap { p -> (Double, Int)? in
            guard let at = ProgressObjects.date(p.updatedAt) else { return nil }
            return (min(duration, max(0, at.timeIntervalSince(start))), p.counters.written + p.counters.skipped + p.counters.deadLettered)
        }.sorted { $0.0 < $1.0 }
        for (t, n) in parts {
            done += n
            out.append((t, done))
        }
        let total = r.summary.counters.written + r.summary.counters.skipped + r.summary.counters.deadLettered
        out.append((duration, max(done, total)))
        return out
    }

    /// The largest rate between successive points at least `minimumRateInterval` apart (points
    /// in between are merged into the next one that is).
    static func peakRate(_ series: [(t: Double, done: Int)]) -> Double {
        guard var anchor = series.first else { return 0 }
        var peak = 0.0
        for p in series.dropFirst() where p.t - anchor.t >= minimumRateInterval {
            peak = max(peak, Double(p.done - anchor.done) / (p.t - anchor.t))
            anchor = p
        }
        return peak
    }

    static func errorGroups(_ t: ReportInputs.Table, resolution: DeadLetterResolution, context: Context) -> [ErrorGroup] {
        var byReason: [String: [(run: ReportInputs.Run, letter: DeadLetter, resolved: Bool)]] = [:]
        for r in t.runs {
            for d in r.deadLetters {
                byReason[d.reason, default: []].append((r, d, resolution.isResolved(table: t.name, run: r, letter: d)))
            }
        }
        let keyNames = [t.shape.partitionKey.name] + (t.shape.sortKey.map { [$0.name] } ?? [])
        return byReason.keys.sorted().map { reason in
            let all = byReason[reason]!
            let unresolved = all.filter { !$0.resolved }
            let runsToReplay = Set(unresolved.map(\.run.runId)).sorted()
            let examples = all.map { e in
                Example(runId: e.run.runId, entity: e.letter.entity, key: e.letter.key, partitionKey: e.letter.partitionKey,
                        detail: e.letter.detail, resolved: e.resolved)
            }.sorted { exampleOrder($0, keyNames) < exampleOrder($1, keyNames) }
            // Unresolved examples first: they are the ones to act on.
            let shown = (examples.filter { !$0.resolved } + examples.filter(\.resolved)).prefix(examplesPerGroup)
            return ErrorGroup(table: t.name, reason: reason, count: all.count, resolved: all.count - unresolved.count,
                              unresolved: unresolved.count, status: unresolved.isEmpty ? "resolved" : "unresolved",
                              action: ReportActions.action(for: reason),
                              commands: runsToReplay.map { ReportActions.replayCommand(context: context, table: t.name, run: $0) },
                              examples: Array(shown))
        }
    }

    static func exampleOrder(_ e: Example, _ keyNames: [String]) -> String {
        let key = e.key.flatMap { try? CanonicalKey.bytes(of: $0, keyNames: keyNames) }.map { Data($0).base64EncodedString() } ?? ""
        return [e.runId, e.entity ?? "", key, e.partitionKey ?? "", e.detail].joined(separator: "\u{0}")
    }

    /// `x` rounded half away from zero to `places` decimals: the nearest Double prints with at
    /// most that many decimals in JSON.
    static func round(_ x: Double, _ places: Int) -> Double {
        guard x.isFinite else { return 0 }
        let scale = pow(10, Double(places))
        return (x * scale).rounded() / scale
    }
}
