import AWS
import Foundation
import MySQL
import Validation

/// What `replay` does with each dead letter, decided from the rows read again before anything
/// is written (docs/REPLAY.md, "Outcomes"), so that key collisions among the replayed rows are
/// found as the job finds them: every row of a key that several rows were read again to is
/// dead-lettered (`key-collision`) and none is written — which one should win is not ours to say
/// (`ddbm_core.mark_key_collisions`).
enum ReplayPlanner {
    /// The dead letter's row in the view now.
    enum Found {
        /// No row: not-found (nil), or the detail of why the row cannot be addressed.
        case none(String?)
        /// This many view rows have the dead letter's key.
        case collision(Int)
        case row(MySQLRow, RowOutcome)
    }

    struct Step {
        enum Action {
            case notFound
            case deadLetter(reason: String, detail: String, row: ReplayJSON)
            case write(DynamoDBItem, row: ReplayJSON)
        }
        var line: ReplayedLine
        var action: Action
    }

    /// The outcome line of a dead letter before its outcome is known.
    static func line(for letter: SourceDeadLetter, shape: ItemShape, sourceRun: String, key: DynamoDBItem?) -> ReplayedLine {
        ReplayedLine(sourceRun: sourceRun, sourceReason: letter.reason,
                     entity: shape.entityColumn.flatMap { column in
                         if case let .string(e)? = letter.value(column) { return e } else { return nil } },
                     partitionKey: letter.value(shape.partitionColumn).map(ReplayJSON.init) ?? .null,
                     key: key, outcome: .notFound)
    }

    static func plan(_ found: [(letter: SourceDeadLetter, found: Found, key: DynamoDBItem?)], shape: ItemShape, sourceRun: String) -> [Step] {
        var steps = found.map { entry -> Step in
            let line = line(for: entry.letter, shape: shape, sourceRun: sourceRun, key: entry.key)
            let oldRow = ReplayJSON(.object(entry.letter.row))
            switch entry.found {
            case .none(nil):
                return Step(line: line, action: .notFound)
            case let .none(detail?):
                return Step(line: line, action: .deadLetter(reason: ReplayAddress.unaddressableReason, detail: detail, row: oldRow))
            case let .collision(rows):
                return Step(line: line, action: .deadLetter(reason: DeadLetterReason.keyCollision,
                                                            detail: "\(rows) rows of the view share one table key", row: oldRow))
            case let .row(row, .deadLetter(reason, detail)):
                return Step(line: line, action: .deadLetter(reason: reason, detail: detail, row: ReplayOutputs.rowJSON(row)))
            case let .row(row, .item(item, _)):
                return Step(line: line, action: .write(item, row: ReplayOutputs.rowJSON(row)))
            }
        }
        var byKey: [[UInt8]: [Int]] = [:]
        for (index, step) in steps.enumerated() {
            guard case let .write(item, _) = step.action, let key = try? CanonicalKey.bytes(of: item, keyNames: shape.keyNames) else { continue }
            byKey[key, default: []].append(index)
        }
        for indexes in byKey.values where indexes.count > 1 {
            for index in indexes {
                guard case let .write(_, row) = steps[index].action else { continue }
                steps[index].action = .deadLetter(reason: DeadLetterReason.keyCollision,
                                                  detail: "\(indexes.count) rows share one table key", row: row)
            }
        }
        return steps
    }
}
