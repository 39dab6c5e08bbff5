/// The `limit` smallest keys offered, in bytewise order (docs/VALIDATE.md: examples are the
/// first keys in the bytewise order of canonical key bytes). A max-heap of at most `limit`
/// keys, so the examples of a table with millions of missing keys cost `limit` keys of memory.
/// Every key is offered at most once (each distinct key is classified once).
struct SmallestKeys {
    let limit: Int
    /// heap[0] is the largest key kept: the one a smaller newcomer replaces.
    private var heap: [[UInt8]] = []

    init(limit: Int) { self.limit = limit }

    mutating func offer(_ key: [UInt8]) {
        guard limit > 0 else { return }
        if heap.count < limit {
            heap.append(key)
            siftUp(heap.count - 1)
        } else if Self.precedes(key, heap[0]) {
            heap[0] = key
            siftDown(0)
        }
    }

    var sorted: [[UInt8]] { heap.sorted(by: Self.precedes) }

    /// Unsigned bytewise order; a key before every key it is a proper prefix of.
    static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool { a.lexicographicallyPrecedes(b) }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.precedes(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            var largest = parent
            for child in [2 * parent + 1, 2 * parent + 2] where child < heap.count {
                if Self.precedes(heap[largest], heap[child]) { largest = child }
            }
            guard largest != parent else { return }
            heap.swapAt(parent, largest)
            parent = largest
        }
    }
}
