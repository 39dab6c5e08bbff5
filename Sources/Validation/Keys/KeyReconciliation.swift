/// What the complete key check of one table found (docs/VALIDATE.md, "Keys, complete"): the
/// expected keys (one per view row the contract turns into an item) against the keys a Scan of
/// the table returned. Every count is of *distinct* keys except `collidingRows`.
///
/// Identities that always hold: `expectedKeys = matched + missing`,
/// `actualKeys = matched + unexpected`.
public struct KeyReconciliation: Sendable, Equatable {
    /// Distinct expected keys seen exactly once: the items the job writes.
    public var expectedKeys: Int
    /// Distinct expected keys seen two or more times: a key collision, whose rows the job writes
    /// none of (`key-collision`), so they are neither expected items nor missing.
    public var collidingKeys: Int
    /// The expected rows behind `collidingKeys` (every occurrence, so at least 2 per key).
    public var collidingRows: Int
    /// Distinct actual keys (a key the Scan returned twice counts once here).
    public var actualKeys: Int
    /// Expected exactly once and actual.
    public var matched: Int
    /// Expected exactly once, not actual.
    public var missing: Int
    /// Actual and not expected exactly once: never expected, or the key of a collision (the job
    /// writes no item for a collision, so an item under its key is not the job's).
    public var unexpected: Int
    /// Distinct actual keys the Scan returned more than once. A table cannot hold two items
    /// under one key, so this means the scan itself was broken (overlapping segments, a retried
    /// page): reported so the caller can fail the measurement, never a crash.
    public var duplicateActual: Int
    /// The smallest missing keys in bytewise order, at most the reconciler's `exampleLimit`.
    public var missingExamples: [[UInt8]]
    /// The smallest unexpected keys in bytewise order, at most `exampleLimit`.
    public var unexpectedExamples: [[UInt8]]
    /// The smallest colliding keys in bytewise order, at most `exampleLimit`.
    public var collidingExamples: [[UInt8]]

    /// What happened to a key.
    public enum KeyClass: Sendable, Equatable {
        /// Expected exactly once and in the table.
        case matched
        /// Expected exactly once, not in the table.
        case missing
        /// In the table, not expected exactly once (a colliding key in the table is unexpected).
        case unexpected
        /// Expected twice or more and not in the table.
        case colliding
    }

    /// Per tag given with `addExpected(_:tag:)`: keys expected exactly once, and of them matched.
    public struct TagCount: Sendable, Equatable {
        public var expected = 0
        public var matched = 0
        public init(expected: Int = 0, matched: Int = 0) { self.expected = expected; self.matched = matched }
    }
    public var tagCounts: [UInt32: TagCount] = [:]
    /// The class of each key asked for with `finish(probing:)` that was seen at all.
    public var probe: [[UInt8]: KeyClass] = [:]

    /// Keys expected exactly once whose tag satisfies `test`.
    public func expectedKeys(taggedWhere test: (UInt32) -> Bool) -> Int {
        tagCounts.reduce(0) { $0 + (test($1.key) ? $1.value.expected : 0) }
    }

    /// Matched keys whose tag satisfies `test`.
    public func matchedKeys(taggedWhere test: (UInt32) -> Bool) -> Int {
        tagCounts.reduce(0) { $0 + (test($1.key) ? $1.value.matched : 0) }
    }

    public init(expectedKeys: Int = 0, collidingKeys: Int = 0, collidingRows: Int = 0, actualKeys: Int = 0,
                matched: Int = 0, missing: Int = 0, unexpected: Int = 0, duplicateActual: Int = 0,
                missingExamples: [[UInt8]] = [], unexpectedExamples: [[UInt8]] = [],
                collidingExamples: [[UInt8]] = []) {
        self.expectedKeys = expectedKeys
        self.collidingKeys = collidingKeys
        self.collidingRows = collidingRows
        self.actualKeys = actualKeys
        self.matched = matched
        self.missing = missing
        self.unexpected = unexpected
        self.duplicateActual = duplicateActual
        self.missingExamples = missingExamples
        self.unexpectedExamples = unexpectedExamples
        self.collidingExamples = collidingExamples
    }
}
