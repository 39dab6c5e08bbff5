/// The `limit` smallest elements offered, by `precedes`, in one pass and O(limit) memory: a
/// max-heap of the best so far, whose top (the largest kept) a smaller newcomer replaces. The
/// example lists and the sample's candidates are both "the first N" of a stream that may hold
/// millions of elements.
struct Smallest<Element> {
    let limit: Int
    private let precedes: (Element, Element) -> Bool
    /// heap[0] is the largest element kept.
    private var heap: [Element] = []

    init(limit: Int, by precedes: @escaping (Element, Element) -> Bool) {
        precondition(limit >= 0, "cannot keep fewer than 0 elements")
        self.limit = limit
        self.precedes = precedes
    }

    mutating func offer(_ element: Element) {
        guard limit > 0 else { return }
        if heap.count < limit {
            heap.append(element)
            siftUp(heap.count - 1)
        } else if precedes(element, heap[0]) {
            heap[0] = element
            siftDown(0)
        }
    }

    /// What is kept, smallest first.
    var sorted: [Element] { heap.sorted(by: precedes) }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            var largest = parent
            for child in [2 * parent + 1, 2 * parent + 2] where child < heap.count && precedes(heap[largest], heap[child]) {
                largest = child
            }
            guard largest != parent else { return }
            heap.swapAt(parent, largest)
            parent = largest
        }
    }
}
