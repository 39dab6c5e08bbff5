import Diagnostics

extension JSONByteParser {
    /// A `JSONTree` while it is being written: plain arrays the reader appends to, made into the
    /// tree once its value is read whole.
    struct Storage {
        private(set) var nodes: [JSONTree.Node] = []
        private var members: [JSONTree.Member] = []
        private var elements: [Int] = []
        private(set) var strings: [LocatedString] = []
        private var numbers: [JSONTree.Number] = []

        /// How many of each a tree holds, to make the next one's room.
        struct Size { var nodes = 0, members = 0, elements = 0, strings = 0, numbers = 0 }

        init() {}

        init(reserving size: Size) {
            nodes.reserveCapacity(size.nodes)
            members.reserveCapacity(size.members)
            elements.reserveCapacity(size.elements)
            strings.reserveCapacity(size.strings)
            numbers.reserveCapacity(size.numbers)
        }

        var size: Size {
            Size(nodes: nodes.count, members: members.count, elements: elements.count, strings: strings.count, numbers: numbers.count)
        }

        /// A new node; a container's `first` and `count` are set when it closes.
        mutating func node(_ tag: JSONTree.Tag, at location: SourceLocation, first: Int = 0) -> Int {
            nodes.append(JSONTree.Node(tag: tag, location: location, first: first, count: 0))
            return nodes.count - 1
        }

        mutating func append(_ string: LocatedString) -> Int {
            strings.append(string)
            return strings.count - 1
        }

        mutating func append(_ number: JSONTree.Number) -> Int {
            numbers.append(number)
            return numbers.count - 1
        }

        /// The object at `node` closes with `closed` as its members.
        mutating func close(_ node: Int, members closed: ArraySlice<JSONTree.Member>) {
            nodes[node].first = members.count
            nodes[node].count = closed.count
            members.append(contentsOf: closed)
        }

        /// The array at `node` closes with `closed` as its elements.
        mutating func close(_ node: Int, elements closed: ArraySlice<Int>) {
            nodes[node].first = elements.count
            nodes[node].count = closed.count
            elements.append(contentsOf: closed)
        }

        /// The tree, the arrays moved into it (this storage is left empty).
        mutating func tree() -> JSONTree {
            defer { self = Storage() }
            return JSONTree(nodes: nodes, members: members, elements: elements, strings: strings, numbers: numbers)
        }
    }
}
