/// The running result: counters and example heaps, fed once per distinct key with how often
/// each stream had it. This is the one place the classification rules of
/// `KeyReconciliation` are applied.
struct KeyTally {
    private var result = KeyReconciliation()
    private var missing: SmallestKeys
    private var unexpected: SmallestKeys
    private var colliding: SmallestKeys

    init(exampleLimit: Int) {
        missing = SmallestKeys(limit: exampleLimit)
        unexpected = SmallestKeys(limit: exampleLimit)
        colliding = SmallestKeys(limit: exampleLimit)
    }

    /// Classifies one distinct key and returns its class.
    @discardableResult
    mutating func classify(_ key: [UInt8], expected: Int, actual: Int, tag: UInt32 = 0) -> KeyReconciliation.KeyClass {
        let kind: KeyReconciliation.KeyClass
        if expected >= 2 {
            result.collidingKeys += 1
            result.collidingRows += expected
            colliding.offer(key)
        } else if expected == 1 {
            result.expectedKeys += 1
        }
        if actual >= 1 {
            result.actualKeys += 1
            if actual >= 2 { result.duplicateActual += 1 }
        }
        if expected == 1 { result.tagCounts[tag, default: .init()].expected += 1 }
        switch (expected == 1, actual >= 1) {
        case (true, true):
            result.matched += 1
            result.tagCounts[tag, default: .init()].matched += 1
            kind = .matched
        case (true, false):
            result.missing += 1
            missing.offer(key)
            kind = .missing
        case (false, true):
            result.unexpected += 1
            unexpected.offer(key)
            kind = .unexpected
        case (false, false): kind = .colliding
        }
        return kind
    }

    mutating func record(probe key: [UInt8], _ kind: KeyReconciliation.KeyClass) {
        result.probe[key] = kind
    }

    var reconciliation: KeyReconciliation {
        var out = result
        out.missingExamples = missing.sorted
        out.unexpectedExamples = unexpected.sorted
        out.collidingExamples = colliding.sorted
        return out
    }
}
