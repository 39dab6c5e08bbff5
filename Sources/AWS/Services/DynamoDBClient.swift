import Foundation

/// DynamoDB (JSON 1.0): table checks before a migration, conditional writes and scans for validation.
public struct DynamoDBClient: Sendable {
    public let client: AWSClient
    public init(client: AWSClient) { self.client = client }

    public struct KeySchemaElement: Codable, Sendable, Equatable {
        public var AttributeName: String
        public var KeyType: String
        public init(AttributeName: String, KeyType: String) { self.AttributeName = AttributeName; self.KeyType = KeyType }
    }

    public struct AttributeDefinition: Codable, Sendable, Equatable {
        public var AttributeName: String
        public var AttributeType: String
        public init(AttributeName: String, AttributeType: String) { self.AttributeName = AttributeName; self.AttributeType = AttributeType }
    }

    public struct Projection: Codable, Sendable, Equatable {
        public var ProjectionType: String?
        public var NonKeyAttributes: [String]?
        public init(ProjectionType: String?, NonKeyAttributes: [String]? = nil) {
            self.ProjectionType = ProjectionType
            self.NonKeyAttributes = NonKeyAttributes
        }
    }

    public struct GlobalSecondaryIndex: Codable, Sendable, Equatable {
        public var IndexName: String
        public var KeySchema: [KeySchemaElement]
        public var Projection: Projection
        public init(IndexName: String, KeySchema: [KeySchemaElement], Projection: Projection) {
            self.IndexName = IndexName
            self.KeySchema = KeySchema
            self.Projection = Projection
        }
    }

    public struct GlobalSecondaryIndexDescription: Codable, Sendable, Equatable {
        public var IndexName: String?
        public var KeySchema: [KeySchemaElement]?
        public var Projection: Projection?
        public var IndexStatus: String?
    }

    public struct BillingModeSummary: Codable, Sendable, Equatable { public var BillingMode: String? }

    public struct TableDescription: Codable, Sendable, Equatable {
        public var TableName: String?
        public var TableStatus: String?
        public var TableArn: String?
        public var KeySchema: [KeySchemaElement]?
        public var AttributeDefinitions: [AttributeDefinition]?
        public var GlobalSecondaryIndexes: [GlobalSecondaryIndexDescription]?
        public var ItemCount: Int?
        public var TableSizeBytes: Int?
        public var BillingModeSummary: BillingModeSummary?
    }

    public struct ContinuousBackupsDescription: Codable, Sendable, Equatable {
        public struct PointInTimeRecoveryDescription: Codable, Sendable, Equatable { public var PointInTimeRecoveryStatus: String? }
        public var ContinuousBackupsStatus: String?
        public var PointInTimeRecoveryDescription: PointInTimeRecoveryDescription?
    }

    public struct ScanPage: Decodable, Sendable {
        public var Items: [DynamoDBItem]?
        public var LastEvaluatedKey: DynamoDBItem?
        public var Count: Int?
        public var ScannedCount: Int?
    }

    struct TableNameInput: Encodable { var TableName: String }
    struct DescribeTableOutput: Decodable { var Table: TableDescription? }
    struct CreateTableOutput: Decodable { var TableDescription: TableDescription? }
    struct ContinuousBackupsOutput: Decodable { var ContinuousBackupsDescription: ContinuousBackupsDescription? }
    struct CreateTableInput: Encodable {
        var TableName: String
        var AttributeDefinitions: [AttributeDefinition]
        var KeySchema: [KeySchemaElement]
        var BillingMode: String
        var GlobalSecondaryIndexes: [GlobalSecondaryIndex]?
    }
    struct PutItemInput: Encodable {
        var TableName: String
        var Item: DynamoDBItem
        var ConditionExpression: String?
        var ExpressionAttributeNames: [String: String]?
        var ExpressionAttributeValues: DynamoDBItem?
    }
    struct ConditionalPutInput: Encodable {
        var TableName: String
        var Item: DynamoDBItem
        var ConditionExpression: String?
        var ExpressionAttributeNames: [String: String]?
        var ExpressionAttributeValues: DynamoDBItem?
        var ReturnConsumedCapacity: String
    }
    struct PutItemOutput: Decodable {
        struct Consumed: Decodable { var CapacityUnits: Double? }
        var ConsumedCapacity: Consumed?
    }
    struct Empty: Decodable {}
    struct GetItemInput: Encodable { var TableName: String; var Key: DynamoDBItem; var ConsistentRead: Bool }
    struct GetItemOutput: Decodable { var Item: DynamoDBItem? }
    struct ScanInput: Encodable {
        var TableName: String
        var IndexName: String?
        var ExclusiveStartKey: DynamoDBItem?
        var Limit: Int?
        var ConsistentRead: Bool?
        var Segment: Int?
        var TotalSegments: Int?
        var Select: String?
        var ProjectionExpression: String?
        var ExpressionAttributeNames: [String: String]?
    }
    struct KeysAndAttributes: Codable {
        var Keys: [DynamoDBItem]
        var ConsistentRead: Bool?
        var ProjectionExpression: String?
        var ExpressionAttributeNames: [String: String]?
    }
    struct BatchGetItemInput: Encodable { var RequestItems: [String: KeysAndAttributes] }
    struct BatchGetItemOutput: Decodable {
        var Responses: [String: [DynamoDBItem]]?
        var UnprocessedKeys: [String: KeysAndAttributes]?
    }
    struct QueryInput: Encodable {
        var TableName: String
        var IndexName: String?
        var KeyConditionExpression: String
        var ExpressionAttributeNames: [String: String]
        var ExpressionAttributeValues: DynamoDBItem
        var ProjectionExpression: String?
        var ExclusiveStartKey: DynamoDBItem?
        var Limit: Int?
    }

    /// One segment of a parallel scan (`Segment`/`TotalSegments`, DynamoDB Developer Guide,
    /// "Parallel scan"), of the table or of one of its indexes (`index`).
    public struct ScanRequest: Sendable {
        public var table: String
        public var index: String?
        public var segment: Int?
        public var totalSegments: Int?
        /// Only count (`Select=COUNT`): pages carry `Count`, no items.
        public var countOnly = false
        /// Only these attributes (`ProjectionExpression` through `ExpressionAttributeNames`, so
        /// no attribute name is ever pasted into expression text).
        public var attributes: [String]?
        public var consistentRead: Bool?
        public var limit: Int?
        public init(table: String, index: String? = nil, segment: Int? = nil, totalSegments: Int? = nil,
                    countOnly: Bool = false, attributes: [String]? = nil, consistentRead: Bool? = nil, limit: Int? = nil) {
            self.table = table; self.index = index; self.segment = segment; self.totalSegments = totalSegments
            self.countOnly = countOnly; self.attributes = attributes; self.consistentRead = consistentRead; self.limit = limit
        }
    }

    /// A `ProjectionExpression` naming `attributes` as `#a0, #a1, ...`, and its names.
    static func projection(_ attributes: [String]?) -> (String?, [String: String]?) {
        guard let attributes, !attributes.isEmpty else { return (nil, nil) }
        let names = attributes.indices.map { "#a\($0)" }
        return (names.joined(separator: ", "), Dictionary(uniqueKeysWithValues: zip(names, attributes)))
    }

    public func describeTable(_ name: String) async throws -> TableDescription {
        guard let table = try await client.jsonCall(.dynamoDB, "DescribeTable", TableNameInput(TableName: name), as: DescribeTableOutput.self).Table else {
            throw AWSClientError("DynamoDB.DescribeTable: answer lacks Table")
        }
        return table
    }

    public func describeContinuousBackups(_ name: String) async throws -> ContinuousBackupsDescription {
        guard let description = try await client.jsonCall(.dynamoDB, "DescribeContinuousBackups", TableNameInput(TableName: name),
                                                          as: ContinuousBackupsOutput.self).ContinuousBackupsDescription else {
            throw AWSClientError("DynamoDB.DescribeContinuousBackups: answer lacks ContinuousBackupsDescription")
        }
        return description
    }

    /// CreateTable with on-demand billing (tests and local runs).
    @discardableResult
    public func createTable(name: String, attributeDefinitions: [AttributeDefinition], keySchema: [KeySchemaElement],
                            globalSecondaryIndexes: [GlobalSecondaryIndex]? = nil) async throws -> TableDescription? {
        try await client.jsonCall(.dynamoDB, "CreateTable",
                                  CreateTableInput(TableName: name, AttributeDefinitions: attributeDefinitions, KeySchema: keySchema,
                                                   BillingMode: "PAY_PER_REQUEST", GlobalSecondaryIndexes: globalSecondaryIndexes),
                                  as: CreateTableOutput.self).TableDescription
    }

    /// PutItem; a failed condition throws `AWSError` with code `ConditionalCheckFailedException`.
    public func putItem(table: String, item: DynamoDBItem, conditionExpression: String? = nil,
                        expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: DynamoDBItem? = nil) async throws {
        _ = try await client.jsonCall(.dynamoDB, "PutItem",
                                      PutItemInput(TableName: table, Item: item, ConditionExpression: conditionExpression,
                                                   ExpressionAttributeNames: expressionAttributeNames, ExpressionAttributeValues: expressionAttributeValues),
                                      as: Empty.self)
    }

    /// Why a conditional put did not write, classified as the Glue job classifies it
    /// (`ddbm_core.put_with_retries`): the condition held the item back, DynamoDB throttled the
    /// request, a transient failure (5xx, connection), or a final refusal (ValidationException
    /// for an item too large or malformed, access denied, no such table, ...).
    public enum PutItemFailure: Error, CustomStringConvertible {
        /// ConditionalCheckFailedException: the item exists (if-absent) or is not older (if-newer).
        case conditionFailed
        /// ProvisionedThroughputExceededException, ThrottlingException, RequestLimitExceeded & co.
        case throttled(String)
        /// A 5xx answer or no answer at all: worth trying again.
        case transient(String)
        /// Any other answer: trying again gives the same answer.
        case rejected(String)

        public var description: String {
            switch self {
            case .conditionFailed: return "ConditionalCheckFailedException"
            case let .throttled(d), let .transient(d), let .rejected(d): return d
            }
        }

        /// `ddbm_core.THROTTLING_CODES` (botocore's throttling codes for DynamoDB).
        static let throttlingCodes: Set<String> = ["ProvisionedThroughputExceededException", "ThrottlingException",
                                                   "RequestLimitExceeded", "Throttling", "TooManyRequestsException"]
        /// `ddbm_core.SERVER_ERROR_CODES`.
        static let serverCodes: Set<String> = ["InternalServerError", "InternalFailure", "ServiceUnavailable"]

        /// The job's `error_code`/`is_retryable` classification of one failed request.
        public static func classify(_ error: Error) -> PutItemFailure? {
            switch error {
            case let e as AWSError:
                let text = "\(e.code): \(e.message)"
                if e.code == "ConditionalCheckFailedException" { return .conditionFailed }
                if throttlingCodes.contains(e.code) { return .throttled(text) }
                if serverCodes.contains(e.code) || e.statusCode >= 500 { return .transient(text) }
                return .rejected(text)
            case let e as AWSTransportError:
                return .transient(e.description)
            default:
                return nil
            }
        }
    }

    /// One `PutItem` with a condition and `ReturnConsumedCapacity: TOTAL` (DynamoDB API
    /// Reference, PutItem): returns the capacity units DynamoDB reports it consumed (nil when it
    /// reports none). A failure is thrown as `PutItemFailure`; the client's own retry policy
    /// still applies, so a caller that counts its retries gives this client `maxAttempts: 1`.
    public func conditionalPut(table: String, item: DynamoDBItem, conditionExpression: String?,
                               expressionAttributeNames: [String: String]?, expressionAttributeValues: DynamoDBItem?) async throws -> Double? {
        do {
            return try await client.jsonCall(.dynamoDB, "PutItem",
                                             ConditionalPutInput(TableName: table, Item: item, ConditionExpression: conditionExpression,
                                                                 ExpressionAttributeNames: expressionAttributeNames,
                                                                 ExpressionAttributeValues: expressionAttributeValues,
                                                                 ReturnConsumedCapacity: "TOTAL"),
                                             as: PutItemOutput.self).ConsumedCapacity?.CapacityUnits
        } catch {
            guard let failure = PutItemFailure.classify(error) else { throw error }
            throw failure
        }
    }

    public func getItem(table: String, key: DynamoDBItem, consistentRead: Bool = true) async throws -> DynamoDBItem? {
        try await client.jsonCall(.dynamoDB, "GetItem", GetItemInput(TableName: table, Key: key, ConsistentRead: consistentRead),
                                  as: GetItemOutput.self).Item
    }

    /// One page of Scan.
    public func scan(table: String, exclusiveStartKey: DynamoDBItem? = nil, limit: Int? = nil, consistentRead: Bool? = nil) async throws -> ScanPage {
        try await scan(ScanRequest(table: table, consistentRead: consistentRead, limit: limit), exclusiveStartKey: exclusiveStartKey)
    }

    /// One page of a (segmented, projected or counting) scan.
    public func scan(_ request: ScanRequest, exclusiveStartKey: DynamoDBItem? = nil) async throws -> ScanPage {
        let (projection, names) = Self.projection(request.attributes)
        return try await client.jsonCall(.dynamoDB, "Scan", ScanInput(
            TableName: request.table, IndexName: request.index, ExclusiveStartKey: exclusiveStartKey, Limit: request.limit,
            ConsistentRead: request.consistentRead, Segment: request.segment, TotalSegments: request.totalSegments,
            Select: request.countOnly ? "COUNT" : nil, ProjectionExpression: projection, ExpressionAttributeNames: names), as: ScanPage.self)
    }

    /// Every page of one scan request, in order, handed to `body` (which may stop by returning
    /// false); bounded by `maxPages` so a server that never ends a scan cannot loop us forever.
    public func scanPages(_ request: ScanRequest, maxPages: Int = 10_000_000,
                          _ body: (ScanPage) async throws -> Bool) async throws {
        var start: DynamoDBItem?
        for _ in 0..<maxPages {
            let page = try await scan(request, exclusiveStartKey: start)
            guard try await body(page) else { return }
            guard let next = page.LastEvaluatedKey, !next.isEmpty else { return }
            start = next
        }
        throw AWSClientError("DynamoDB.Scan: more than \(maxPages) pages in \(request.table)")
    }

    /// The items of `keys` (at most 100 per call, DynamoDB's BatchGetItem limit), read
    /// consistently; keys DynamoDB leaves unprocessed (throttling, the 16 MB answer limit) are
    /// asked for again with exponential backoff, so the answer is complete or this throws.
    /// Keys without an item are simply absent from the answer.
    public func batchGetItem(table: String, keys: [DynamoDBItem], consistentRead: Bool = true,
                             maxRounds: Int = 12) async throws -> [DynamoDBItem] {
        precondition(keys.count <= 100, "BatchGetItem takes at most 100 keys")
        var pending = keys
        var found: [DynamoDBItem] = []
        var round = 0
        while !pending.isEmpty {
            if round > 0 {
                if round >= maxRounds {
                    throw AWSClientError("DynamoDB.BatchGetItem: \(pending.count) keys of \(table) still unprocessed after \(maxRounds) rounds")
                }
                try await Task.sleep(nanoseconds: UInt64(min(2.0, 0.05 * Double(1 << min(round, 6))) * 1e9))
            }
            let out = try await client.jsonCall(.dynamoDB, "BatchGetItem", BatchGetItemInput(RequestItems: [
                table: KeysAndAttributes(Keys: pending, ConsistentRead: consistentRead)]), as: BatchGetItemOutput.self)
            found += out.Responses?[table] ?? []
            pending = out.UnprocessedKeys?[table]?.Keys ?? []
            round += 1
        }
        return found
    }

    /// One page of `Query` with the equality condition `values` on the given key attributes
    /// (the partition key, and the sort key when given), of the table or of an index.
    public func queryPage(table: String, index: String? = nil, equal values: [(name: String, value: DynamoDBAttributeValue)],
                          attributes: [String]? = nil, exclusiveStartKey: DynamoDBItem? = nil, limit: Int? = nil) async throws -> ScanPage {
        var names: [String: String] = [:], vals: DynamoDBItem = [:], terms: [String] = []
        for (i, v) in values.enumerated() {
            names["#k\(i)"] = v.name
            vals[":k\(i)"] = v.value
            terms.append("#k\(i) = :k\(i)")
        }
        let (projection, projectedNames) = Self.projection(attributes)
        names.merge(projectedNames ?? [:]) { a, _ in a }
        return try await client.jsonCall(.dynamoDB, "Query", QueryInput(
            TableName: table, IndexName: index, KeyConditionExpression: terms.joined(separator: " AND "),
            ExpressionAttributeNames: names, ExpressionAttributeValues: vals, ProjectionExpression: projection,
            ExclusiveStartKey: exclusiveStartKey, Limit: limit), as: ScanPage.self)
    }

    /// Every item of the table, following `LastEvaluatedKey` (bounded by `maxPages`).
    public func scanAll(table: String, pageSize: Int? = nil, maxPages: Int = 1_000_000) async throws -> [DynamoDBItem] {
        var items: [DynamoDBItem] = []
        try await scanPages(ScanRequest(table: table, limit: pageSize), maxPages: maxPages) { page in
            items += page.Items ?? []
            return true
        }
        return items
    }
}
