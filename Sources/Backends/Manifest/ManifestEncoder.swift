import Foundation

/// Encodes a `Codable` value as JSON text laid out exactly as `JSONDocument.rendered(pretty:)`
/// lays out a hand-built document (two-space indent, ASCII, byte-stable). Foundation's
/// JSONEncoder cannot: it loses the order of keys and writes `"key" : value`. The rules, matched
/// by the `JSONDecoder` that reads the manifest back (`GeneratedDirectory`, `.convertFromSnakeCase`):
/// - keys of a type's `CodingKeys` appear in the order `encode(to:)` writes them (a synthesized
///   one: declaration order), converted from camelCase to snake_case (`roleArn` -> `role_arn`);
/// - a nil optional is written as `null`, not left out: the manifest names every field;
/// - `[String: V]` keys are data, not field names: kept as they are, sorted;
/// - a `JSONDocument` is embedded as it is (the job spec).
///
/// The text is written as the values arrive, into one buffer: building a tree of every value
/// first and a `JSONDocument` from it (as this encoder did) was most of the manifest's cost for a
/// large contract (~12 MB of text, ~200,000 values). Codable containers are never closed
/// explicitly, so a container is closed when its value's `encode(to:)` returns or when an
/// enclosing container takes its next member; every `encode(to:)` here (synthesized, or the
/// manifest's own) writes each container's members before its next sibling, as that requires.
public enum ManifestEncoder {
    /// The JSON text of `value`; `pretty` as in `JSONDocument.rendered(pretty:)`.
    public static func render<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
        String(decoding: try renderBytes(value, pretty: pretty), as: UTF8.self)
    }

    /// The same text as UTF-8 bytes (what `generate` writes). `splicing` holds members of the
    /// outermost object already encoded, by name (their `CodingKey`'s, before snake_case): each
    /// is the text `renderBytes(member, depth: 1)` made of the member's value, written in its
    /// place, so the result is the text the value alone would give. `generate` encodes the
    /// manifest's jobs and tables beside the artifacts that the rest lists. Pretty text only, as
    /// `renderBytes(_:depth:)` makes.
    public static func renderBytes<T: Encodable>(_ value: T, pretty: Bool = true, splicing: [String: [UInt8]] = [:]) throws -> [UInt8] {
        precondition(pretty || splicing.isEmpty, "spliced members are pretty text")
        let writer = JSONTextWriter(pretty: pretty, splices: splicing)
        try writer.value(value, codingPath: [])
        writer.close(to: 0)
        if pretty { writer.out.append(0x0A) }
        return writer.out
    }

    /// The pretty text of `value` as it stands `depth` levels inside a document: its lines
    /// indented for that level, no line break after it.
    public static func renderBytes<T: Encodable>(_ value: T, depth: Int) throws -> [UInt8] {
        let writer = JSONTextWriter(pretty: true, baseDepth: depth)
        try writer.value(value, codingPath: [])
        writer.close(to: 0)
        return writer.out
    }

    /// `roleArn` -> `role_arn`: JSONEncoder's `.convertToSnakeCase` for plain camelCase names.
    /// A key without an ASCII capital (most: `path`, `sha256`, `becomes`) is returned as it is.
    static func snakeCase(_ key: String) -> String {
        let utf8 = key.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            guard utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return key }
            var out: [UInt8] = []
            out.reserveCapacity(utf8.count + 4)
            for b in utf8 {
                if b >= 0x41 && b <= 0x5A, !out.isEmpty {
                    out.append(0x5F)
                    out.append(b + 0x20)
                } else {
                    out.append(b)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        var out = ""
        for c in key {
            if c.isUppercase, !out.isEmpty { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }
}

/// The text being written and the containers still open in it, outermost first, each with the
/// number of members or items it has so far (an empty one is written `{}` / `[]`).
final class JSONTextWriter {
    /// UTF-8 bytes: appending to a String checked its capacity and ASCII-ness on every piece.
    @exclusivity(unchecked) var out: [UInt8] = []
    let pretty: Bool
    /// The level of the text's first line inside the document it is written for (0: its own).
    let baseDepth: Int
    /// Members of the outermost object written as they are (`ManifestEncoder.renderBytes`).
    let splices: [String: [UInt8]]
    @exclusivity(unchecked) private var open: [(isObject: Bool, count: Int)] = []

    init(pretty: Bool, baseDepth: Int = 0, splices: [String: [UInt8]] = [:]) {
        self.pretty = pretty; self.baseDepth = baseDepth; self.splices = splices
    }

    /// How deep the next value goes: the number of open containers.
    var depth: Int { open.count }

    /// Writes one value at the current depth. `codingPath` is only made for a value that has
    /// members or can fail (interpolating an array index into a key for every element was a
    /// string made per item).
    func value<T: Encodable>(_ value: T, codingPath: @autoclosure () -> [CodingKey]) throws {
        // The common leaves by their static type first: comparing metatypes is a pointer
        // comparison, while each `as` test of a struct that is none of them was a dynamic cast
        // (and a conformance lookup for the existential ones), ~2 % of generate. The bit casts
        // only run where `T` is exactly that type.
        if T.self == String.self { return write(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return write(unsafeBitCast(value, to: Int.self)) }
        if T.self == Bool.self { return write(unsafeBitCast(value, to: Bool.self)) }
        if T.self == JSONDocument.self {
            return unsafeBitCast(value, to: JSONDocument.self).write(into: &out, indent: pretty ? baseDepth + depth : nil)
        }
        if T.self == Double.self { return out.append(contentsOf: JSONDocument.numberText(unsafeBitCast(value, to: Double.self)).utf8) }
        switch shape(of: value) {
        case .float: out.append(contentsOf: JSONDocument.numberText(Double(value as! Float)).utf8)
        case .integer:
            let v = value as! any BinaryInteger
            guard let i = Int(exactly: v) else {
                throw EncodingError.invalidValue(v, .init(codingPath: codingPath(), debugDescription: "\(v) does not fit an Int"))
            }
            JSONDocument.appendInt(i, to: &out)
        case .stringKeyed:
            let level = openContainer(isObject: true)
            try (value as! any StringKeyedMembers).writeSortedMembers(self, codingPath: codingPath(), frame: level)
            close(to: level)
        case .encodable:
            let level = depth
            let before = out.count
            try value.encode(to: TextEncoder(writer: self, codingPath: codingPath()))
            close(to: level)
            // A value that asked for no container and wrote nothing is null.
            if out.count == before { writeNull() }
        }
    }

    /// How a value that is none of the leaves above is written.
    enum Shape { case float, integer, stringKeyed, encodable }

    /// Each type's shape, found by dynamic casts once per type: a failing `as` test against an
    /// existential protocol is a conformance lookup, and the structs and arrays of a 1,000-table
    /// manifest made three for each of their ~100,000 values (~2 % of generate). Not kept for an
    /// `Optional`, whose casts see through to the value (`Optional(1) as? any BinaryInteger`
    /// succeeds, `nil` fails), nor for a class, whose subclasses may conform differently.
    @exclusivity(unchecked) private var shapes: [ObjectIdentifier: Shape] = [:]

    private func shape<T>(of value: T) -> Shape {
        if let known = shapes[ObjectIdentifier(T.self)] { return known }
        let found: Shape
        switch value {
        case is Float: found = .float
        case is any BinaryInteger: found = .integer
        case is any StringKeyedMembers: found = .stringKeyed
        default: found = .encodable
        }
        if !(T.self is any OptionalValue.Type), !(T.self is AnyObject.Type) { shapes[ObjectIdentifier(T.self)] = found }
        return found
    }

    /// Opens a container at the current depth; returns its index among the open ones.
    @discardableResult
    func openContainer(isObject: Bool) -> Int {
        out.append(isObject ? 0x7B : 0x5B)
        open.append((isObject, 0))
        return open.count - 1
    }

    /// A container as the next member or item of the container at `frame`; returns the new
    /// container's index.
    func openNested(frame: Int, name: EntryName, isObject: Bool) -> Int {
        startEntry(frame: frame, name: name)
        return openContainer(isObject: isObject)
    }

    /// Closes the containers deeper than `level`.
    func close(to level: Int) {
        while open.count > level {
            let frame = open.removeLast()
            if frame.count > 0 { newline(indent: open.count) }
            out.append(frame.isObject ? 0x7D : 0x5D)
        }
    }

    /// What names an entry: nothing (an array's item), a key that is data (a `[String: V]`
    /// key, written as it is), or a field's `CodingKey` name (written in snake_case).
    enum EntryName { case none, data(String), field(String) }

    /// Each field name's member text: `"snake_case":` and, pretty, a space. Made once per name:
    /// converting and quoting the name for every member was ~7 % of the manifest's encoding.
    @exclusivity(unchecked) private var fieldTexts: [String: [UInt8]] = [:]

    /// Starts a member or an item of the container at index `frame`: closes any container an
    /// earlier member left open, then the separator, the line break and the key.
    func startEntry(frame: Int, name: EntryName) {
        close(to: frame + 1)
        if open[frame].count > 0 { out.append(0x2C) }
        open[frame].count += 1
        newline(indent: frame + 1)
        switch name {
        case .none:
            break
        case .data(let key):
            appendMemberText(key, to: &out)
        case .field(let name):
            if let text = fieldTexts[name] { return out.append(contentsOf: text) }
            var text: [UInt8] = []
            appendMemberText(ManifestEncoder.snakeCase(name), to: &text)
            fieldTexts[name] = text
            out.append(contentsOf: text)
        }
    }

    private func appendMemberText(_ key: String, to bytes: inout [UInt8]) {
        JSONDocument.appendQuoted(key, to: &bytes)
        bytes.append(0x3A)
        if pretty { bytes.append(0x20) }
    }

    func writeNull() { out.append(contentsOf: "null".utf8) }
    func write(_ v: String) { JSONDocument.appendQuoted(v, to: &out) }
    func write(_ v: Int) { JSONDocument.appendInt(v, to: &out) }
    func write(_ v: Bool) { out.append(contentsOf: v ? "true".utf8 : "false".utf8) }

    private func newline(indent: Int) {
        if pretty { JSONDocument.newline(&out, indent: baseDepth + indent) }
    }
}

/// `[String: V]`: its members sorted by key, the keys untouched.
protocol StringKeyedMembers {
    func writeSortedMembers(_ writer: JSONTextWriter, codingPath: [CodingKey], frame: Int) throws
}

extension Dictionary: StringKeyedMembers where Key == String, Value: Encodable {
    /// The members sorted as pairs: sorting the keys and then looking each one up hashed every
    /// key again (the jobs' arguments, ~40,000 members for 1,000 tables).
    func writeSortedMembers(_ writer: JSONTextWriter, codingPath: [CodingKey], frame: Int) throws {
        for (key, value) in sorted(by: { $0.key < $1.key }) {
            writer.startEntry(frame: frame, name: .data(key))
            try writer.value(value, codingPath: codingPath + [NamedKey(key)])
        }
    }
}

/// `Optional`, told from other types by its metatype (`JSONTextWriter.shape(of:)`).
protocol OptionalValue {}
extension Optional: OptionalValue {}

struct NamedKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// The `Encoder` a value's `encode(to:)` writes through; its containers open at the writer's
/// current depth.
struct TextEncoder: Encoder {
    let writer: JSONTextWriter
    var codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedText<Key>(writer: writer, frame: writer.openContainer(isObject: true), codingPath: codingPath))
    }
    func unkeyedContainer() -> UnkeyedEncodingContainer {
        UnkeyedText(writer: writer, frame: writer.openContainer(isObject: false), codingPath: codingPath)
    }
    func singleValueContainer() -> SingleValueEncodingContainer { SingleText(writer: writer, codingPath: codingPath) }
}

struct KeyedText<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONTextWriter
    /// The index of this container among the writer's open ones.
    let frame: Int
    var codingPath: [CodingKey]

    private func start(_ key: Key) { writer.startEntry(frame: frame, name: .field(key.stringValue)) }
    private func put<T: Encodable>(_ value: T, _ key: Key) throws {
        start(key)
        if frame == 0, !writer.splices.isEmpty, let text = writer.splices[key.stringValue] { return writer.out.append(contentsOf: text) }
        try writer.value(value, codingPath: codingPath + [key])
    }
    private func putNull(_ key: Key) {
        start(key)
        writer.writeNull()
    }
    private func putOptional<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value { try put(value, key) } else { putNull(key) }
    }

    // Strings, Ints and Bools (most of the manifest's values) are written here directly: through
    // `put`, each made a coding path and passed `value`'s type tests, about a quarter of the
    // manifest's encoding.
    mutating func encodeNil(forKey key: Key) throws { putNull(key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { start(key); writer.write(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { start(key); writer.write(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { start(key); writer.write(value) }
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
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { putNull(key) }
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { putNull(key) }
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try putOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { putNull(key) }
    }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try putOptional(value, key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = writer.openNested(frame: frame, name: .field(key.stringValue), isObject: true)
        return KeyedEncodingContainer(KeyedText<NestedKey>(writer: writer, frame: nested, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        let nested = writer.openNested(frame: frame, name: .field(key.stringValue), isObject: false)
        return UnkeyedText(writer: writer, frame: nested, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> Encoder { superEncoder(forKey: Key(stringValue: "super")!) }
    /// The member's value is what the returned encoder is given next.
    mutating func superEncoder(forKey key: Key) -> Encoder {
        writer.startEntry(frame: frame, name: .field(key.stringValue))
        return TextEncoder(writer: writer, codingPath: codingPath + [key])
    }
}

struct UnkeyedText: UnkeyedEncodingContainer {
    let writer: JSONTextWriter
    let frame: Int
    var codingPath: [CodingKey]
    private(set) var count = 0

    init(writer: JSONTextWriter, frame: Int, codingPath: [CodingKey]) {
        self.writer = writer; self.frame = frame; self.codingPath = codingPath
    }

    private mutating func put<T: Encodable>(_ value: T) throws {
        start()
        try writer.value(value, codingPath: codingPath + [NamedKey("\(count - 1)")])
    }
    private mutating func start() { writer.startEntry(frame: frame, name: .none); count += 1 }
    mutating func encodeNil() throws { start(); writer.writeNull() }
    mutating func encode(_ value: Bool) throws { start(); writer.write(value) }
    mutating func encode(_ value: String) throws { start(); writer.write(value) }
    mutating func encode(_ value: Double) throws { try put(value) }
    mutating func encode(_ value: Float) throws { try put(value) }
    mutating func encode(_ value: Int) throws { start(); writer.write(value) }
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
        count += 1
        return KeyedEncodingContainer(KeyedText<NestedKey>(writer: writer, frame: writer.openNested(frame: frame, name: .none, isObject: true),
                                                            codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        count += 1
        return UnkeyedText(writer: writer, frame: writer.openNested(frame: frame, name: .none, isObject: false), codingPath: codingPath)
    }
    /// The item is what the returned encoder is given next.
    mutating func superEncoder() -> Encoder {
        writer.startEntry(frame: frame, name: .none); count += 1
        return TextEncoder(writer: writer, codingPath: codingPath)
    }
}

struct SingleText: SingleValueEncodingContainer {
    let writer: JSONTextWriter
    var codingPath: [CodingKey]

    private func put<T: Encodable>(_ value: T) throws { try writer.value(value, codingPath: codingPath) }
    mutating func encodeNil() throws { writer.writeNull() }
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
