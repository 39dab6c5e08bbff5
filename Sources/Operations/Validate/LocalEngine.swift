import AWS
import Foundation
import MySQL
import Validation

/// `validate --on local`: measures one table in this process (docs/VALIDATE.md, "What is
/// measured"). The view is read once, streaming, exactly as the job reads it (its sources, the
/// session in UTC as the job's `sessionInitStatement` sets it); the table is scanned once for its
/// keys in parallel segments; keys are reconciled on disk; only the sample, the example lists
/// and counters are ever held in memory.
struct LocalEngine {
    let mysql: MySQLConnection
    let dynamoDB: DynamoDBClient
    let options: ValidationOptions
    /// Called with (table, keys scanned, items expected or nil) while the table is scanned.
    var progress: (@Sendable (String, Int, Int?) -> Void)?

    func measure(table: ValidatedTable) async throws -> TableMeasurement {
        do {
            let reconciler = try KeyReconciler(scratchDirectory: options.scratchDirectory, exampleLimit: options.examples)
            let view = try readView(table, into: reconciler)
            let items = try await scanKeys(table, into: reconciler)
            let gsiActual = try await countIndexes(table)
            let candidates = view.candidates.ordered()
            let reconciliation = try reconciler.finish(probing: candidates.map(\.key))
            return try await conclude(table, view: view, candidates: candidates, items: items, gsiActual: gsiActual,
                                      reconciliation: reconciliation)
        } catch let e as KeyReconcilerError {
            throw Validator.Failure(description: "reconciling the keys of \(table.name) in \(options.scratchDirectory.path): \(e)", unreachable: false)
        }
    }

    // MARK: The view

    /// What one pass over the view leaves behind.
    struct ViewPass {
        var rows = 0
        var excluded: [String: Int] = [:]
        var candidates: SampleCandidates
    }

    private func readView(_ t: ValidatedTable, into reconciler: KeyReconciler) throws -> ViewPass {
        var pass = ViewPass(candidates: SampleCandidates(capacity: t.candidateCapacity(options.sample), seed: options.seed))
        do {
            let reader = try JobSourceReader(mysql: mysql)
            for source in t.shape.sources {
                try reader.forEachRow(t.shape, source) { row in
                    pass.rows += 1
                    switch expectedOutcome(row: row, shape: t.shape) {
                    case let .deadLetter(reason, _):
                        pass.excluded[reason, default: 0] += 1
                    case let .item(item, _):
                        let key = try t.keyBytes(item)
                        // The tag: GSI membership in the low bits, the entity in the top byte, so
                        // the reconciler counts both over the keys expected exactly once.
                        var tag: UInt32 = 0
                        for (i, index) in t.indexes.enumerated() where index.keyNames.allSatisfy({ item[$0] != nil }) {
                            tag |= 1 << UInt32(i)
                        }
                        let entity = source.entity ?? row[t.shape.entityColumn ?? ""]?.text
                        try reconciler.addExpected(key, tag: tag | (UInt32(t.entityIndex(entity)) << 24))
                        pass.candidates.offer(key: key, item: item)
                    }
                }
            }
        } catch let e as MySQLError {
            throw Validator.Failure(description: "reading the views of \(t.name): \(e)", unreachable: e.isUnreachable)
        }
        return pass
    }

    // MARK: The table

    /// Every key of the table, by parallel segmented scan projecting only the key attributes;
    /// returns the number of items scanned (the table's item count).
    private func scanKeys(_ t: ValidatedTable, into reconciler: KeyReconciler) async throws -> Int {
        let segments = segmentCount(t)
        let keyNames = t.shape.keyNames
        let report = progress
        let counter = ScanCounter()
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for segment in 0..<segments {
                    group.addTask {
                        let request = DynamoDBClient.ScanRequest(table: t.name, segment: segment, totalSegments: segments, attributes: keyNames)
                        try await dynamoDB.scanPages(request) { page in
                            try reconciler.addActual(contentsOf: (page.Items ?? []).map(t.keyBytes))
                            let done = counter.add(page.Items?.count ?? 0)
                            report?(t.name, done, t.itemEstimate)
                            return true
                        }
                    }
                }
                try await group.waitForAll()
            }
        } catch let e as AWSError {
            throw Validator.Failure(description: "scanning \(t.name): \(e)", unreachable: false)
        } catch let e as AWSClientError {
            throw Validator.Failure(description: "scanning \(t.name): \(e)", unreachable: true)
        }
        return counter.value
    }

    /// Segments for a parallel scan: the option, else one per ~100,000 items of DescribeTable's
    /// (approximate) count, 1 to 32 (DynamoDB Developer Guide, "Parallel scan": choose segments by
    /// table size).
    func segmentCount(_ t: ValidatedTable) -> Int {
        if let s = options.segments { return s }
        return max(1, min(32, ((t.itemEstimate ?? 0) + 99_999) / 100_000))
    }

    /// Each GSI's item count (`Scan` on the index, `Select=COUNT`).
    private func countIndexes(_ t: ValidatedTable) async throws -> [Int] {
        var counts: [Int] = []
        for index in t.indexes {
            var n = 0
            do {
                try await dynamoDB.scanPages(DynamoDBClient.ScanRequest(table: t.name, index: index.name, countOnly: true)) { page in
                    n += page.Count ?? 0
                    return true
                }
            } catch let e as AWSError {
                throw Validator.Failure(description: "counting index \(index.name) of \(t.name): \(e)", unreachable: false)
            }
            counts.append(n)
        }
        return counts
    }

    // MARK: Conclusions

    private func conclude(_ t: ValidatedTable, view: ViewPass, candidates ordered: [SampleCandidates.Candidate], items: Int,
                          gsiActual: [Int], reconciliation r: KeyReconciliation) async throws -> TableMeasurement {
        if r.duplicateActual > 0 {
            // A table holds one item per key: the scan itself returned some twice (overlapping
            // segments, a page replayed), so no count of this measurement could be trusted.
            throw Validator.Failure(description: "the scan of \(t.name) returned \(r.duplicateActual) keys more than once: scan again", unreachable: true)
        }
        var excluded = view.excluded
        if r.collidingRows > 0 { excluded["key-collision", default: 0] += r.collidingRows }
        let expected = view.rows - excluded.values.reduce(0, +)

        // The sample: candidates in hash order, not colliding, present in the table.
        let wanted = options.sample.size(expected: expected)
        var candidates = ordered
        if let n = wanted { candidates = Array(candidates.prefix(2 * n)) }
        let sample = candidates.filter { r.probe[$0.key] == .matched }.prefix(wanted ?? Int.max)
        let (mismatchCount, mismatches, actualItems) = try await compare(t, sample: Array(sample))
        let gsis = try await queryIndexes(t, sample: Array(sample), actual: actualItems, gsiActual: gsiActual, tagCounts: r)

        var entities: [EntityMeasurement] = []
        if t.shape.entityColumn != nil {
            for (i, name) in t.entityNames.enumerated() {
                entities.append(EntityMeasurement(entity: name,
                                                  expectedItems: r.expectedKeys(taggedWhere: { $0 >> 24 == UInt32(i) }),
                                                  matched: r.matchedKeys(taggedWhere: { $0 >> 24 == UInt32(i) })))
            }
        }
        return TableMeasurement(
            table: t.name, viewRows: view.rows, excludedRows: ExcludedRows(count: view.rows - expected, byReason: excluded),
            expectedItems: expected, items: items, matched: r.matched,
            missingKeys: KeyList(count: r.missing, examples: r.missingExamples.map { t.keyItem($0) }),
            unexpectedKeys: KeyList(count: r.unexpected, examples: r.unexpectedExamples.map { t.keyItem($0) }),
            attributeMismatches: AttributeMismatches(count: mismatchCount, compared: sample.count, examples: mismatches),
            gsis: gsis, entities: entities,
            sample: SampleInfo(size: min(wanted ?? r.matched, r.matched), full: sample.count == r.matched))
    }

    /// Reads the sample back (BatchGetItem, consistent, up to 8 batches of 100 at a time) and
    /// compares each item with its expected item.
    private func compare(_ t: ValidatedTable, sample: [SampleCandidates.Candidate]) async throws
        -> (Int, [AttributeMismatch], [[UInt8]: DynamoDBItem]) {
        var actual: [[UInt8]: DynamoDBItem] = [:]
        let batches = stride(from: 0, to: sample.count, by: 100).map { Array(sample[$0..<min($0 + 100, sample.count)]) }
        do {
            for wave in stride(from: 0, to: batches.count, by: 8) {
                let found = try await withThrowingTaskGroup(of: [DynamoDBItem].self) { group in
                    for batch in batches[wave..<min(wave + 8, batches.count)] {
                        group.addTask {
                            try await dynamoDB.batchGetItem(table: t.name, keys: batch.map { t.keyItem($0.key) })
                        }
                    }
                    return try await group.reduce(into: [DynamoDBItem]()) { $0 += $1 }
                }
                for item in found { actual[try t.keyBytes(item)] = item }
            }
        } catch let e as AWSError {
            throw Validator.Failure(description: "reading back the sample of \(t.name): \(e)", unreachable: false)
        }
        var count = 0
        var examples: [AttributeMismatch] = []
        for candidate in sample.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            // A key the scan saw but BatchGetItem did not: deleted since; every attribute differs.
            let got = actual[candidate.key] ?? [:]
            let differences = Validation.differences(expected: candidate.item, actual: got)
            guard !differences.isEmpty else { continue }
            count += 1
            for d in differences where examples.count < options.examples {
                examples.append(AttributeMismatch(key: t.keyItem(candidate.key), attribute: d.attribute,
                                                  expected: d.expected.map(MeasurementValue.normalized),
                                                  actual: d.actual.map(MeasurementValue.normalized)))
            }
        }
        return (count, examples, actual)
    }

    /// Per GSI: the expected count (unique-key items carrying its keys), the index's count, and
    /// for each sampled item in the index a Query on its GSI key that must return the item.
    private func queryIndexes(_ t: ValidatedTable, sample: [SampleCandidates.Candidate], actual: [[UInt8]: DynamoDBItem],
                              gsiActual: [Int], tagCounts r: KeyReconciliation) async throws -> [GSIMeasurement] {
        var out: [GSIMeasurement] = []
        for (i, index) in t.indexes.enumerated() {
            var queried = 0, failures = 0
            for candidate in sample {
                let values = index.keyNames.compactMap { name in candidate.item[name].map { (name: name, value: $0) } }
                guard values.count == index.keyNames.count else { continue }
                queried += 1
                if try await !indexReturns(t, index: index.name, values: values, key: candidate.key) { failures += 1 }
            }
            let bit = UInt32(1) << UInt32(i)
            out.append(GSIMeasurement(index: index.name, expected: r.expectedKeys(taggedWhere: { $0 & bit != 0 }),
                                      present: r.matchedKeys(taggedWhere: { $0 & bit != 0 }), actual: gsiActual[i],
                                      queried: queried, queryFailures: failures))
        }
        return out
    }

    private func indexReturns(_ t: ValidatedTable, index: String, values: [(name: String, value: DynamoDBAttributeValue)],
                              key: [UInt8]) async throws -> Bool {
        var start: DynamoDBItem?
        do {
            for _ in 0..<1_000 {
                let page = try await dynamoDB.queryPage(table: t.name, index: index, equal: values, attributes: t.shape.keyNames,
                                                        exclusiveStartKey: start)
                if try (page.Items ?? []).contains(where: { try t.keyBytes($0) == key }) { return true }
                guard let next = page.LastEvaluatedKey, !next.isEmpty else { return false }
                start = next
            }
        } catch let e as AWSError {
            throw Validator.Failure(description: "querying index \(index) of \(t.name): \(e)", unreachable: false)
        }
        return false
    }
}

/// Items scanned so far across segment tasks.
final class ScanCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ n: Int) -> Int { lock.lock(); defer { lock.unlock() }; count += n; return count }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
