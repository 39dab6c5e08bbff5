/// The hash that spreads keys over bucket files: FNV-1a 64 from a seeded start, then a
/// splitmix64 finaliser. Not the sample hash (SHA-256, docs/VALIDATE.md): this one only has to
/// be fast and spread well, and it never leaves the process.
///
/// Each partitioning level uses its own seed, so the keys of one overflowing bucket (which all
/// share their bucket at the level above) spread over the next level's buckets instead of
/// landing in one again.
enum BucketHash {
    static func hash(_ key: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        var state: UInt64 = 0xcbf2_9ce4_8422_2325 ^ mix(seed &+ 0x9e37_79b9_7f4a_7c15)
        for byte in key {
            state ^= UInt64(byte)
            state &*= 0x0000_0100_0000_01b3
        }
        // FNV-1a's low bits depend on few input bits (multiplication carries only upwards); the
        // finaliser makes every output bit depend on every state bit before the range reduction.
        return mix(state)
    }

    /// The bucket of `key` among `fanout` buckets: the high word of hash × fanout, which uses
    /// the hash's high bits and needs no division.
    static func bucket(of key: UnsafeBufferPointer<UInt8>, seed: UInt64, fanout: Int) -> Int {
        Int(hash(key, seed: seed).multipliedFullWidth(by: UInt64(fanout)).high)
    }

    /// splitmix64's finaliser (Steele, Lea, Flood 2014).
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
