/// The strings of at most 16 bytes that a contract writes again and again — every key
/// (`"name"`, `"source_table"`), every type (`"S"`, `"foreign-key"`), most table and column
/// names — made once each and handed out again for the same bytes. Making a `String` from bytes
/// validates them and copies them in (~150 instructions even for a small string, ~4 % of a check
/// of the synthetic contract); a lookup here is two 8-byte loads, a multiply and a compare.
///
/// A direct-mapped table: a slot holds the last string whose bytes hashed to it, and another
/// string with the same hash simply takes the slot. Entries are compared by all their bytes and
/// the count, so a hit is always the string those bytes make.
struct ShortStrings {
    private struct Entry {
        var low: UInt64
        var high: UInt64
        var count: Int
        var value: String
    }

    private static let bits = 10
    /// An empty slot has count -1, which no string has. Not optionals: reading a field of an
    /// entry in place does not copy the entry (and retain its string) as unwrapping did.
    private var slots = [Entry](repeating: Entry(low: 0, high: 0, count: -1, value: ""), count: 1 << ShortStrings.bits)

    /// The string of `bytes[start..<end]`, which the caller has checked is valid UTF-8. Longer
    /// strings, and the last few of a buffer (the 16-byte load must stay inside it), are made
    /// directly.
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> String {
        let count = end - start
        guard count <= 16, start + 16 <= bytes.count, let base = bytes.baseAddress else {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        let raw = UnsafeRawPointer(base + start)
        var low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        var high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        // Only the string's own bytes: byte k is bits 8k..<8k+8 of the little-endian words.
        if count < 8 {
            low &= (1 << (UInt64(count) * 8)) &- 1
            high = 0
        } else if count < 16 {
            high &= (1 << (UInt64(count - 8) * 8)) &- 1
        }
        let golden: UInt64 = 0x9E37_79B9_7F4A_7C15
        let slot = Int(truncatingIfNeeded: ((low ^ (high &* golden) ^ UInt64(count)) &* golden) >> UInt64(64 - Self.bits))
        if slots[slot].low == low, slots[slot].high == high, slots[slot].count == count { return slots[slot].value }
        let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        slots[slot] = Entry(low: low, high: high, count: count, value: value)
        return value
    }
}
