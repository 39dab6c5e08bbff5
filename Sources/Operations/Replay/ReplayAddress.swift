import AWS
import Foundation
import MySQL
import Validation

/// How `replay` finds a dead letter's row again in the view (docs/REPLAY.md, "How rows are
/// found again"): by the entity view's `_partition_key` when the dead letter's row has one (the
/// row source's integer key: one view row per row-source row, CONTRACT.md "One view row, one
/// item"), else by the table key attributes, else not at all.
enum ReplayAddress {
    /// `_partition_key = ?` in the source's view.
    case partitionKey(source: Int, value: MySQLParameter)
    /// `PK = ? [AND SK = ?]` in the source's view. `key` is the item key the dead letter's row
    /// had: the view compares with its columns' collation (case-insensitive, trailing spaces), so
    /// only rows whose converted key is exactly this one are the dead letter's row.
    case key(source: Int, conditions: [(column: String, values: [MySQLParameter])], key: DynamoDBItem)
    /// Neither: the detail says why (new dead letter reason `unaddressable`).
    case unaddressable(String)

    /// The new dead-letter reason of a row replay cannot find again (docs/REPLAY.md).
    static let unaddressableReason = "unaddressable"

    static func of(_ letter: SourceDeadLetter, shape: ItemShape) -> ReplayAddress {
        let source: Int
        if let entityColumn = shape.entityColumn {
            guard case let .string(entity)? = letter.value(entityColumn) else {
                return .unaddressable("the row has no \(entityColumn): which entity view it came from is unknown")
            }
            guard let index = shape.sources.firstIndex(where: { $0.entity == entity }) else {
                return .unaddressable("entity '\(entity)' is not among the table's sources (\(shape.sources.compactMap(\.entity).joined(separator: ", ")))")
            }
            source = index
        } else {
            source = 0
        }
        if let raw = letter.value(shape.partitionColumn), let value = integer(raw) {
            return .partitionKey(source: source, value: value)
        }
        var conditions: [(column: String, values: [MySQLParameter])] = []
        var key: DynamoDBItem = [:]
        for name in shape.keyNames {
            guard let type = shape.attribute(named: name)?.type, let raw = letter.value(name),
                  let (value, parameters) = keyValue(raw, type: type) else {
                return .unaddressable("the row has no \(shape.partitionColumn) and no usable key attribute '\(name)'")
            }
            key[name] = value
            conditions.append((name, parameters))
        }
        return .key(source: source, conditions: conditions, key: key)
    }

    /// An integer `_partition_key` (a JSON integer, or the text of one as the job writes a
    /// DECIMAL(20,0) — BIGINT UNSIGNED — value); nil for anything else.
    static func integer(_ value: ExactJSON) -> MySQLParameter? {
        let text: String
        switch value {
        case let .number(d): text = d.canonicalText
        case let .string(s): text = s
        default: return nil
        }
        if let n = Int64(text) { return .integer(n) }
        if let n = UInt64(text) { return .unsigned(n) }
        return nil
    }

    /// A key attribute of the dead letter's row as its item value and the values its view
    /// column may hold: S the text; N the number (bound as text: the server compares it by
    /// value with a numeric column); B the base64 text decoded — the view column holds the bytes,
    /// or (a base64 S column typed B) the text itself, so both are looked for.
    static func keyValue(_ raw: ExactJSON, type: AttributeType) -> (DynamoDBAttributeValue, [MySQLParameter])? {
        switch (type, raw) {
        case let (.S, .string(s)) where !s.isEmpty:
            return (.s(s), [.text(s)])
        case let (.S, .number(d)):
            return (.s(d.canonicalText), [.text(d.canonicalText)])
        case let (.N, .number(d)):
            return (.n(d.canonicalText), [.text(d.canonicalText)])
        case let (.N, .string(s)):
            guard let canonical = canonicalDecimalText(s) else { return nil }
            return (.n(canonical), [.text(canonical)])
        case let (.B, .string(s)) where !s.isEmpty:
            guard let bytes = Data(base64Encoded: s), !bytes.isEmpty else { return nil }
            return (.b(bytes), [.bytes(Array(bytes)), .text(s)])
        default:
            return nil
        }
    }
}
