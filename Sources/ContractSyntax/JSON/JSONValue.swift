import Diagnostics

/// What `JSONReader` read: every value of a document (or of one table handed over while reading,
/// `JSONReader.read`'s `tableElements`) as a node in one flat array, with the members, elements,
/// strings and numbers in arrays of their own. A `JSONValue` is this tree and a node's index.
///
/// Flat on purpose. A tree of values holding arrays of values (as the reader built before) was an
/// allocation per object and array, a copy of every member into its object's array (a retain of
/// each string in it) and, when the table was decoded, a recursive release of it all: together a
/// fifth of a 1,000-table `check`. Here a node is 32 bytes with nothing to count references of,
/// a table is five allocations, and freeing it is freeing those.
public final class JSONTree: Sendable {
    enum Tag: UInt8, Sendable { case object, array, string, number, bool, null }

    /// `first`/`count`: an object's members in `members`, an array's elements in `elements`; a
    /// string's index in `strings` and a number's in `numbers` (`first`); a boolean's value
    /// (`first` 1 or 0).
    struct Node: Sendable {
        var tag: Tag
        var location: SourceLocation
        var first: Int
        var count: Int
    }

    /// A member: its key's index in `strings`, the key's length in UTF-8 bytes (most keys an
    /// object is asked for differ in length from most of its keys: no string is touched for
    /// those) and its value's node.
    struct Member: Sendable {
        var key: Int
        var keyLength: Int
        var value: Int

        /// Whether this member's key is `name` (`length` its UTF-8 count): the length first, from
        /// the member, then the text in `strings`. The reader's duplicate check and the lookups
        /// compare keys this one way.
        @inline(__always)
        func hasKey(_ name: String, length: Int, in strings: [LocatedString]) -> Bool {
            keyLength == length && strings[key].value == name
        }
    }

    let nodes: [Node]
    let members: [Member]
    let elements: [Int]
    let strings: [LocatedString]
    let numbers: [Number]

    struct Number: Sendable { var text: String; var value: Double }

    init(nodes: [Node], members: [Member], elements: [Int], strings: [LocatedString], numbers: [Number]) {
        self.nodes = nodes
        self.members = members
        self.elements = elements
        self.strings = strings
        self.numbers = numbers
    }
}

/// A JSON value with the position it was written at. Foundation's decoders forget positions, and
/// every diagnostic about a contract has to point at the exact key or value, so the contract is
/// read into a `JSONTree` first (see `JSONReader`).
public struct JSONValue: Sendable {
    let tree: JSONTree
    let index: Int

    init(tree: JSONTree, index: Int) {
        self.tree = tree
        self.index = index
    }

    public enum Kind: Sendable {
        /// Members in the order written (duplicate keys are reported and dropped by the reader).
        case object(JSONObjectMembers)
        case array(JSONArrayElements)
        case string(LocatedString)
        /// The number's text exactly as written, and its value as a Double.
        case number(text: String, value: Double)
        case bool(Bool)
        case null
    }

    private var node: JSONTree.Node { tree.nodes[index] }

    /// Where the value starts: its `{`, `[`, opening quote, first digit or sign, or keyword.
    public var location: SourceLocation { node.location }

    public var kind: Kind {
        let n = node
        switch n.tag {
        case .object: return .object(JSONObjectMembers(tree: tree, first: n.first, count: n.count))
        case .array: return .array(JSONArrayElements(tree: tree, first: n.first, count: n.count))
        case .string: return .string(tree.strings[n.first])
        case .number:
            let number = tree.numbers[n.first]
            return .number(text: number.text, value: number.value)
        case .bool: return .bool(n.first != 0)
        case .null: return .null
        }
    }

    /// The JSON type's name as a person reads it in a message ("object", "number", ...).
    public var typeName: String {
        switch node.tag {
        case .object: return "object"
        case .array: return "array"
        case .string: return "string"
        case .number: return "number"
        case .bool: return "boolean"
        case .null: return "null"
        }
    }

    public var objectMembers: JSONObjectMembers? {
        let n = node
        return n.tag == .object ? JSONObjectMembers(tree: tree, first: n.first, count: n.count) : nil
    }

    public var arrayElements: JSONArrayElements? {
        let n = node
        return n.tag == .array ? JSONArrayElements(tree: tree, first: n.first, count: n.count) : nil
    }

    public var stringValue: LocatedString? {
        let n = node
        return n.tag == .string ? tree.strings[n.first] : nil
    }

    public var isNull: Bool { node.tag == .null }

    /// The first member named `key` of an object (nil for other kinds).
    public subscript(key: String) -> JSONValue? { objectMembers?.value(named: key) }
}

/// One `"key": value` pair of an object; the key keeps its own location for "unknown key" and
/// "duplicate key" diagnostics.
public struct JSONMember: Sendable {
    public let key: LocatedString
    public let value: JSONValue

    /// Whether the key is `name`. Lengths first, as `JSONObjectMembers.value(named:)` compares.
    @inline(__always)
    public func isNamed(_ name: String) -> Bool {
        key.value.utf8.count == name.utf8.count && key.value == name
    }
}

/// An object's members in the order written.
public struct JSONObjectMembers: RandomAccessCollection, Sendable {
    let tree: JSONTree
    let first: Int
    public let count: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> JSONMember {
        let m = tree.members[first + position]
        return JSONMember(key: tree.strings[m.key], value: JSONValue(tree: tree, index: m.value))
    }

    /// The key of member `position`, without making its value.
    public func key(at position: Int) -> LocatedString { tree.strings[tree.members[first + position].key] }

    /// Whether member `position`'s key is `name`: its length first (from the member, no string
    /// touched), then the text. For the decoder's ASCII names this is code-point equality, as JSON
    /// compares keys: a key that is only canonically equivalent (`"\u212Aind"`, KELVIN SIGN for
    /// `K`) has other bytes and another length, and is an unknown key rather than the name.
    @inline(__always)
    public func key(at position: Int, is name: String, length: Int) -> Bool {
        tree.members[first + position].hasKey(name, length: length, in: tree.strings)
    }

    /// The value of the first member named `name`.
    public func value(named name: String) -> JSONValue? {
        let length = name.utf8.count
        for position in 0..<count where key(at: position, is: name, length: length) {
            return JSONValue(tree: tree, index: tree.members[first + position].value)
        }
        return nil
    }

    public func contains(named name: String) -> Bool {
        let length = name.utf8.count
        return (0..<count).contains { key(at: $0, is: name, length: length) }
    }
}

/// An array's elements in order.
public struct JSONArrayElements: RandomAccessCollection, Sendable {
    let tree: JSONTree
    let first: Int
    public let count: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> JSONValue { JSONValue(tree: tree, index: tree.elements[first + position]) }
}
