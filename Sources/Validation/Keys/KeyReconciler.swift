import Foundation

/// Reconciles the expected keys of a table (from its MySQL view) against its actual keys (from
/// a DynamoDB Scan) with memory that does not grow with the table (docs/VALIDATE.md, "Keys,
/// complete"). Keys are opaque canonical key bytes; they are compared bytewise, never decoded.
///
/// Keys are hash-partitioned into bucket files under a fresh subdirectory of the scratch
/// directory as they arrive (expected and actual in the same files, a side byte per record).
/// `finish()` then loads one bucket at a time into a table of distinct keys with a count per
/// side, classifies each key, and drops the table; a bucket whose table outgrows the budget is
/// split with a fresh hash seed into the next level's buckets, recursively. What stays in memory
/// is the write buffers, one bucket's table, the counters and `exampleLimit` keys per example
/// list (those are outside the budget).
///
/// Thread safety: every method may be called from any thread, concurrently (the scan's segment
/// tasks each add their pages); calls are serialised by a lock, so feed whole pages with
/// `addActual(contentsOf:)` to take it once per page.
///
/// `@unchecked Sendable`: every stored property is either immutable or read and written only
/// while holding `lock` (and in `deinit`, which nothing else can run beside).
public final class KeyReconciler: @unchecked Sendable {
    public static let defaultMemoryBudgetBytes = 64 << 20
    public static let minimumMemoryBudgetBytes = BucketLayout.minimumBudgetBytes

    /// The subdirectory this reconciler owns (removed by `finish()` or `deinit`).
    public let scratchPath: String

    private let lock = NSLock()
    private let layout: BucketLayout
    private let exampleLimit: Int
    /// The first partitioning while keys are added; nil once finished or failed.
    private var writer: BucketWriter?
    /// A write failure, thrown again by every later call: the keys of the failed buffer are
    /// lost, so no later result could be right.
    private var failure: KeyReconcilerError?
    private var finished = false
    private var stats: KeyReconcilerStatistics

    /// - Parameters:
    ///   - scratchDirectory: an existing directory; the reconciler works in a fresh
    ///     subdirectory of it and needs about the keys' total size in free space.
    ///   - exampleLimit: keys kept per example list (≥ 0).
    ///   - memoryBudgetBytes: what buffers and one bucket's table may take (≥
    ///     `minimumMemoryBudgetBytes`); an estimate, see `BucketLayout`.
    public init(scratchDirectory: URL, exampleLimit: Int = 10,
                memoryBudgetBytes: Int = KeyReconciler.defaultMemoryBudgetBytes) throws {
        guard exampleLimit >= 0 else {
            throw KeyReconcilerError.invalidConfiguration("exampleLimit must be at least 0, got \(exampleLimit)")
        }
        guard memoryBudgetBytes >= Self.minimumMemoryBudgetBytes else {
            throw KeyReconcilerError.invalidConfiguration(
                "memoryBudgetBytes must be at least \(Self.minimumMemoryBudgetBytes), got \(memoryBudgetBytes)")
        }
        layout = BucketLayout(memoryBudgetBytes: memoryBudgetBytes)
        self.exampleLimit = exampleLimit
        scratchPath = scratchDirectory.appendingPathComponent("ddbm-keys-" + UUID().uuidString).path
        try ScratchIO.makeDirectory(scratchPath)
        writer = BucketWriter(directory: scratchPath, name: "b", seed: 0, layout: layout)
        stats = KeyReconcilerStatistics(fanout: layout.fanout)
    }

    deinit {
        if !finished { try? ScratchIO.removeTree(scratchPath) }
    }

    public func addExpected(_ key: [UInt8]) throws {
        try add(CollectionOfOne((key, 0)), side: .expected)
    }

    /// An expected key with a tag: a small value the caller wants counted per class (validate
    /// tags a row with its GSI membership and entity). `KeyReconciliation.tagCounts` counts, per
    /// tag, the keys expected exactly once and those of them matched; a colliding key's tags
    /// count nowhere (the job writes none of its rows).
    public func addExpected(_ key: [UInt8], tag: UInt32) throws {
        try add(CollectionOfOne((key, tag)), side: .expected)
    }

    public func addActual(_ key: [UInt8]) throws {
        try add(CollectionOfOne((key, 0)), side: .actual)
    }

    /// Adds several expected keys under one acquisition of the lock.
    public func addExpected<Keys: Sequence>(contentsOf keys: Keys) throws where Keys.Element == [UInt8] {
        try add(keys.lazy.map { ($0, 0) }, side: .expected)
    }

    /// Adds several actual keys (a Scan page) under one acquisition of the lock.
    public func addActual<Keys: Sequence>(contentsOf keys: Keys) throws where Keys.Element == [UInt8] {
        try add(keys.lazy.map { ($0, 0) }, side: .actual)
    }

    /// Classifies every key added, removes the scratch files and returns the result. After a
    /// failure (here or in an `add`) the scratch files are removed too and the error is thrown.
    /// `probing`: keys whose class the caller needs (validate's sample candidates), answered in
    /// `KeyReconciliation.probe`; keep it small, it is held in memory.
    public func finish<Probe: Sequence>(probing: Probe) throws -> KeyReconciliation where Probe.Element == [UInt8] {
        try finish(probe: Set(probing.map(TableKey.init(bytes:))))
    }

    public func finish() throws -> KeyReconciliation {
        try finish(probe: [])
    }

    private func finish(probe: Set<TableKey>) throws -> KeyReconciliation {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { throw KeyReconcilerError.finished }
        finished = true
        do {
            if let failure { throw failure }
            // The first partitioning's buffers are freed before the first bucket's table is built.
            guard var writer else { throw KeyReconcilerError.finished }
            self.writer = nil
            let files = try writer.finish()
            stats.bytesWritten += writer.bytesWritten
            var tally = KeyTally(exampleLimit: exampleLimit)
            for file in files { try process(file, level: 0, probe: probe, into: &tally) }
            try ScratchIO.removeTree(scratchPath)
            return tally.reconciliation
        } catch {
            try? ScratchIO.removeTree(scratchPath)
            throw error
        }
    }

    /// How the scratch space was used so far (complete after `finish()`).
    public var statistics: KeyReconcilerStatistics {
        lock.lock()
        defer { lock.unlock() }
        return stats
    }

    private func add<Keys: Sequence>(_ keys: Keys, side: KeyRecord.Side) throws where Keys.Element == ([UInt8], UInt32) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { throw KeyReconcilerError.finished }
        if let failure { throw failure }
        do {
            // `writer!` mutates the stored writer in place: its buffers are never copied.
            for (key, tag) in keys {
                try key.withUnsafeBufferPointer { try writer!.append(side: side, key: $0, tag: tag) }
            }
        } catch let error as KeyReconcilerError {
            failure = error
            writer = nil
            throw error
        }
    }

    /// A key of a bucket's table, hashed as one block of bytes: `[UInt8]`'s own Hashable feeds
    /// the hasher one byte at a time, which made hashing most of the work of `finish()`.
    struct TableKey: Hashable {
        let bytes: [UInt8]

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    /// One distinct key's counts in a bucket's table.
    private struct Counts {
        var expected = 0
        var actual = 0
        /// The tag of the (first) expected record; only used when the key is expected once.
        var tag: UInt32 = 0

        mutating func count(_ side: KeyRecord.Side, tag: UInt32) {
            switch side {
            case .expected:
                if expected == 0 { self.tag = tag }
                expected += 1
            case .actual: actual += 1
            }
        }
    }

    /// Classifies the keys of one bucket file, or, when its table outgrows the budget, splits
    /// the file into the next level and processes those; the file is removed either way.
    private func process(_ file: BucketWriter.File, level: Int, probe: Set<TableKey>, into tally: inout KeyTally) throws {
        var table: [TableKey: Counts] = [:]
        var estimate = 0
        var overflowed = false
        try BucketReader.forEachRecord(in: file, bufferBytes: layout.readBufferBytes) { side, bytes, tag in
            let distinct = table.count
            table[TableKey(bytes: Array(bytes)), default: Counts()].count(side, tag: tag)
            guard table.count > distinct else { return true }
            estimate += bytes.count + BucketLayout.tableEntryOverheadBytes
            // One distinct key cannot be split further, however often it repeats (a collision
            // of a million rows is one entry), so only a table of several keys overflows.
            if estimate > layout.tableBytes && table.count > 1 && level < BucketLayout.maximumLevel {
                overflowed = true
                return false
            }
            return true
        }
        if overflowed {
            table = [:]     // freed before the next level's write buffers fill
            stats.repartitions += 1
            var writer = BucketWriter(directory: scratchPath, name: file.name + ".", seed: UInt64(level + 1), layout: layout)
            try BucketReader.forEachRecord(in: file, bufferBytes: layout.readBufferBytes) { side, bytes, tag in
                try writer.append(side: side, key: bytes, tag: tag)
                return true
            }
            let parts = try writer.finish()
            stats.bytesWritten += writer.bytesWritten
            try ScratchIO.removeFile(file.path)
            for part in parts { try process(part, level: level + 1, probe: probe, into: &tally) }
            return
        }
        try ScratchIO.removeFile(file.path)
        stats.bucketsProcessed += 1
        stats.deepestLevel = max(stats.deepestLevel, level)
        stats.largestTable = max(stats.largestTable, table.count)
        for (key, counts) in table {
            let kind = tally.classify(key.bytes, expected: counts.expected, actual: counts.actual, tag: counts.tag)
            if !probe.isEmpty, probe.contains(key) { tally.record(probe: key.bytes, kind) }
        }
    }
}
