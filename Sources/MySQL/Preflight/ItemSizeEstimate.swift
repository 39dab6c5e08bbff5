import SQLText

/// SQL expressions that estimate, per view row, the size DynamoDB will charge for its item.
///
/// DynamoDB counts, for every attribute present in the item, the UTF-8 length of its name plus
/// the size of its value. This estimate applies those rules to the view's columns:
///
/// | type | value size |
/// |---|---|
/// | S | UTF-8 bytes of the text (`LENGTH(CAST(v AS CHAR))` on a utf8mb4 connection) |
/// | B | bytes |
/// | N | 1 + ⌈characters / 2⌉ (DynamoDB: 1 byte per two significant digits, plus 1; sign and decimal point are counted too, so it errs high) |
/// | BOOL, NULL | 1 |
/// | M, L, SS, NS, BS | 3 + bytes of the JSON text (DynamoDB: 3 bytes per container and 1 per element, plus the elements; JSON's quotes, commas and colons stand in for the per-element overhead and make it err high) |
///
/// A NULL column is an absent attribute and costs nothing, not even its name. The estimate
/// errs on the high side, so "under the limit" is trustworthy and "over" is worth a look.
enum ItemSizeEstimate {
    static let knownTypes: Set<String> = ["S", "N", "B", "SS", "NS", "BS", "M", "L", "BOOL", "NULL"]

    /// The estimated size of one attribute, 0 when its column is NULL. `type` must be one of
    /// `knownTypes` (upper case).
    static func attribute(name: String, type: String) -> String {
        let column = SQLIdentifier.quote(name)
        let nameBytes = name.utf8.count
        let value: String
        switch type {
        case "S": value = "LENGTH(CAST(\(column) AS CHAR))"
        case "B": value = "LENGTH(\(column))"
        case "N": value = "(1 + CEILING(CHAR_LENGTH(CAST(\(column) AS CHAR)) / 2))"
        case "BOOL", "NULL": value = "1"
        default: value = "(3 + LENGTH(CAST(\(column) AS CHAR)))"
        }
        return "(CASE WHEN \(column) IS NULL THEN 0 ELSE \(nameBytes) + \(value) END)"
    }

    /// The estimated size of the whole item: the sum over `attributeTypes`, in name order so the
    /// SQL text is stable.
    static func item(_ attributeTypes: [String: String]) -> String {
        let terms = attributeTypes.keys.sorted().map { attribute(name: $0, type: attributeTypes[$0] ?? "S") }
        return terms.isEmpty ? "0" : terms.joined(separator: " + ")
    }
}
