import Foundation
import XCTest
import TestSupport
@testable import Validation

final class KeyReconcilerTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("key-reconciler-tests-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: false)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    // MARK: hand-written cases

    func testMatchedMissingAndUnexpected() throws {
        let result = try reconcile(expected: ["S1:a", "S1:b", "S1:c"], actual: ["S1:a", "S1:d", "S1:c"])
        XCTAssertEqual(result, KeyReconciliation(
            expectedKeys: 3, actualKeys: 3, matched: 2, missing: 1, unexpected: 1,
            missingExamples: [bytes("S1:b")], unexpectedExamples: [bytes("S1:d")]))
    }

    func testCanonicalKeysOfTwoAttributes() throws {
        let result = try reconcile(expected: ["S6:USER#1S5:#META", "S6:USER#2S5:#META"],
                                   actual: ["S6:USER#2S5:#META", "S6:USER#2S5:#MET"])
        XCTAssertEqual(result.matched, 1)
        XCTAssertEqual(result.missingExamples, [bytes("S6:USER#1S5:#META")])
        // One byte shorter is another key: nothing is decoded or normalised.
        XCTAssertEqual(result.unexpectedExamples, [bytes("S6:USER#2S5:#MET")])
    }

    func testCollisionWithoutAnItemIsNeitherExpectedNorMissing() throws {
        let result = try reconcile(expected: ["k1", "dup", "k2", "dup", "dup"], actual: ["k1", "k2"])
        XCTAssertEqual(result, KeyReconciliation(
            expectedKeys: 2, collidingKeys: 1, collidingRows: 3, actualKeys: 2, matched: 2,
            collidingExamples: [bytes("dup")]))
    }

    func testItemUnderACollidingKeyIsUnexpected() throws {
        let result = try reconcile(expected: ["dup", "dup", "k"], actual: ["dup", "k"])
        XCTAssertEqual(result, KeyReconciliation(
            expectedKeys: 1, collidingKeys: 1, collidingRows: 2, actualKeys: 2, matched: 1, unexpected: 1,
            unexpectedExamples: [bytes("dup")], collidingExamples: [bytes("dup")]))
    }

    func testActualKeySeenTwiceIsReportedOnceAndCountedOnce() throws {
        let result = try reconcile(expected: ["a", "b"], actual: ["a", "a", "b", "x", "x", "x"])
        XCTAssertEqual(result, KeyReconciliation(
            expectedKeys: 2, actualKeys: 3, matched: 2, unexpected: 1, duplicateActual: 2,
            unexpectedExamples: [bytes("x")]))
    }

    func testEmptyStreams() throws {
        XCTAssertEqual(try reconcile(expected: [], actual: []), KeyReconciliation())
    }

    func testOnlyExpected() throws {
        let result = try reconcile(expected: ["b", "a", "c"], actual: [])
        XCTAssertEqual(result, KeyReconciliation(
            expectedKeys: 3, missing: 3, missingExamples: [bytes("a"), bytes("b"), bytes("c")]))
    }

    func testOnlyActual() throws {
        let result = try reconcile(expected: [], actual: ["b", "a"])
        XCTAssertEqual(result, KeyReconciliation(
            actualKeys: 2, unexpected: 2, unexpectedExamples: [bytes("a"), bytes("b")]))
    }

    func testArbitraryBytesAndTheEmptyKeyInBytewiseOrder() throws {
        let keys: [[UInt8]] = [[0xFF, 0x00], [0x00, 0xFF], [], [0xFF], [0x00], [0x00, 0x00], [0x80]]
        let reconciler = try KeyReconciler(scratchDirectory: scratch)
        for key in keys { try reconciler.addExpected(key) }
        try reconciler.addActual([0x00, 0x00])      // matches
        try reconciler.addActual([0x00, 0x00, 0x00]) // a longer key is another key
        let result = untagged(try reconciler.finish())
        XCTAssertEqual(result.expectedKeys, 7)
        XCTAssertEqual(result.matched, 1)
        // Unsigned bytewise order, a prefix before its extensions, the empty key first.
        XCTAssertEqual(result.missingExamples, [[], [0x00], [0x00, 0xFF], [0x80], [0xFF], [0xFF, 0x00]])
        XCTAssertEqual(result.unexpectedExamples, [[0x00, 0x00, 0x00]])
    }

    func testExamplesAreTheSmallestKeysWhateverTheOrderOfArrival() throws {
        var generator = SplitMix64(seed: 7)
        let keys = (0..<500).map { bytes(String(format: "S8:USER#%03d", $0)) }.shuffled(using: &generator)
        let reconciler = try KeyReconciler(scratchDirectory: scratch, exampleLimit: 3,
                                           memoryBudgetBytes: KeyReconciler.minimumMemoryBudgetBytes)
        for key in keys { try reconciler.addExpected(key) }
        let result = untagged(try reconciler.finish())
        XCTAssertEqual(result.missing, 500)
        XCTAssertEqual(result.missingExamples, [bytes("S8:USER#000"), bytes("S8:USER#001"), bytes("S8:USER#002")])
    }

    func testExampleLimitZeroKeepsCountsAndNoExamples() throws {
        let result = try reconcile(expected: ["a", "a", "b"], actual: ["c"], exampleLimit: 0)
        XCTAssertEqual(result, KeyReconciliation(
            expectedKeys: 1, collidingKeys: 1, collidingRows: 2, actualKeys: 1, missing: 1, unexpected: 1))
    }

    func testKeyLongerThanEveryBufferRoundTrips() throws {
        // 300 KiB: longer than a write buffer (4 KiB) and a read buffer (16 KiB) at this budget.
        let long = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var other = long
        other[other.count - 1] ^= 1
        let reconciler = try KeyReconciler(scratchDirectory: scratch,
                                           memoryBudgetBytes: KeyReconciler.minimumMemoryBudgetBytes)
        try reconciler.addExpected(long)
        try reconciler.addExpected(other)
        try reconciler.addActual(long)
        let result = untagged(try reconciler.finish())
        XCTAssertEqual(result.matched, 1)
        XCTAssertEqual(result.missingExamples, [other])
    }

    func testOneKeyRepeatedIsOneTableEntryAndNeverRepartitioned() throws {
        let reconciler = try KeyReconciler(scratchDirectory: scratch,
                                           memoryBudgetBytes: KeyReconciler.minimumMemoryBudgetBytes)
        let hot = bytes("S6:USER#0S5:#META")
        try reconciler.addExpected(contentsOf: repeatElement(hot, count: 100_000))
        try reconciler.addExpected(bytes("S6:USER#1S5:#META"))
        try reconciler.addActual(bytes("S6:USER#1S5:#META"))
        let result = untagged(try reconciler.finish())
        XCTAssertEqual(result, KeyReconciliation(
            expectedKeys: 1, collidingKeys: 1, collidingRows: 100_000, actualKeys: 1, matched: 1,
            collidingExamples: [hot]))
        // A skewed bucket of one distinct key fits however often the key repeats.
        XCTAssertEqual(reconciler.statistics.repartitions, 0)
    }

    // MARK: against an in-memory oracle

    func testRandomStreamsAgreeWithAnInMemoryOracleThroughRepartitioning() throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["DDBM_KEYS_TEST_SEED"] ?? "") ?? 20_261_201
        var random = SplitMix64(seed: seed)
        // Short keys of arbitrary bytes (collide by chance: the empty key, one-byte keys) and
        // canonical-looking ones sharing long prefixes.
        var pool: [[UInt8]] = []
        for index in 0..<50_000 {
            if index % 3 == 0 {
                pool.append(bytes("S\(7 + String(index).count):ORDER#\(index)S5:#META"))
            } else {
                let length = Int(random.next() % 24)
                pool.append((0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) })
            }
        }
        var records: [(expected: Bool, key: [UInt8])] = []
        for key in pool {
            let roll = random.next() % 100
            let expectedTimes = roll < 10 ? 0 : roll < 88 ? 1 : roll < 97 ? 2 : 3
            let actualRoll = random.next() % 100
            let actualTimes = actualRoll < 12 ? 0 : actualRoll < 99 ? 1 : 2
            for _ in 0..<expectedTimes { records.append((true, key)) }
            for _ in 0..<actualTimes { records.append((false, key)) }
        }
        records.shuffle(using: &random)

        let reconciler = try KeyReconciler(scratchDirectory: scratch, exampleLimit: 25,
                                           memoryBudgetBytes: KeyReconciler.minimumMemoryBudgetBytes)
        for record in records {
            if record.expected { try reconciler.addExpected(record.key) } else { try reconciler.addActual(record.key) }
        }
        let result = untagged(try reconciler.finish())
        let oracle = Oracle(records: records, exampleLimit: 25)
        XCTAssertEqual(result, oracle.result, "seed \(seed) (rerun with DDBM_KEYS_TEST_SEED=\(seed))")
        XCTAssertEqual(result.expectedKeys, result.matched + result.missing, "seed \(seed)")
        XCTAssertEqual(result.actualKeys, result.matched + result.unexpected, "seed \(seed)")
        XCTAssertGreaterThan(result.collidingKeys, 0, "seed \(seed): the streams plant collisions")
        XCTAssertGreaterThan(result.duplicateActual, 0, "seed \(seed): the streams plant duplicate actual keys")

        // The budget's tables hold a few hundred keys: the first level's buckets overflow, and
        // so do some of the second's.
        let statistics = reconciler.statistics
        XCTAssertGreaterThan(statistics.repartitions, statistics.fanout, "seed \(seed)")
        XCTAssertGreaterThanOrEqual(statistics.deepestLevel, 2, "seed \(seed)")
        XCTAssertLessThan(statistics.deepestLevel, BucketLayout.maximumLevel, "seed \(seed)")
        XCTAssertGreaterThan(statistics.bucketsProcessed, 100, "seed \(seed)")
        let tableCap = BucketLayout(memoryBudgetBytes: KeyReconciler.minimumMemoryBudgetBytes).tableBytes
            / BucketLayout.tableEntryOverheadBytes
        XCTAssertLessThanOrEqual(statistics.largestTable, tableCap + 1, "seed \(seed)")
    }

    func testConcurrentAddsFromSeveralThreads() throws {
        let reconciler = try KeyReconciler(scratchDirectory: scratch,
                                           memoryBudgetBytes: KeyReconciler.minimumMemoryBudgetBytes)
        let segments = 4
        let perSegment = 5_000
        func key(_ segment: Int, _ index: Int) -> [UInt8] { bytes("S\(segment):\(index)") }
        // Every key expected; each segment's task returns its keys except every 100th, in pages.
        for segment in 0..<segments {
            try reconciler.addExpected(contentsOf: (0..<perSegment).map { key(segment, $0) })
        }
        let errors = ErrorBox()
        DispatchQueue.concurrentPerform(iterations: segments) { segment in
            do {
                var page: [[UInt8]] = []
                for index in 0..<perSegment where index % 100 != 0 {
                    page.append(key(segment, index))
                    if page.count == 97 {
                        try reconciler.addActual(contentsOf: page)
                        page.removeAll()
                    }
                }
                try reconciler.addActual(contentsOf: page)
                try reconciler.addActual(key(segment, -1))      // one unexpected key per segment
            } catch {
                errors.record(error)
            }
        }
        XCTAssertNil(errors.first)
        let result = untagged(try reconciler.finish())
        XCTAssertEqual(result.expectedKeys, segments * perSegment)
        XCTAssertEqual(result.missing, segments * perSegment / 100)
        XCTAssertEqual(result.matched, segments * (perSegment - perSegment / 100))
        XCTAssertEqual(result.unexpected, segments)
        XCTAssertEqual(result.duplicateActual, 0)
        XCTAssertEqual(result.unexpectedExamples, (0..<segments).map { key($0, -1) })
    }

    // MARK: scratch files and errors

    func testScratchFilesExistWhileAddingAndAreGoneAfterFinish() throws {
        let reconciler = try KeyReconciler(scratchDirectory: scratch,
                                           memoryBudgetBytes: KeyReconciler.minimumMemoryBudgetBytes)
        XCTAssertEqual(try contents(of: scratch), [URL(fileURLWithPath: reconciler.scratchPath).lastPathComponent])
        for index in 0..<20_000 { try reconciler.addExpected(bytes("S6:USER#\(index)")) }
        // 20,000 records overflow the write buffers, so bucket files exist by now.
        XCTAssertFalse(try contents(of: URL(fileURLWithPath: reconciler.scratchPath)).isEmpty)
        _ = try reconciler.finish()
        XCTAssertEqual(try contents(of: scratch), [])
    }

    func testAbandonedReconcilerRemovesItsScratchFiles() throws {
        var reconciler: KeyReconciler? = try KeyReconciler(scratchDirectory: scratch,
                                                           memoryBudgetBytes: KeyReconciler.minimumMemoryBudgetBytes)
        for index in 0..<20_000 { try reconciler!.addActual(bytes("k\(index)")) }
        XCTAssertEqual(try contents(of: scratch).count, 1)
        reconciler = nil
        XCTAssertEqual(try contents(of: scratch), [])
    }

    func testScratchDirectoryThatIsAFileIsAClearError() throws {
        let file = scratch.appendingPathComponent("not-a-directory")
        try Data("x".utf8).write(to: file)
        XCTAssertThrowsError(try KeyReconciler(scratchDirectory: file)) { error in
            guard case KeyReconcilerError.scratchUnavailable(let path, let reason)? = error as? KeyReconcilerError else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertTrue(path.hasPrefix(file.path + "/ddbm-keys-"), path)
            XCTAssertEqual(reason, "Not a directory")
        }
    }

    func testLostScratchDirectoryFailsEveryLaterCallWithTheWriteError() throws {
        let reconciler = try KeyReconciler(scratchDirectory: scratch,
                                           memoryBudgetBytes: KeyReconciler.minimumMemoryBudgetBytes)
        try FileManager.default.removeItem(atPath: reconciler.scratchPath)
        var thrown: KeyReconcilerError?
        for index in 0..<20_000 where thrown == nil {
            do { try reconciler.addExpected(bytes("k\(index)")) } catch { thrown = error as? KeyReconcilerError }
        }
        guard case .writeFailed(let path, let reason)? = thrown else { return XCTFail("no write error: \(String(describing: thrown))") }
        XCTAssertTrue(path.hasPrefix(reconciler.scratchPath + "/"), path)
        XCTAssertEqual(reason, "No such file or directory")
        XCTAssertThrowsError(try reconciler.addActual(bytes("k"))) { XCTAssertEqual($0 as? KeyReconcilerError, thrown) }
        XCTAssertThrowsError(try reconciler.finish()) { XCTAssertEqual($0 as? KeyReconcilerError, thrown) }
        XCTAssertEqual(try contents(of: scratch), [])
    }

    func testAddingOrFinishingAfterFinishIsAnError() throws {
        let reconciler = try KeyReconciler(scratchDirectory: scratch)
        try reconciler.addExpected(bytes("a"))
        XCTAssertEqual(try reconciler.finish().missing, 1)
        XCTAssertThrowsError(try reconciler.addExpected(bytes("b"))) { XCTAssertEqual($0 as? KeyReconcilerError, .finished) }
        XCTAssertThrowsError(try reconciler.finish()) { XCTAssertEqual($0 as? KeyReconcilerError, .finished) }
    }

    func testOutOfRangeArgumentsAreRejected() throws {
        XCTAssertThrowsError(try KeyReconciler(scratchDirectory: scratch, exampleLimit: -1)) {
            XCTAssertEqual($0 as? KeyReconcilerError, .invalidConfiguration("exampleLimit must be at least 0, got -1"))
        }
        XCTAssertThrowsError(try KeyReconciler(scratchDirectory: scratch, memoryBudgetBytes: 1000)) {
            XCTAssertEqual($0 as? KeyReconcilerError,
                           .invalidConfiguration("memoryBudgetBytes must be at least 65536, got 1000"))
        }
        XCTAssertEqual(try contents(of: scratch), [], "a rejected reconciler creates no scratch directory")
    }

    func testTruncatedBucketFileIsReportedAsCorrupt() throws {
        let reconciler = try KeyReconciler(scratchDirectory: scratch,
                                           memoryBudgetBytes: KeyReconciler.minimumMemoryBudgetBytes)
        for index in 0..<5_000 { try reconciler.addExpected(bytes("S6:USER#\(index)")) }
        // Something else cuts a bucket file short in the middle of a record.
        let directory = URL(fileURLWithPath: reconciler.scratchPath)
        let name = try XCTUnwrap(try contents(of: directory).first)
        let path = directory.appendingPathComponent(name).path
        let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        XCTAssertEqual(truncate(path, off_t(size - 1)), 0)
        XCTAssertThrowsError(try reconciler.finish()) { error in
            guard case KeyReconcilerError.corruptBucket(let reported, _)? = error as? KeyReconcilerError else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(reported, path)
        }
        XCTAssertEqual(try contents(of: scratch), [])
    }

    // MARK: parts

    func testRecordFormatRoundTripsLengthsAcrossVarintBoundaries() {
        for length in [0, 1, 127, 128, 16_383, 16_384, 70_000] {
            let key = [UInt8](repeating: 0xAB, count: length)
            var buffer: [UInt8] = []
            key.withUnsafeBufferPointer { KeyRecord.append(side: .actual, key: $0, to: &buffer) }
            buffer.withUnsafeBytes { raw in
                guard case .record(let side, let range, _, let next) = KeyRecord.parse(raw, at: 0) else {
                    return XCTFail("length \(length) did not parse")
                }
                XCTAssertEqual(side, .actual)
                XCTAssertEqual(range.count, length)
                XCTAssertEqual(next, buffer.count)
                if length > 0 {
                    // Cut off anywhere inside, the record asks for more bytes, never misreads.
                    let cut = UnsafeRawBufferPointer(rebasing: raw[0..<(buffer.count - 1)])
                    guard case .incomplete(let needed) = KeyRecord.parse(cut, at: 0) else {
                        return XCTFail("length \(length) cut off parsed")
                    }
                    XCTAssertEqual(needed, buffer.count)
                }
            }
        }
    }

    func testBudgetLayoutStaysWithinTheBudget() {
        for budget in [KeyReconciler.minimumMemoryBudgetBytes, 1 << 20, KeyReconciler.defaultMemoryBudgetBytes, 1 << 32] {
            let layout = BucketLayout(memoryBudgetBytes: budget)
            XCTAssertGreaterThanOrEqual(layout.fanout, 2)
            XCTAssertLessThanOrEqual(layout.fanout * layout.writeBufferBytes + layout.readBufferBytes + layout.tableBytes,
                                     budget, "budget \(budget)")
        }
        XCTAssertEqual(BucketLayout(memoryBudgetBytes: KeyReconciler.defaultMemoryBudgetBytes).fanout, 256)
    }

    // MARK: helpers

    private func reconcile(expected: [String], actual: [String], exampleLimit: Int = 10) throws -> KeyReconciliation {
        let reconciler = try KeyReconciler(scratchDirectory: scratch, exampleLimit: exampleLimit)
        for key in expected { try reconciler.addExpected(bytes(key)) }
        for key in actual { try reconciler.addActual(bytes(key)) }
        return untagged(try reconciler.finish())
    }

    /// Keys added without a tag carry tag 0: its counts are the expected and matched keys. The
    /// result without them, to compare with the plain counts the cases write down.
    private func untagged(_ r: KeyReconciliation, file: StaticString = #filePath, line: UInt = #line) -> KeyReconciliation {
        XCTAssertEqual(r.tagCounts[0]?.expected ?? 0, r.expectedKeys, file: file, line: line)
        XCTAssertEqual(r.tagCounts[0]?.matched ?? 0, r.matched, file: file, line: line)
        XCTAssertEqual(Set(r.tagCounts.keys).subtracting([0]), [], file: file, line: line)
        var out = r
        out.tagCounts = [:]
        return out
    }

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    private func contents(of directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }
}

/// The reconciliation computed the plain way: every key in one dictionary, examples by sorting.
private struct Oracle {
    let result: KeyReconciliation

    init(records: [(expected: Bool, key: [UInt8])], exampleLimit: Int) {
        var counts: [[UInt8]: (expected: Int, actual: Int)] = [:]
        for record in records {
            counts[record.key, default: (0, 0)].expected += record.expected ? 1 : 0
            counts[record.key, default: (0, 0)].actual += record.expected ? 0 : 1
        }
        var out = KeyReconciliation()
        var missing: [[UInt8]] = [], unexpected: [[UInt8]] = [], colliding: [[UInt8]] = []
        for (key, count) in counts {
            if count.expected == 1 { out.expectedKeys += 1 }
            if count.expected >= 2 {
                out.collidingKeys += 1
                out.collidingRows += count.expected
                colliding.append(key)
            }
            if count.actual > 0 { out.actualKeys += 1 }
            if count.actual > 1 { out.duplicateActual += 1 }
            if count.expected == 1 && count.actual > 0 { out.matched += 1 }
            if count.expected == 1 && count.actual == 0 { out.missing += 1; missing.append(key) }
            if count.expected != 1 && count.actual > 0 { out.unexpected += 1; unexpected.append(key) }
        }
        func first(_ keys: [[UInt8]]) -> [[UInt8]] {
            Array(keys.sorted { $0.lexicographicallyPrecedes($1) }.prefix(exampleLimit))
        }
        out.missingExamples = first(missing)
        out.unexpectedExamples = first(unexpected)
        out.collidingExamples = first(colliding)
        result = out
    }
}

/// A seedable generator (Swift's system generator cannot be seeded): splitmix64.

/// The first error of the concurrent tasks.
private final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var error: Error?
    func record(_ error: Error) { lock.lock(); defer { lock.unlock() }; if self.error == nil { self.error = error } }
    var first: Error? { lock.lock(); defer { lock.unlock() }; return error }
}

/// Tags (what `validate` counts per GSI and entity) and probes (the sample candidates' classes).
final class KeyReconcilerTagTests: XCTestCase {
    func key(_ s: String) -> [UInt8] { Array(s.utf8) }

    func testTagsAreCountedPerClassAndCollisionsCountNowhere() throws {
        let scratch = FileManager.default.temporaryDirectory
        let r = try KeyReconciler(scratchDirectory: scratch, memoryBudgetBytes: KeyReconciler.minimumMemoryBudgetBytes)
        try r.addExpected(key("a"), tag: 1)
        try r.addExpected(key("b"), tag: 1)
        try r.addExpected(key("c"), tag: 2)
        try r.addExpected(key("d"), tag: 2)     // colliding: two rows
        try r.addExpected(key("d"), tag: 2)
        try r.addActual(key("a"))
        try r.addActual(key("c"))
        try r.addActual(key("z"))
        let out = try r.finish(probing: [key("a"), key("b"), key("d"), key("z"), key("never")])
        XCTAssertEqual(out.tagCounts, [1: .init(expected: 2, matched: 1), 2: .init(expected: 1, matched: 1)])
        XCTAssertEqual(out.expectedKeys(taggedWhere: { $0 & 1 != 0 }), 2)
        XCTAssertEqual(out.matchedKeys(taggedWhere: { $0 == 2 }), 1)
        XCTAssertEqual(out.probe, [key("a"): .matched, key("b"): .missing, key("d"): .colliding, key("z"): .unexpected])
    }

    func testTagsSurviveRepartitioning() throws {
        let r = try KeyReconciler(scratchDirectory: FileManager.default.temporaryDirectory,
                                  memoryBudgetBytes: KeyReconciler.minimumMemoryBudgetBytes)
        for i in 0..<20_000 {
            try r.addExpected(key("USER#\(i)"), tag: UInt32(i % 3))
            if i % 2 == 0 { try r.addActual(key("USER#\(i)")) }
        }
        let out = try r.finish(probing: [key("USER#7"), key("USER#8")])
        XCTAssertGreaterThan(r.statistics.repartitions, 0, "the budget must force the re-partition path")
        for t in UInt32(0)..<3 {
            let expected = (0..<20_000).filter { UInt32($0 % 3) == t }
            XCTAssertEqual(out.tagCounts[t], .init(expected: expected.count, matched: expected.filter { $0 % 2 == 0 }.count))
        }
        XCTAssertEqual(out.probe, [key("USER#7"): .missing, key("USER#8"): .matched])
    }
}
