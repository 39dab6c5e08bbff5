import AWS
import Foundation
import MigrationTarget
import Validation

/// Everything `report` reads (docs/REPORT.md, "Inputs"): per table, every run's summary, its
/// progress objects, its dead letters and (for a replay) its outcomes; and the latest
/// validation of each table. Loaded once, then only computed on (`ReportModel`).
public struct ReportInputs {
    public struct Run {
        public var runId: String
        public var summary: RunSummary
        /// The last snapshot each write partition published (the job replaces the object in place).
        public var progress: [ProgressObjects.Part]
        public var deadLetters: [DeadLetter]
        /// A replay's `replayed.jsonl` (replay-contract.md); empty for a load run.
        public var replayed: [ReplayedLine]
        public init(runId: String, summary: RunSummary, progress: [ProgressObjects.Part] = [], deadLetters: [DeadLetter] = [],
                    replayed: [ReplayedLine] = []) {
            self.runId = runId; self.summary = summary; self.progress = progress; self.deadLetters = deadLetters
            self.replayed = replayed
        }
        public var started: Date? { ProgressObjects.date(summary.startedAt) }
        public var finished: Date? { ProgressObjects.date(summary.finishedAt) }
    }

    public struct Table {
        public var shape: TargetTable
        /// Oldest first (started_at, then run id).
        public var runs: [Run]
        public var validation: ValidationEntry?
        public init(shape: TargetTable, runs: [Run], validation: ValidationEntry?) {
            self.shape = shape
            self.runs = runs.sorted { ($0.started ?? .distantPast, $0.runId) < ($1.started ?? .distantPast, $1.runId) }
            self.validation = validation
        }
        public var name: String { shape.name }
    }

    /// A table's entry of the latest validation document that covers it.
    public struct ValidationEntry {
        public var run: String
        public var finishedAt: String
        public var minScore: Double
        public var verdict: TableVerdict
        public init(run: String, finishedAt: String, minScore: Double, verdict: TableVerdict) {
            self.run = run; self.finishedAt = finishedAt; self.minScore = minScore; self.verdict = verdict
        }
    }

    /// Sorted by table name.
    public var tables: [Table]
    public init(tables: [Table]) { self.tables = tables.sorted { $0.name < $1.name } }
}

/// One dead letter as `report` needs it: why, and which row (never the row's other values:
/// they may be sensitive, and the report is for people).
public struct DeadLetter: Sendable, Equatable {
    public var reason: String
    public var detail: String
    public var entity: String?
    /// The row's `_partition_key` as canonical JSON text; nil when absent or null.
    public var partitionKey: String?
    /// The table key as DynamoDB JSON; nil when the row lacks a key attribute.
    public var key: DynamoDBItem?
    public init(reason: String, detail: String, entity: String? = nil, partitionKey: String? = nil, key: DynamoDBItem? = nil) {
        self.reason = reason; self.detail = detail; self.entity = entity; self.partitionKey = partitionKey; self.key = key
    }

    /// A line of a dead-letter file (templates/glue/README.md): `{table, run_id, reason, detail,
    /// attempts, last_error, row}`; the key is taken from `row` with the manifest's key types.
    static func decode(line: Data, keys: [TargetTable.Attribute]) -> DeadLetter? {
        guard let object = (try? JSONSerialization.jsonObject(with: line, options: [.fragmentsAllowed])) as? [String: Any],
              let reason = object["reason"] as? String else { return nil }
        let row = object["row"] as? [String: Any] ?? [:]
        return DeadLetter(reason: reason, detail: object["detail"] as? String ?? "", entity: row["_entity_type"] as? String,
                          partitionKey: canonicalJSON(row["_partition_key"]), key: key(of: row, keys: keys))
    }

    /// The row's table key in DynamoDB JSON, by the key attributes' types; nil when one is
    /// missing, null or not of a form the job writes (dead letters hold bytes base64'd, decimals
    /// as strings).
    static func key(of row: [String: Any], keys: [TargetTable.Attribute]) -> DynamoDBItem? {
        var item: DynamoDBItem = [:]
        for k in keys {
            let value = row[k.name]
            let text: String?
            if let s = value as? String { text = s } else if let n = value as? NSNumber, !(value is Bool) { text = n.stringValue } else { text = nil }
            guard let text, !text.isEmpty else { return nil }
            switch k.type {
            case "N":
                guard let canonical = canonicalDecimalText(text) else { return nil }
                item[k.name] = .n(canonical)
            case "B":
                guard let bytes = Data(base64Encoded: text) else { return nil }
                item[k.name] = .b(bytes)
            default:
                item[k.name] = .s(text)
            }
        }
        return item
    }
}

/// A JSON value as one canonical text (sorted keys), so the same value read from two documents
/// compares equal; nil for absent or null.
func canonicalJSON(_ value: Any?) -> String? {
    guard let value, !(value is NSNull) else { return nil }
    if let s = value as? String { return "\"" + s + "\"" }
    guard let data = try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys, .withoutEscapingSlashes]),
          let text = String(data: data, encoding: .utf8) else { return nil }
    return String(text.dropFirst().dropLast())
}
