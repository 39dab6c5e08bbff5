import Foundation

/// Encodes a `Codable` value as a `JSONDocument`, so a typed document renders exactly as the
/// hand-built ones do (two-space indent, ASCII, byte-stable). Foundation's JSONEncoder cannot:
/// it loses the order of keys and writes `"key" : value`. The rules, matched by the
/// `JSONDecoder` that reads the manifest back (`GeneratedDirectory`, `.convertFromSnakeCase`):
/// - keys of a type's `CodingKeys` appear in the order `encode(to:)` writes them (a synthesized
///   one: declaration order), converted from camelCase to snake_case (`roleArn` -> `role_arn`);
/// - a nil optional is written as `null`, not left out: the manifest names every field;
/// - `[String: V]` keys are data, not field names: kept as they are, sorted;
/// - a `JSONDocument` is embedded as it is (the job spec).
public enum ManifestEncoder {
    public static func encode<T: Encodable>(_ value: T) throws -> JSONDocument {
        try slot(value, codingPath: []).document()
    }

    /// `roleArn` -> `role_arn`: JSONEncoder's `.convertToSnakeCase` for plain camelCase names.
    static func snakeCase(_ key: String) -> String {
        var out = ""
        for c in key {
            if c.isUppercase, !out.isEmpty { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    static func slot<T: Encodable>(_ value: T, codingPath: [CodingKey]) throws -> Slot {
        let s = Slot()
        switch value {
        case let d as JSONDocument: s.leaf = d
        case let v as String: s.leaf = .string(v)
        case let v as Bool: s.leaf = .bool(v)
        case let v as Double: s.leaf = .double(v)
        case let v as Float: s.leaf = .double(Double(v))
        case let v as any BinaryInteger:
            guard let i = Int(exactly: v) else {
                throw EncodingError.invalidValue(v, .init(codingPath: codingPath, debugDescription: "\(v) does not fit an Int"))
            }
            s.leaf = .int(i)
        case let d as any StringKeyedMembers: s.members = try d.sortedSlots(codingPath: codingPath)
        default: try value.encode(to: SlotEncoder(slot: s, codingPath: codingPath))
        }
        return s
    }
}

/// A value being encoded: a leaf, an object (members in order) or an array.
final class Slot {
    var leaf: JSONDocument?
    var members: [(String, Slot)]?
    var items: [Slot]?

    func document() -> JSONDocument {
        if let members { return .object(members.map { ($0.0, $0.1.document()) }) }
        if let items { return .array(items.map { $0.document() }) }
        return leaf ?? .null
    }
}

/// `[String: V]`: its members sorted by key, the keys untouched.
protocol StringKeyedMembers {
    func sortedSlots(codingPath: [CodingKey]) throws -> [(String, Slot)]
}

extension Dictionary: StringKeyedMembers where Key == String, Value: Encodable {
    func sortedSlots(codingPath: [CodingKey]) throws -> [(String, Slot)] {
        try keys.sorted().map { key in (key, try ManifestEncoder.slot(self[key]!, codingPath: codingPath + [NamedKey(key)])) }
    }
}

struct NamedKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

struct SlotEncoder: Encoder {
    let slot: Slot
    var codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if slot.members == nil { slot.members = [] }
        return KeyedEncodingContainer(KeyedSlot<Key>(slot: slot, codingPath: codingPath))
    }
    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if slot.items == nil { slot.items = [] }
        return UnkeyedSlot(slot: slot, codingPath: codingPath)
    }
    func singleValueContainer() -> SingleValueEncodingContainer { SingleSlot(slot: slot, codingPath: codingPath) }
}

struct KeyedSlot<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: Slot
    var codingPath: [CodingKey]

    private func put<T: Encodable>(_ value: T, _ key: Key) throws {
        slot.members!.append((ManifestEncoder.snakeCase(key.stringValue), try ManifestEncoder.slot(value, codingPath: codingPath + [key])))
    }
    private func putNull(_ key: Key) {
        let s = Slot(); s.leaf = .null
        slot.members!.append((ManifestEncoder.snakeCase(key.stringValue), s))
    }
    private func putOptional<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value { try put(value, key) } else { putNull(key) }
    }

    mutating func encodeNil(forKey key: Key) throws { putNull(key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try put(value, key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try put(value, key) }
    // The synthesized encode(to:) of an optional property calls these: write null, not nothing.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try putOptional(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try putOptional(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try putOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try putOptional(value, key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try putOptional(value, key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let s = Slot(); s.members = []
        slot.members!.append((ManifestEncoder.snakeCase(key.stringValue), s))
        return KeyedEncodingContainer(KeyedSlot<NestedKey>(slot: s, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        let s = Slot(); s.items = []
        slot.members!.append((ManifestEncoder.snakeCase(key.stringValue), s))
        return UnkeyedSlot(slot: s, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> Encoder { superEncoder(forKey: Key(stringValue: "super")!) }
    mutating func superEncoder(forKey key: Key) -> Encoder {
        let s = Slot()
        slot.members!.append((ManifestEncoder.snakeCase(key.stringValue), s))
        return SlotEncoder(slot: s, codingPath: codingPath + [key])
    }
}

struct UnkeyedSlot: UnkeyedEncodingContainer {
    let slot: Slot
    var codingPath: [CodingKey]
    var count: Int { slot.items!.count }

    private func put<T: Encodable>(_ value: T) throws {
        slot.items!.append(try ManifestEncoder.slot(value, codingPath: codingPath + [NamedKey("\(count)")]))
    }
    mutating func encodeNil() throws { let s = Slot(); s.leaf = .null; slot.items!.append(s) }
    mutating func encode(_ value: Bool) throws { try put(value) }
    mutating func encode(_ value: String) throws { try put(value) }
    mutating func encode(_ value: Double) throws { try put(value) }
    mutating func encode(_ value: Float) throws { try put(value) }
    mutating func encode(_ value: Int) throws { try put(value) }
    mutating func encode(_ value: Int8) throws { try put(value) }
    mutating func encode(_ value: Int16) throws { try put(value) }
    mutating func encode(_ value: Int32) throws { try put(value) }
    mutating func encode(_ value: Int64) throws { try put(value) }
    mutating func encode(_ value: UInt) throws { try put(value) }
    mutating func encode(_ value: UInt8) throws { try put(value) }
    mutating func encode(_ value: UInt16) throws { try put(value) }
    mutating func encode(_ value: UInt32) throws { try put(value) }
    mutating func encode(_ value: UInt64) throws { try put(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try put(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let s = Slot(); s.members = []; slot.items!.append(s)
        return KeyedEncodingContainer(KeyedSlot<NestedKey>(slot: s, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        let s = Slot(); s.items = []; slot.items!.append(s)
        return UnkeyedSlot(slot: s, codingPath: codingPath)
    }
    mutating func superEncoder() -> Encoder {
        let s = Slot(); slot.items!.append(s)
        return SlotEncoder(slot: s, codingPath: codingPath)
    }
}

struct SingleSlot: SingleValueEncodingContainer {
    let slot: Slot
    var codingPath: [CodingKey]

    private func put<T: Encodable>(_ value: T) throws {
        let s = try ManifestEncoder.slot(value, codingPath: codingPath)
        slot.leaf = s.leaf; slot.members = s.members; slot.items = s.items
    }
    mutating func encodeNil() throws { slot.leaf = .null }
    mutating func encode(_ value: Bool) throws { try put(value) }
    mutating func encode(_ value: String) throws { try put(value) }
    mutating func encode(_ value: Double) throws { try put(value) }
    mutating func encode(_ value: Float) throws { try put(value) }
    mutating func encode(_ value: Int) throws { try put(value) }
    mutating func encode(_ value: Int8) throws { try put(value) }
    mutating func encode(_ value: Int16) throws { try put(value) }
    mutating func encode(_ value: Int32) throws { try put(value) }
    mutating func encode(_ value: Int64) throws { try put(value) }
    mutating func encode(_ value: UInt) throws { try put(value) }
    mutating func encode(_ value: UInt8) throws { try put(value) }
    mutating func encode(_ value: UInt16) throws { try put(value) }
    mutating func encode(_ value: UInt32) throws { try put(value) }
    mutating func encode(_ value: UInt64) throws { try put(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try put(value) }
}
