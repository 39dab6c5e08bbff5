import AWS
import Foundation
import MySQL
import Validation

/// What a replay did with one dead letter of the source run: a line of
/// `<reports>/<Table>/<replay run id>/replayed.jsonl` (docs/REPLAY.md, "Files written").
public struct ReplayedLine: Equatable, Sendable {
    public enum Outcome: String, Sendable { case written, skipped, deadLettered = "dead-lettered", notFound = "not-found" }

    public var sourceRun: String
    public var sourceReason: String
    public var entity: String?
    /// The dead letter's `_partition_key` as JSON text (`null` when it had none).
    var partitionKey: ReplayJSON
    /// The item key the dead letter's row had (DynamoDB JSON in the line); nil when it had none
    /// (a `missing-key` row is named by its partition key even once its key is fixed).
    public var key: DynamoDBItem?
    public var outcome: Outcome
    /// The new dead letter's reason, when the outcome is dead-lettered (not written to the line).
    public var newReason: String?

    var json: ReplayJSON {
        .object([("source_run", .string(sourceRun)), ("source_reason", .string(sourceReason)),
                 ("entity", entity.map(ReplayJSON.string) ?? .null), ("partition_key", partitionKey),
                 ("key", key.map { .raw(dynamoDBJSON($0)) } ?? .null), ("outcome", .string(outcome.rawValue))])
    }

    /// The contract's order: (entity, partition_key, key) by canonical text; the whole line last,
    /// so two dead letters of one row still come out in one order.
    var sortKey: [String] {
        [(entity.map(ReplayJSON.string) ?? .null).text, partitionKey.text, key.map { dynamoDBJSON($0) } ?? "null", json.text]
    }

    /// The outcomes that settle a dead letter (docs/REPORT.md): the row arrived, was already
    /// there, or is gone from the source.
    public var resolves: Bool { outcome != .deadLettered }

    /// The partition key as one canonical JSON text (`canonicalJSON`), as `report` names a dead
    /// letter's row; nil when there is none.
    var partitionKeyIdentity: String? {
        switch partitionKey {
        case .null: return nil
        case let .raw(text): return text
        default: return canonicalJSON(try? JSONSerialization.jsonObject(with: Data(partitionKey.text.utf8), options: .fragmentsAllowed))
        }
    }

    /// A line as `replay` wrote it; nil when it is not one (`report` refuses the file then).
    static func decode(line: Data) -> ReplayedLine? {
        guard let object = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any],
              let sourceRun = object["source_run"] as? String,
              let outcome = (object["outcome"] as? String).flatMap(Outcome.init(rawValue:)) else { return nil }
        var key: DynamoDBItem?
        if let k = object["key"], !(k is NSNull) {
            guard let data = try? JSONSerialization.data(withJSONObject: k),
                  let decoded = try? JSONDecoder().decode(DynamoDBItem.self, from: data) else { return nil }
            key = decoded
        }
        return ReplayedLine(sourceRun: sourceRun, sourceReason: object["source_reason"] as? String ?? "",
                            entity: object["entity"] as? String,
                            partitionKey: canonicalJSON(object["partition_key"]).map(ReplayJSON.raw) ?? .null,
                            key: key, outcome: outcome, newReason: nil)
    }

    /// The key for people: `PARCEL#B1 / #META`, or the partition key, or `(no key)`.
    public var label: String {
        if let key {
            return key.keys.sorted().compactMap { key[$0] }.map { value -> String in
                switch value {
                case let .s(s): return s
                case let .n(n): return n
                case let .b(b): return b.base64EncodedString()
                default: return dynamoDBJSON(value)
                }
            }.joined(separator: " / ")
        }
        return partitionKey == .null ? "(no key)" : "_partition_key \(partitionKey.text)"
    }
}

/// A new dead letter, in the job's format (`ddbm_core.dead_letter_line`).
struct ReplayDeadLetter {
    var reason: String
    var detail: String
    var attempts: Int
    var lastError: String?
    var row: ReplayJSON

    func line(table: String, runId: String) -> String {
        ReplayJSON.object([("table", .string(table)), ("run_id", .string(runId)), ("reason", .string(reason)),
                           ("detail", .string(detail)), ("attempts", .int(attempts)),
                           ("last_error", lastError.map(ReplayJSON.string) ?? .null), ("row", row)]).text
    }
}

enum ReplayOutputs {
    /// A re-read view row as the job's dead letter holds its row (`ddbm_core._json_safe` of the
    /// Spark row): integers as JSON numbers, DECIMAL and BIGINT UNSIGNED (Spark's DecimalType) as
    /// strings, floats as numbers, bytes base64'd, DATETIME/TIMESTAMP in ISO 8601 (`T`), text as is.
    static func rowJSON(_ row: MySQLRow) -> ReplayJSON {
        .object(zip(row.columns, row.values).map { column, value in
            guard let value else { return (column.name, .null) }
            switch column.type {
            case .tiny, .short, .long, .int24, .year:
                return (column.name, .number(value.text))
            case .longLong:
                return (column.name, column.isUnsigned ? .string(value.text) : .number(value.text))
            case .decimal:
                return (column.name, .string(value.text))
            case .float, .double:
                return (column.name, Double(value.text).map { $0.isFinite ? .number(value.text) : .string(value.text) } ?? .string(value.text))
            case .bit:
                return (column.name, .number(String(value.bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })))
            case .dateTime, .timestamp:
                return (column.name, .string(value.text.replacingOccurrences(of: " ", with: "T")))
            default:
                let text = column.isBinary ? Data(value.bytes).base64EncodedString() : JavaUTF8.decode(value.bytes)
                return (column.name, .string(text))
            }
        })
    }

    /// The job's summary format (templates/glue/README.md, "Outputs") plus `kind` and `replay_of`.
    static func summary(table: String, view: String, runId: String, sourceRun: String, startedAt: String, finishedAt: String,
                        writeMode: String, counts: ReplayCounts, deadLetterPrefix: String) -> ReplayJSON {
        .object([
            ("summary_version", .int(1)), ("kind", .string("replay")), ("replay_of", .string(sourceRun)),
            ("table", .string(table)), ("view", .string(view)), ("run_id", .string(runId)), ("status", .string("succeeded")),
            ("started_at", .string(startedAt)), ("finished_at", .string(finishedAt)), ("write_mode", .string(writeMode)),
            ("partitions", .int(1)),
            ("counters", .object([("read", .int(counts.read)), ("written", .int(counts.written)), ("skipped", .int(counts.skipped)),
                                  ("dead_lettered", .int(counts.deadLettered)), ("throttled_retries", .int(counts.throttledRetries))])),
            ("consumed_write_units", .number(unitsText(counts.consumedWriteUnits))),
            ("dead_letter_reasons", .object(counts.reasons.map { ($0.key, .int($0.value)) })),
            ("dead_letter_prefix", .string(deadLetterPrefix)), ("high_water_mark", .null), ("error", .null),
            ("partition_errors", .array([])),
        ])
    }

    /// Rounded to 3 decimals as the job rounds it, written without exponent.
    static func unitsText(_ units: Double) -> String {
        let rounded = (units * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) + ".0" : String(format: "%.3f", rounded)
            .replacingOccurrences(of: "0+$", with: "", options: .regularExpression)
    }
}

/// The replay's counters, balanced as a run's: read = written + skipped + dead_lettered.
public struct ReplayCounts: Equatable, Sendable {
    public var read = 0, written = 0, skipped = 0, deadLettered = 0, notFound = 0
    public var throttledRetries = 0
    public var consumedWriteUnits = 0.0
    public var reasons: [String: Int] = [:]
}
