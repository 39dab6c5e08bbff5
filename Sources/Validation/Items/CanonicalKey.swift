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

    /// The key item of canonical key bytes, the inverse of `bytes(of:keyNames:)`. Each part is
    /// `<letter><length>:<payload>`, so no payload byte is mistaken for a separator; bytes this
    /// function did not make give as much of a key as they hold.
    public static func item(from bytes: [UInt8], keyNames: [String]) -> DynamoDBItem {
        var item: DynamoDBItem = [:]
        var i = 0
        for name in keyNames {
            guard i < bytes.count else { break }
            let letter = bytes[i]
            i += 1
            var length = 0
            while i < bytes.count, bytes[i] != UInt8(ascii: ":") {
                length = length * 10 + Int(bytes[i] &- UInt8(ascii: "0"))
                i += 1
            }
            i += 1
            let payload = Array(bytes[min(i, bytes.count)..<min(i + length, bytes.count)])
            i += length
            switch letter {
            case UInt8(ascii: "N"): item[name] = .n(String(decoding: payload, as: UTF8.self))
            case UInt8(ascii: "B"): item[name] = .b(Data(payload))
            default: item[name] = .s(String(decoding: payload, as: UTF8.self))
            }
        }
        return item
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
    private var kept: Smallest<Entry>
    /// How many entries were offered.
    public private(set) var offered = 0

    public init(k: Int) {
        precondition(k >= 0, "a sample cannot hold fewer than 0 items")
        self.k = k
        kept = Smallest(limit: k, by: Self.less)
    }

    /// Entries order by hash, then by canonical key bytes (bytewise); a key offered twice is
    /// kept twice (validate's expected keys are distinct: colliding keys are excluded first).
    static func less(_ a: Entry, _ b: Entry) -> Bool {
        a.hash != b.hash ? a.hash < b.hash : a.key.lexicographicallyPrecedes(b.key)
    }

    public mutating func offer(hash: UInt64, key: [UInt8], value: Value) {
        offered += 1
        kept.offer(Entry(hash: hash, key: key, value: value))
    }

    /// The sample, smallest first.
    public func sorted() -> [Entry] { kept.sorted }
}
