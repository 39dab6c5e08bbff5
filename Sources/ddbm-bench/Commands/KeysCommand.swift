import ArgumentParser
import Foundation
import Validation

/// `ddbm-bench keys --count N`: reconciles the N keys of a synthetic table (SyntheticKeys) with
/// `validate`'s KeyReconciler, checks that exactly the planted discrepancies are found, and
/// prints the run (JSON, for `keys-figure`) with the process's peak memory. One key count per
/// process, so the peaks of two counts do not mix. Exit 1 when the result is not the planted one.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Reconcile N synthetic keys; print the result, its time and peak memory (JSON).")

    @Option(help: "Keys of the synthetic table.") var count: Int
    @Option(help: "Plant a missing key (expected, not in the table) every K keys (0: none).") var missingEvery: Int = 1000
    @Option(help: "Plant an unexpected key (in the table, not expected) every K keys (0: none).") var unexpectedEvery: Int = 1000
    @Option(help: "Plant a key collision (expected twice, not in the table) every K keys (0: none).") var collidingEvery: Int = 10_000
    @Option(help: "Actual keys per addActual(contentsOf:) call, as a Scan page delivers them.") var page: Int = 1000
    @Option(help: "The reconciler's memory budget in bytes (default: validate's).")
    var memoryBudget: Int = KeyReconciler.defaultMemoryBudgetBytes
    @Option(help: "Directory for the reconciler's scratch files.") var scratch: String = NSTemporaryDirectory()

    func validate() throws {
        guard (1...1_000_000_000).contains(count) else { throw ValidationError("--count must be between 1 and 1000000000") }
        for (name, value) in [("--missing-every", missingEvery), ("--unexpected-every", unexpectedEvery),
                              ("--colliding-every", collidingEvery)] where value < 0 {
            throw ValidationError("\(name) must be at least 0")
        }
        guard page >= 1 else { throw ValidationError("--page must be at least 1") }
        guard memoryBudget >= KeyReconciler.minimumMemoryBudgetBytes else {
            throw ValidationError("--memory-budget must be at least \(KeyReconciler.minimumMemoryBudgetBytes)")
        }
    }

    func run() throws {
        let keys = SyntheticKeys(count: count, missingEvery: missingEvery, unexpectedEvery: unexpectedEvery,
                                 collidingEvery: collidingEvery)
        let planted = keys.planted
        let startRSS = PeakMemory.residentBytes()
        let examples = 10
        var result = KeyReconciliation()
        do {
            let reconciler = try KeyReconciler(scratchDirectory: URL(fileURLWithPath: scratch), exampleLimit: examples,
                                               memoryBudgetBytes: memoryBudget)
            let seconds = try Timing.seconds {
                // The view's rows arrive one at a time in key order; the Scan's in pages, in
                // its own order. Both streams are fed side by side, as validate's tasks run.
                var scanPage: [[UInt8]] = []
                scanPage.reserveCapacity(page)
                for index in 0..<count {
                    switch keys.kind(of: index) {
                    case .colliding:
                        try reconciler.addExpected(SyntheticKeys.userKey(index))
                        try reconciler.addExpected(SyntheticKeys.userKey(index))
                    case .missing, .matched:
                        try reconciler.addExpected(SyntheticKeys.userKey(index))
                    }
                    let scanned = keys.scanOrder(index)
                    if keys.kind(of: scanned) == .matched { scanPage.append(SyntheticKeys.userKey(scanned)) }
                    if keys.isUnexpected(scanned) { scanPage.append(SyntheticKeys.ghostKey(scanned)) }
                    if scanPage.count >= page {
                        try reconciler.addActual(contentsOf: scanPage)
                        scanPage.removeAll(keepingCapacity: true)
                    }
                }
                try reconciler.addActual(contentsOf: scanPage)
                result = try reconciler.finish()
            }
            let statistics = reconciler.statistics
            let found = SyntheticKeys.Planted(
                expectedKeys: result.expectedKeys, collidingKeys: result.collidingKeys, collidingRows: result.collidingRows,
                actualKeys: result.actualKeys, matched: result.matched, missing: result.missing,
                unexpected: result.unexpected, duplicateActual: result.duplicateActual)
            try check(result, found: found, planted: planted, keys: keys, examples: examples)
            let measurement = KeyMeasurement(
                keys: count, seconds: seconds, peakRSSBytes: PeakMemory.residentBytes(), startRSSBytes: startRSS,
                memoryBudgetBytes: memoryBudget, fanout: statistics.fanout, bucketsProcessed: statistics.bucketsProcessed,
                repartitions: statistics.repartitions, deepestLevel: statistics.deepestLevel,
                largestTable: statistics.largestTable, scratchBytes: statistics.bytesWritten, found: found,
                missingExamples: result.missingExamples.map(Self.text), unexpectedExamples: result.unexpectedExamples.map(Self.text),
                collidingExamples: result.collidingExamples.map(Self.text))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(measurement), as: UTF8.self))
        } catch let error as KeyReconcilerError {
            throw BenchExit.failure(error.description)
        } catch let failure as BenchFailure {
            throw BenchExit.failure(failure.description)
        }
    }

    private static func text(_ key: [UInt8]) -> String { String(decoding: key, as: UTF8.self) }

    /// The counts must be the planted ones, and every example a key of its kind, in strictly
    /// ascending bytewise order, as many as there are (up to the limit).
    private func check(_ result: KeyReconciliation, found: SyntheticKeys.Planted, planted: SyntheticKeys.Planted,
                       keys: SyntheticKeys, examples: Int) throws {
        guard found == planted else {
            throw BenchFailure("keys: \(count) keys reconciled to \(found), planted \(planted)")
        }
        func checkList(_ name: String, _ list: [[UInt8]], total: Int, belongs: ([UInt8]) -> Bool) throws {
            guard list.count == min(examples, total) else {
                throw BenchFailure("keys: \(list.count) \(name) examples of \(total), limit \(examples)")
            }
            for (index, key) in list.enumerated() {
                guard belongs(key) else {
                    throw BenchFailure("keys: \(name) example \(String(decoding: key, as: UTF8.self)) was not planted as \(name)")
                }
                if index > 0 && !list[index - 1].lexicographicallyPrecedes(key) {
                    throw BenchFailure("keys: \(name) examples are not in ascending bytewise order")
                }
            }
        }
        try checkList("missing", result.missingExamples, total: planted.missing) { key in
            SyntheticKeys.index(of: key, prefix: "USER#").map { keys.kind(of: $0) == .missing } ?? false
        }
        try checkList("unexpected", result.unexpectedExamples, total: planted.unexpected) { key in
            SyntheticKeys.index(of: key, prefix: "GHOST#").map(keys.isUnexpected) ?? false
        }
        try checkList("colliding", result.collidingExamples, total: planted.collidingKeys) { key in
            SyntheticKeys.index(of: key, prefix: "USER#").map { keys.kind(of: $0) == .colliding } ?? false
        }
    }
}
