import Diagnostics

/// A JSON value with the position it was written at. Foundation's decoders forget positions, and
/// every diagnostic about a contract has to point at the exact key or value, so the contract is
/// read into this tree first (see `JSONReader`).
public struct JSONValue: Sendable {
    /// Not `indirect`: arrays and objects already hold their elements in an array's buffer, and
    /// boxing every case cost one heap allocation per value (a third of a million for the
    /// 1,000-table contract).
    public enum Kind: Sendable {
        /// Members in the order written (duplicate keys are reported and dropped by the reader).
        case object([JSONMember])
        case array([JSONValue])
        case string(LocatedString)
        /// The number's text exactly as written, and its value as a Double.
        case number(text: String, value: Double)
        case bool(Bool)
        case null
    }

    public var kind: Kind
    /// Where the value starts: its `{`, `[`, opening quote, first digit or sign, or keyword.
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// The JSON type's name as a person reads it in a message ("object", "number", ...).
    public var typeName: String {
        switch kind {
        case .object: return "object"
        case .array: return "array"
        case .string: return "string"
        case .number: return "number"
        case .bool: return "boolean"
        case .null: return "null"
        }
    }

    public var objectMembers: [JSONMember]? { if case .object(let m) = kind { return m }; return nil }
    public var arrayElements: [JSONValue]? { if case .array(let a) = kind { return a }; return nil }
    public var stringValue: LocatedString? { if case .string(let s) = kind { return s }; return nil }
    public var isNull: Bool { if case .null = kind { return true }; return false }

    /// The first member named `key` of an object (nil for other kinds).
    public subscript(key: String) -> JSONValue? {
        objectMembers?.first { $0.isNamed(key) }?.value
    }
}

/// One `"key": value` pair of an object; the key keeps its own location for "unknown key" and
/// "duplicate key" diagnostics.
public struct JSONMember: Sendable {
    public var key: LocatedString
    public var value: JSONValue
    public init(key: LocatedString, value: JSONValue) {
        self.key = key
        self.value = value
    }

    /// Whether the key is `name`. Lengths first: a decoder looks each of its keys up among an
    /// object's members, so most comparisons are of two different keys, and String's `==` makes
    /// an out-of-line call for every pair it cannot tell equal from the bits alone (4 % of check).
    /// For the decoder's ASCII names this is code-point equality, as JSON compares keys: a key
    /// that is only canonically equivalent (`"\u212Aind"`, KELVIN SIGN for `K`) has other bytes
    /// and another length, and is an unknown key rather than the name.
    @inline(__always)
    public func isNamed(_ name: String) -> Bool {
        key.value.utf8.count == name.utf8.count && key.value == name
    }
}
