/// The `limit` smallest keys offered, in bytewise order (docs/VALIDATE.md: examples are the
/// first keys in the bytewise order of canonical key bytes), so the examples of a table with
/// millions of missing keys cost `limit` keys of memory. Every key is offered at most once (each
/// distinct key is classified once).
struct SmallestKeys {
    private var kept: Smallest<[UInt8]>

    init(limit: Int) { kept = Smallest(limit: limit, by: Self.precedes) }

    var limit: Int { kept.limit }

    mutating func offer(_ key: [UInt8]) { kept.offer(key) }

    var sorted: [[UInt8]] { kept.sorted }

    /// Unsigned bytewise order; a key before every key it is a proper prefix of.
    static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool { a.lexicographicallyPrecedes(b) }
}
