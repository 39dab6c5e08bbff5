import AWS

/// What an engine measures for one table (docs/VALIDATE.md, "The validation document"): the
/// local engine builds it in this process, the Glue job `glue/validate_<Table>.py` writes the
/// same document as JSON. Keys and values are DynamoDB JSON. Everything `validate` concludes —
/// accounting, score, verdict — is computed from this by one implementation (`TableVerdict`).
public struct TableMeasurement: Codable, Equatable, Sendable {
    public var table: String
    public var viewRows: Int
    public var excludedRows: ExcludedRows
    public var expectedItems: Int
    public var items: Int
    public var matched: Int
    public var missingKeys: KeyList
    public var unexpectedKeys: KeyList
    public var attributeMismatches: AttributeMismatches
    public var gsis: [GSIMeasurement]
    public var entities: [EntityMeasurement]
    public var sample: SampleInfo

    public init(table: String, viewRows: Int, excludedRows: ExcludedRows, expectedItems: Int, items: Int, matched: Int,
                missingKeys: KeyList, unexpectedKeys: KeyList, attributeMismatches: AttributeMismatches,
                gsis: [GSIMeasurement], entities: [EntityMeasurement], sample: SampleInfo) {
        self.table = table; self.viewRows = viewRows; self.excludedRows = excludedRows; self.expectedItems = expectedItems
        self.items = items; self.matched = matched; self.missingKeys = missingKeys; self.unexpectedKeys = unexpectedKeys
        self.attributeMismatches = attributeMismatches; self.gsis = gsis; self.entities = entities; self.sample = sample
    }

    enum CodingKeys: String, CodingKey {
        case table, viewRows = "view_rows", excludedRows = "excluded_rows", expectedItems = "expected_items", items, matched
        case missingKeys = "missing_keys", unexpectedKeys = "unexpected_keys", attributeMismatches = "attribute_mismatches"
        case gsis, entities, sample
    }
}

/// View rows §5 turns into dead letters (and key collisions), by reason.
public struct ExcludedRows: Codable, Equatable, Sendable {
    public var count: Int
    public var byReason: [String: Int]
    public init(count: Int, byReason: [String: Int]) { self.count = count; self.byReason = byReason }
    enum CodingKeys: String, CodingKey { case count, byReason = "by_reason" }
}

/// A class of keys: how many, and the first few (bytewise order of canonical key bytes).
public struct KeyList: Codable, Equatable, Sendable {
    public var count: Int
    public var examples: [DynamoDBItem]
    public init(count: Int, examples: [DynamoDBItem]) { self.count = count; self.examples = examples }
}

/// One attribute of one item that differs; nil = absent on that side (rendered as JSON null).
public struct AttributeMismatch: Codable, Equatable, Sendable {
    public var key: DynamoDBItem
    public var attribute: String
    public var expected: DynamoDBAttributeValue?
    public var actual: DynamoDBAttributeValue?

    public init(key: DynamoDBItem, attribute: String, expected: DynamoDBAttributeValue?, actual: DynamoDBAttributeValue?) {
        self.key = key; self.attribute = attribute; self.expected = expected; self.actual = actual
    }

    enum CodingKeys: String, CodingKey { case key, attribute, expected, actual }

    // An absent side is an explicit null: the document's schema has the field either way.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        try c.encode(attribute, forKey: .attribute)
        try c.encode(expected, forKey: .expected)
        try c.encode(actual, forKey: .actual)
    }
}

/// `count` items of `compared` sampled ones differ in at least one attribute.
public struct AttributeMismatches: Codable, Equatable, Sendable {
    public var count: Int
    public var compared: Int
    public var examples: [AttributeMismatch]
    public init(count: Int, compared: Int, examples: [AttributeMismatch]) {
        self.count = count; self.compared = compared; self.examples = examples
    }
}

/// One GSI: items that belong in it by the view vs the index's count; sampled Query checks.
public struct GSIMeasurement: Codable, Equatable, Sendable {
    public var index: String
    /// Expected items carrying every key attribute of the index.
    public var expected: Int
    /// Of them, the items present in the table (matched): what the index should count when
    /// missing items are already counted as missing.
    public var present: Int
    /// The index's item count.
    public var actual: Int
    public var queried: Int
    public var queryFailures: Int
    public init(index: String, expected: Int, present: Int, actual: Int, queried: Int, queryFailures: Int) {
        self.index = index; self.expected = expected; self.present = present; self.actual = actual
        self.queried = queried; self.queryFailures = queryFailures
    }
    enum CodingKeys: String, CodingKey { case index, expected, present, actual, queried, queryFailures = "query_failures" }
}

/// One entity of a multi-entity table.
public struct EntityMeasurement: Codable, Equatable, Sendable {
    public var entity: String
    public var expectedItems: Int
    public var matched: Int
    public init(entity: String, expectedItems: Int, matched: Int) {
        self.entity = entity; self.expectedItems = expectedItems; self.matched = matched
    }
    enum CodingKeys: String, CodingKey { case entity, expectedItems = "expected_items", matched }
}

/// How many items were compared attribute by attribute, and whether that was all of them.
public struct SampleInfo: Codable, Equatable, Sendable {
    public var size: Int
    public var full: Bool
    public init(size: Int, full: Bool) { self.size = size; self.full = full }
}
