import AWS
import Crypto
import Foundation

/// Canonical key bytes and the sample hash (docs/VALIDATE.md, "Sample"): both engines pick the
/// same sample for the same seed because they compute these alike.
public enum CanonicalKey {
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// For each table key attribute, pk first: its type letter (`S`, `N`, `B`), the payload's
    /// length in bytes as decimal digits, `:`, the payload (S: its UTF-8 bytes; N: its canonical
    /// decimal text; B: the raw bytes). `PK = "USER#1", SK = "#META"` is `S6:USER#1S5:#META`.
    public static func bytes(of item: DynamoDBItem, keyNames: [String]) throws -> [UInt8] {
        var out: [UInt8] = []
        for name in keyNames {
            guard let value = item[name] else { throw Invalid(description: "the item has no key attribute '\(name)'") }
            let letter: String
            let payload: [UInt8]
            switch value {
            case .s(let text):
                letter = "S"; payload = Array(text.utf8)
            case .n(let text):
                guard let canonical = canonicalDecimalText(text) else {
                    throw Invalid(description: "key attribute '\(name)' is not a number: \(text)")
                }
                letter = "N"; payload = Array(canonical.utf8)
            case .b(let data):
                letter = "B"; payload = Array(data)
            default:
                throw Invalid(description: "key attribute '\(name)' is not of type S, N or B")
            }
            out += Array(letter.utf8) + Array(String(payload.count).utf8) + [UInt8(ascii: ":")] + payload
        }
        return out
    }

    /// The first 8 bytes, big-endian, of SHA-256 over the ASCII decimal seed, `:`, then the
    /// canonical key bytes.
    public static func sampleHash(seed: Int, keyBytes: [UInt8]) -> UInt64 {
        var hasher = SHA256()
        hasher.update(data: Array("\(seed):".utf8))
        hasher.update(data: keyBytes)
        return hasher.finalize().prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}

/// The sample of docs/VALIDATE.md: the k entries with the smallest (sample hash, canonical key
/// bytes), in one pass and O(k) memory (a max-heap of the k best so far: a new entry replaces the
/// largest when it is smaller).
public struct BottomKSampler<Value> {
    public struct Entry {
        public var hash: UInt64
        public var key: [UInt8]
        public var value: Value
    }

    public let k: Int
    private var heap: [Entry] = []  // max-heap by (hash, key)
    /// How many entries were offered.
    public private(set) var offered = 0

    public init(k: Int) {
        precondition(k >= 0, "a sample cannot hold fewer than 0 items")
        self.k = k
    }

    /// Entries order by hash, then by canonical key bytes (bytewise); a key offered twice is
    /// kept twice (validate's expected keys are distinct: colliding keys are excluded first).
    static func less(_ a: Entry, _ b: Entry) -> Bool {
        a.hash != b.hash ? a.hash < b.hash : a.key.lexicographicallyPrecedes(b.key)
    }

    public mutating func offer(hash: UInt64, key: [UInt8], value: Value) {
        offered += 1
        guard k > 0 else { return }
        let entry = Entry(hash: hash, key: key, value: value)
        if heap.count < k {
            heap.append(entry)
            siftUp(heap.count - 1)
        } else if Self.less(entry, heap[0]) {
            heap[0] = entry
            siftDown(0)
        }
    }

    /// The sample, smallest first.
    public func sorted() -> [Entry] { heap.sorted(by: Self.less) }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var largest = parent
            for child in [2 * parent + 1, 2 * parent + 2] where child < heap.count && Self.less(heap[largest], heap[child]) {
                largest = child
            }
            guard largest != parent else { return }
            heap.swapAt(parent, largest)
            parent = largest
        }
    }
}
