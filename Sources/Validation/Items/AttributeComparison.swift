import AWS
import Foundation

/// One attribute whose read-back value is not the expected one (docs/VALIDATE.md, "Attributes"):
/// nil on a side where the attribute is absent.
public struct AttributeDifference: Sendable, Equatable {
    public var attribute: String
    public var expected: DynamoDBAttributeValue?
    public var actual: DynamoDBAttributeValue?

    public init(attribute: String, expected: DynamoDBAttributeValue?, actual: DynamoDBAttributeValue?) {
        self.attribute = attribute; self.expected = expected; self.actual = actual
    }
}

/// Every attribute that differs between the expected item and the one read back, sorted by name
/// (bytewise UTF-8, the order of the document's examples). An attribute on one side only is a
/// difference; so is the same value under another type (`N` stored as `S`).
public func differences(expected: DynamoDBItem, actual: DynamoDBItem) -> [AttributeDifference] {
    var names: [[UInt8]: String] = [:]
    for name in expected.keys { names[Array(name.utf8)] = name }
    for name in actual.keys { names[Array(name.utf8)] = name }
    return names.keys.sorted { $0.lexicographicallyPrecedes($1) }.compactMap { bytes in
        let name = names[bytes]!
        let want = expected[name], got = actual[name]
        switch (want, got) {
        case let (want?, got?) where sameAttributeValue(want, got): return nil
        default: return AttributeDifference(attribute: name, expected: want, actual: got)
        }
    }
}

/// DynamoDB's own equality of two values: N by exact value (`1.50E+2` is `150`), sets unordered
/// (NS by value), M deep by key, L deep in order, S and B byte for byte (Swift's `==` on String
/// would take canonically equivalent text as equal; DynamoDB does not).
public func sameAttributeValue(_ a: DynamoDBAttributeValue, _ b: DynamoDBAttributeValue) -> Bool {
    switch (a, b) {
    case let (.s(x), .s(y)): return Array(x.utf8) == Array(y.utf8)
    case let (.n(x), .n(y)): return numberKey(x) == numberKey(y)
    case let (.b(x), .b(y)): return x == y
    case let (.bool(x), .bool(y)): return x == y
    case (.null, .null): return true
    case let (.ss(x), .ss(y)): return Set(x.map { Array($0.utf8) }) == Set(y.map { Array($0.utf8) })
    case let (.ns(x), .ns(y)): return Set(x.map(numberKey)) == Set(y.map(numberKey))
    case let (.bs(x), .bs(y)): return Set(x) == Set(y)
    case let (.l(x), .l(y)): return x.count == y.count && zip(x, y).allSatisfy { sameAttributeValue($0, $1) }
    case let (.m(x), .m(y)):
        guard Set(x.keys.map { Array($0.utf8) }) == Set(y.keys.map { Array($0.utf8) }) else { return false }
        return x.allSatisfy { key, value in y[key].map { sameAttributeValue(value, $0) } ?? false }
    default: return false
    }
}

/// A number's identity: its canonical decimal text; text that is no number stands for itself
/// (marked, so it never equals a number's canonical text).
private func numberKey(_ text: String) -> String {
    canonicalDecimalText(text) ?? "\u{0}not a number:" + text
}

/// DynamoDB JSON (`{"S": "x"}`, B and BS in base64) of a value, as the validation document
/// writes `expected`/`actual`: the AWS module's own encoding, keys sorted so the text is stable.
public func dynamoDBJSON(_ value: DynamoDBAttributeValue) -> String {
    encodeSorted(value)
}

/// DynamoDB JSON of an item or a key (`{"PK": {"S": "USER#1"}, ...}`), keys sorted.
public func dynamoDBJSON(_ item: DynamoDBItem) -> String {
    encodeSorted(item)
}

private func encodeSorted<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // Encoding a DynamoDBAttributeValue cannot fail: every case is strings, bools and containers.
    let data = (try? encoder.encode(value)) ?? Data("null".utf8)
    return String(decoding: data, as: UTF8.self)
}
