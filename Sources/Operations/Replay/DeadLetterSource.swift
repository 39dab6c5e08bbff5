import AWS
import Foundation
import Validation

/// One line of a run's dead letters (templates/glue/README.md, "Outputs"): `{table, run_id,
/// reason, detail, attempts, last_error, row}`, `row` the view row as the job had it (bytes
/// base64'd, decimals as strings), numbers kept exact.
struct SourceDeadLetter {
    /// `part-00001.jsonl:3`, for messages.
    var origin: String
    var reason: String
    var row: [(key: String, value: ExactJSON)]

    /// The row's value of `column` (null and absent are both nil).
    func value(_ column: String) -> ExactJSON? {
        guard let v = row.last(where: { $0.key == column })?.value else { return nil }
        if case .null = v { return nil }
        return v
    }
}

/// A dead-letter file that is not what the job writes: replay stops before it reads anything.
struct DeadLetterParseError: Error, CustomStringConvertible, Equatable {
    var description: String
}

enum DeadLetterParser {
    /// The lines of one `part-NNNNN.jsonl` of `table`'s run `runId`. Empty lines are skipped; every
    /// other line must be a dead letter of that table and run with a known shape.
    static func parse(_ data: Data, file: String, table: String, runId: String) throws -> [SourceDeadLetter] {
        guard let text = String(data: data, encoding: .utf8) else {
            throw DeadLetterParseError(description: "\(file) is not UTF-8 text: not a dead-letter file the job writes")
        }
        var letters: [SourceDeadLetter] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let origin = "\(file):\(index + 1)"
            guard !line.allSatisfy({ $0 == " " || $0 == "\r" }) else { continue }
            let json: ExactJSON
            do { json = try ExactJSON.parse(String(line)) } catch let e as ExactJSON.Invalid {
                throw DeadLetterParseError(description: "\(origin) is not JSON (\(e.message)): not a dead letter the job writes")
            }
            guard case let .object(fields) = json else {
                throw DeadLetterParseError(description: "\(origin) is not a JSON object: not a dead letter the job writes")
            }
            func field(_ name: String) -> ExactJSON? { fields.last(where: { $0.key == name })?.value }
            guard case let .string(lineTable)? = field("table"), case let .string(lineRun)? = field("run_id"),
                  case let .string(reason)? = field("reason"), !reason.isEmpty, case let .object(row)? = field("row") else {
                throw DeadLetterParseError(description: "\(origin) lacks table, run_id, reason or row (an object): not a dead letter the job writes")
            }
            guard lineTable == table, lineRun == runId else {
                throw DeadLetterParseError(description: "\(origin) is a dead letter of table \(lineTable), run \(lineRun), not of \(table), run \(runId): the folder was changed by hand")
            }
            letters.append(SourceDeadLetter(origin: origin, reason: reason, row: row))
        }
        return letters
    }
}
