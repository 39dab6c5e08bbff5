/// One table key that several rows share, with how many rows share it. `key` holds the
/// partition key and, when the table has one, the sort key, as text (B keys in hexadecimal).
public struct PreflightKeyExample: Hashable, Sendable {
    public var key: [String]
    public var rows: Int

    public init(key: [String], rows: Int) { self.key = key; self.rows = rows }
}

/// What `preflight` found in one table's view before anything is written to DynamoDB.
public struct PreflightReport: Hashable, Sendable {
    /// DynamoDB's maximum item size: 400 KB, counted as 400 × 1024 bytes.
    public static let itemSizeLimit = 400 * 1024
    /// How many colliding keys are listed as examples at most.
    public static let maxCollisionExamples = 5

    public var table: String
    public var view: String
    /// Rows in the view: the items the migration would try to write.
    public var rows: Int
    /// Rows whose partition or sort key is NULL or empty: each would be dead-lettered (`missing-key`).
    public var missingKeyRows: Int
    /// Distinct table keys that more than one row has.
    public var collidingKeys: Int
    /// Rows that share their key with another row (the sum of those keys' row counts).
    public var collidingRows: Int
    /// Up to `maxCollisionExamples` colliding keys, the most shared first.
    public var collisionExamples: [PreflightKeyExample]
    /// Largest estimated item size in bytes (see `ItemSizeEstimate` for the rules).
    public var maxItemSizeBytes: Int
    /// Mean estimated item size in bytes; 0 for an empty view.
    public var meanItemSizeBytes: Double
    /// Rows whose estimated item is larger than `itemSizeLimit` (`item-too-large`).
    public var oversizeItems: Int
    /// Per GSI key attribute, rows where it is NULL or empty: those items are left out of the
    /// index (a sparse index). Informational, never blocking.
    public var gsiMissingKeyRows: [String: Int]
    /// Write units one put of every row costs: each item's estimated size rounded up to 1 KB
    /// (a conditional put that fails its condition costs the same).
    public var writeUnits: Int

    public init(table: String, view: String, rows: Int, missingKeyRows: Int, collidingKeys: Int,
                collidingRows: Int, collisionExamples: [PreflightKeyExample], maxItemSizeBytes: Int,
                meanItemSizeBytes: Double, oversizeItems: Int, gsiMissingKeyRows: [String: Int], writeUnits: Int = 0) {
        self.table = table; self.view = view; self.rows = rows; self.missingKeyRows = missingKeyRows
        self.collidingKeys = collidingKeys; self.collidingRows = collidingRows
        self.collisionExamples = collisionExamples; self.maxItemSizeBytes = maxItemSizeBytes
        self.meanItemSizeBytes = meanItemSizeBytes; self.oversizeItems = oversizeItems
        self.gsiMissingKeyRows = gsiMissingKeyRows
        self.writeUnits = writeUnits
    }

    /// True when migrating as is would lose or collide data: rows without a key, rows sharing a
    /// key (one would win, the others be lost), or items DynamoDB would refuse as too large.
    public var isBlocking: Bool { missingKeyRows > 0 || collidingKeys > 0 || oversizeItems > 0 }
}
