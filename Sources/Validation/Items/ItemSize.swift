import AWS

/// Item size by DynamoDB's rules, exactly as `ddbm_core.item_size` counts it (section 3), so an
/// item is `item-too-large` here exactly when the job dead-letters it.
public enum ItemSize {
    /// Every attribute name (UTF-8) plus its value.
    public static func of(_ item: DynamoDBItem) -> Int {
        item.reduce(0) { $0 + $1.key.utf8.count + of($1.value) }
    }

    /// One value: S its UTF-8 bytes; N `numberSize`; B its bytes; BOOL/NULL 1; sets the sum of
    /// their elements; M/L 3 bytes plus, per element, 1 byte and its value (and an M key's name).
    public static func of(_ value: DynamoDBAttributeValue) -> Int {
        switch value {
        case .s(let text): return text.utf8.count
        case .n(let text): return numberSize(text)
        case .b(let data): return data.count
        case .bool, .null: return 1
        case .ss(let elements): return elements.reduce(0) { $0 + $1.utf8.count }
        case .ns(let elements): return elements.reduce(0) { $0 + numberSize($1) }
        case .bs(let elements): return elements.reduce(0) { $0 + $1.count }
        case .l(let elements): return 3 + elements.reduce(0) { $0 + 1 + of($1) }
        case .m(let map): return 3 + map.reduce(0) { $0 + 1 + $1.key.utf8.count + of($1.value) }
        }
    }

    /// `number_size`: 1 byte per two significant digits, plus 1, plus 1 more when negative
    /// (DynamoDB's documented formula; the sign byte keeps the estimate from falling short).
    /// Text that is not a number (never produced here) counts as its characters.
    public static func numberSize(_ text: String) -> Int {
        guard let number = ExactDecimal(numberText: text) else { return text.utf8.count }
        if number.isZero { return 2 }
        return (number.significantDigits + 1) / 2 + 1 + (number.isNegative ? 1 : 0)
    }
}
