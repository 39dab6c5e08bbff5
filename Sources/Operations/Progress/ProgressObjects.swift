import Foundation

/// The progress objects a running job publishes every few seconds (templates/glue/README.md,
/// "Outputs"), under `<report_uri>/<table>/<run_id>/progress/`:
/// `part-NNNNN.json`, one per Spark partition, and `driver.json`. Only `progress_version` 1 is
/// read; anything else is skipped, so a newer job never breaks an older CLI.
public enum ProgressObjects {
    public static let version = 1
    public static let driverFile = "driver.json"

    public struct Counters: Decodable, Sendable, Equatable {
        public var read: Int
        public var written: Int
        public var skipped: Int
        public var deadLettered: Int
        public init(read: Int = 0, written: Int = 0, skipped: Int = 0, deadLettered: Int = 0) {
            self.read = read; self.written = written; self.skipped = skipped; self.deadLettered = deadLettered
        }
    }

    /// `part-NNNNN.json`: one Spark partition's counters so far.
    public struct Part: Decodable, Sendable, Equatable {
        public var progressVersion: Int
        public var table: String
        public var runId: String
        public var partition: Int
        public var updatedAt: String
        public var done: Bool
        public var counters: Counters
        public var consumedWriteUnits: Double
        public var throttledRetries: Int
        public init(table: String, runId: String, partition: Int, updatedAt: String, done: Bool, counters: Counters,
                    consumedWriteUnits: Double = 0, throttledRetries: Int = 0) {
            progressVersion = ProgressObjects.version
            self.table = table; self.runId = runId; self.partition = partition; self.updatedAt = updatedAt; self.done = done
            self.counters = counters; self.consumedWriteUnits = consumedWriteUnits; self.throttledRetries = throttledRetries
        }
    }

    /// `driver.json`: the run's phase.
    public struct Driver: Decodable, Sendable, Equatable {
        public var progressVersion: Int
        public var table: String
        public var runId: String
        /// `checking`, `reading`, `writing`, `finished` or `failed`.
        public var phase: String
        public var partitions: Int?
        public var startedAt: String?
        public var updatedAt: String?
        public init(table: String, runId: String, phase: String, partitions: Int? = nil, startedAt: String? = nil, updatedAt: String? = nil) {
            progressVersion = ProgressObjects.version
            self.table = table; self.runId = runId; self.phase = phase; self.partitions = partitions
            self.startedAt = startedAt; self.updatedAt = updatedAt
        }
    }

    /// The folder (key prefix) of a run's progress objects under a reports prefix or folder.
    public static func prefix(reports: String, table: String, runId: String) -> String {
        RunSummary.tableDirectory(reportsPrefix: reports, table: table) + "\(runId)/progress/"
    }

    /// Decodes one object; nil for another `progress_version`, another run, or malformed JSON.
    public static func decode(_ data: Data, name: String, runId: String) -> Decoded? {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        if name == driverFile {
            guard let d = try? decoder.decode(Driver.self, from: data), d.progressVersion == version, d.runId == runId else { return nil }
            return .driver(d)
        }
        guard name.hasPrefix("part-"), name.hasSuffix(".json"),
              let p = try? decoder.decode(Part.self, from: data), p.progressVersion == version, p.runId == runId else { return nil }
        return .part(p)
    }

    public enum Decoded: Sendable, Equatable {
        case part(Part)
        case driver(Driver)
    }

    /// `2026-01-01T00:00:05Z`, with or without fractional seconds.
    public static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        let plain = ISO8601DateFormatter()
        if let d = plain.date(from: text) { return d }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
