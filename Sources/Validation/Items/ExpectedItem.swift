import AWS
import MySQL

/// What the job does with one view row: writes this item (of this size, DynamoDB's rules), or
/// dead-letters the row with this reason (`DeadLetterReason`) and a detail for people.
public enum RowOutcome: Sendable, Equatable {
    case item(DynamoDBItem, size: Int)
    case deadLetter(reason: String, detail: String)
}

/// The item CONTRACT.md §5 makes of a view row, or the dead letter it makes instead: the second
/// implementation of `ddbm_core.row_to_item`, step for step and in the same order, so that the
/// first failing step decides the reason as it does in the job:
///
/// 1. each attribute in spec order: NULL (or a column the row lacks: a source without the
///    attribute) is absent; a value that cannot have the type is `invalid-value`/`invalid-json`;
///    an empty set is absent. Reserved columns are never attributes (`ItemShape` refuses them);
/// 2. a table key that is absent or an empty S/B is `missing-key`;
/// 3. an empty S/B GSI key is removed (a sparse index);
/// 4. if-newer without its version attribute is `missing-version`;
/// 5. over 400 KB by DynamoDB's rules is `item-too-large`.
///
/// Key collisions (two rows, one key) are a property of the whole view, not of a row: the
/// caller counts them.
public func expectedOutcome(row: MySQLRow, shape: ItemShape) -> RowOutcome {
    var item: DynamoDBItem = [:]
    for attribute in shape.attributes {
        // Spark resolves the job's column names case-insensitively, as MySQLRow does.
        guard let index = row.columnIndex(attribute.name), let raw = row.values[index] else { continue }
        do {
            let value = JobValue(raw, column: row.columns[index])
            if let converted = try AttributeConversion.attributeValue(value, type: attribute.type) {
                item[attribute.name] = converted
            }
        } catch let rejected as Rejection {
            return .deadLetter(reason: rejected.reason,
                               detail: "attribute '\(attribute.name)' (\(attribute.type.rawValue)): \(rejected.detail)")
        } catch {
            return .deadLetter(reason: DeadLetterReason.invalidValue, detail: "attribute '\(attribute.name)': \(error)")
        }
    }
    for key in shape.keyNames {
        guard let value = item[key], !isEmptyKey(value) else {
            return .deadLetter(reason: DeadLetterReason.missingKey, detail: "key attribute '\(key)' is NULL or empty")
        }
    }
    for key in shape.gsiKeys {
        if let value = item[key], isEmptyKey(value) { item[key] = nil }
    }
    if shape.writeMode == .ifNewer, let version = shape.versionAttribute, item[version] == nil {
        return .deadLetter(reason: DeadLetterReason.missingVersion,
                           detail: "version attribute '\(version)' is NULL (needed by if-newer)")
    }
    let size = ItemSize.of(item)
    guard size <= DynamoDBLimits.maxItemBytes else {
        return .deadLetter(reason: DeadLetterReason.itemTooLarge,
                           detail: "item is \(size) bytes (DynamoDB allows \(DynamoDBLimits.maxItemBytes))")
    }
    return .item(item, size: size)
}

/// `ddbm_core._is_empty`: an S or B of length 0 (DynamoDB refuses empty key values).
private func isEmptyKey(_ value: DynamoDBAttributeValue) -> Bool {
    switch value {
    case .s(let text): return text.isEmpty
    case .b(let data): return data.isEmpty
    default: return false
    }
}
