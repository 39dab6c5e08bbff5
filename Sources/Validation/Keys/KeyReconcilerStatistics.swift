/// How a reconciliation used its scratch space: for the bench and for tests that must know the
/// re-partitioning path was taken. Not part of the result, which depends only on the keys.
public struct KeyReconcilerStatistics: Sendable, Equatable {
    /// Buckets per partitioning level (from the memory budget).
    public var fanout = 0
    /// Buckets loaded and classified.
    public var bucketsProcessed = 0
    /// Buckets whose table outgrew the budget and were split into the next level.
    public var repartitions = 0
    /// The deepest level a bucket was processed at (0: the first partitioning).
    public var deepestLevel = 0
    /// Distinct keys of the largest bucket table.
    public var largestTable = 0
    /// Bytes written to scratch files, every level.
    public var bytesWritten = 0
}
