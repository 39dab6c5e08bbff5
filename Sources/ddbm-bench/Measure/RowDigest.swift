import MySQL

/// An order-independent fingerprint of a result: its row count plus two 64-bit sums of per-row
/// hashes over every column's text (NULL distinguished from the empty string, column
/// boundaries length-prefixed). Summing (not XOR-ing) keeps duplicate rows visible, and sums
/// add up, so the digests of disjoint ranges of a view add to the digest of the whole view.
struct RowDigest: Equatable, CustomStringConvertible {
    private(set) var rows: Int = 0
    private(set) var sumA: UInt64 = 0
    private(set) var sumB: UInt64 = 0

    /// Folds one row in. Two FNV-1a variants with different offsets make an accidental equal
    /// sum of different multisets astronomically unlikely.
    mutating func add(_ values: [MySQLValue?]) {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x8422_2325_cbf2_9ce4
        @inline(__always) func mix(_ byte: UInt8) {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b ^ UInt64(byte ^ 0x5a)) &* 0x0000_0100_0000_01b3
        }
        for value in values {
            guard let value else {
                mix(0xff); mix(0xff); mix(0xff); mix(0xff); mix(0xff)
                continue
            }
            let count = UInt32(truncatingIfNeeded: value.bytes.count)
            mix(0); mix(UInt8(truncatingIfNeeded: count >> 24)); mix(UInt8(truncatingIfNeeded: count >> 16))
            mix(UInt8(truncatingIfNeeded: count >> 8)); mix(UInt8(truncatingIfNeeded: count))
            for byte in value.bytes { mix(byte) }
        }
        rows += 1
        sumA &+= a
        sumB &+= b &* 0x9e37_79b9_7f4a_7c15
    }

    /// The digest of the union of two disjoint results.
    static func + (lhs: RowDigest, rhs: RowDigest) -> RowDigest {
        var out = lhs
        out.rows += rhs.rows
        out.sumA &+= rhs.sumA
        out.sumB &+= rhs.sumB
        return out
    }

    var description: String {
        "\(rows) rows, digest " + String(sumA, radix: 16) + ":" + String(sumB, radix: 16)
    }
}
