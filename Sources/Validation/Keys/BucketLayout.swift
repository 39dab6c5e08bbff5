/// How a memory budget is shared out. The reconciler holds, at any time, at most one of:
/// the write buffers of one partitioning (a quarter of the budget), or one bucket's table of
/// distinct keys (half) plus one read buffer (at most a quarter) — or, while re-partitioning an
/// overflowing bucket, a read buffer and the next level's write buffers. None of it depends on
/// the number of keys.
struct BucketLayout: Equatable {
    /// Buckets per partitioning level.
    let fanout: Int
    /// Bytes buffered per bucket before they are appended to its file.
    let writeBufferBytes: Int
    /// Bytes read from a bucket file at a time.
    let readBufferBytes: Int
    /// The estimated size one bucket's table may reach before the bucket is re-partitioned.
    let tableBytes: Int

    /// What one distinct key costs in a bucket's table beyond its bytes: the array's heap header
    /// and malloc rounding (~48), the dictionary slot with its two counters (24) at a load factor
    /// as low as 3/8 right after growth (×8/3 → ~64). An estimate: the budget is an order of
    /// magnitude, not a hard limit on the process.
    static let tableEntryOverheadBytes = 112
    /// Levels of re-partitioning before a bucket is processed whole anyway. Each level spreads a
    /// bucket's distinct keys over `fanout` buckets with a fresh seed, so a bucket still too big
    /// after this many levels would need that many independent 64-bit hashes to agree; the cap
    /// only guarantees termination.
    static let maximumLevel = 16
    /// The smallest budget: four buckets of 4 KiB write buffers.
    static let minimumBudgetBytes = 64 << 10

    /// Below 4 KiB per buffer each append to a bucket file would carry too little.
    private static let smallestWriteBuffer = 4 << 10
    /// Above 16 KiB per buffer nothing is gained, and the buffers are what the reconciler holds
    /// all through the scan; 256 × 16 KiB = 4 MiB.
    private static let largestWriteBuffer = 16 << 10
    private static let largestFanout = 256
    /// Sequential reads of 64 KiB are as fast as bigger ones.
    private static let largestReadBuffer = 64 << 10

    init(memoryBudgetBytes budget: Int) {
        let writeShare = budget / 4
        fanout = min(Self.largestFanout, max(2, writeShare / Self.smallestWriteBuffer))
        writeBufferBytes = min(Self.largestWriteBuffer, writeShare / fanout)
        readBufferBytes = min(Self.largestReadBuffer, max(4 << 10, budget / 4))
        tableBytes = budget / 2
    }
}
