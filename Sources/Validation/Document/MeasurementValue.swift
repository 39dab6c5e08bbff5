import AWS
import Foundation

/// How a value is written into a measurement (docs/VALIDATE.md): N and NS as canonical decimal
/// text, sets sorted (SS and BS bytewise, NS by value), recursively in M and L. Both engines
/// write the same JSON for the same value this way, whatever order DynamoDB or the conversion
/// gave the elements in (the Glue engine's `ddbm_validate.dynamodb_json` does the same).
public enum MeasurementValue {
    public static func normalized(_ value: DynamoDBAttributeValue) -> DynamoDBAttributeValue {
        switch value {
        case let .n(text): return .n(canonicalDecimalText(text) ?? text)
        case let .ns(numbers):
            let parsed = numbers.map { ($0, ExactDecimal(numberText: $0)) }
            return .ns(parsed.sorted { a, b in
                guard let x = a.1, let y = b.1 else { return a.0 < b.0 }
                return less(x, y)
            }.map { $0.1?.canonicalText ?? $0.0 })
        case let .ss(strings): return .ss(strings.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        case let .bs(blobs): return .bs(blobs.sorted { Array($0).lexicographicallyPrecedes(Array($1)) })
        case let .l(values): return .l(values.map(normalized))
        case let .m(values): return .m(values.mapValues(normalized))
        case .s, .b, .bool, .null: return value
        }
    }

    public static func normalized(_ item: DynamoDBItem) -> DynamoDBItem { item.mapValues(normalized) }

    /// a < b by value (exact): sign, then magnitude by adjusted exponent and digits.
    static func less(_ a: ExactDecimal, _ b: ExactDecimal) -> Bool {
        let signA = a.isZero ? 0 : (a.isNegative ? -1 : 1), signB = b.isZero ? 0 : (b.isNegative ? -1 : 1)
        if signA != signB { return signA < signB }
        if signA == 0 { return false }
        let magnitudeLess = magnitudeCompare(a, b)
        return signA > 0 ? magnitudeLess < 0 : magnitudeLess > 0
    }

    /// -1, 0, 1 as |a| <, =, > |b| (both non-zero).
    private static func magnitudeCompare(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        if a.adjustedExponent != b.adjustedExponent { return a.adjustedExponent < b.adjustedExponent ? -1 : 1 }
        // Same leading position: compare the digit strings, the shorter padded with zeros.
        let n = max(a.coefficient.count, b.coefficient.count)
        for i in 0..<n {
            let x = i < a.coefficient.count ? a.coefficient[i] : UInt8(ascii: "0")
            let y = i < b.coefficient.count ? b.coefficient[i] : UInt8(ascii: "0")
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }
}
