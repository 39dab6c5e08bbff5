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
    struct Empty: Decodable {}
    struct GetItemInput: Encodable { var TableName: String; var Key: DynamoDBItem; var ConsistentRead: Bool }
    struct GetItemOutput: Decodable { var Item: DynamoDBItem? }
    struct ScanInput: Encodable {
        var TableName: String
        var ExclusiveStartKey: DynamoDBItem?
        var Limit: Int?
        var ConsistentRead: Bool?
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

    public func getItem(table: String, key: DynamoDBItem, consistentRead: Bool = true) async throws -> DynamoDBItem? {
        try await client.jsonCall(.dynamoDB, "GetItem", GetItemInput(TableName: table, Key: key, ConsistentRead: consistentRead),
                                  as: GetItemOutput.self).Item
    }

    /// One page of Scan.
    public func scan(table: String, exclusiveStartKey: DynamoDBItem? = nil, limit: Int? = nil, consistentRead: Bool? = nil) async throws -> ScanPage {
        try await client.jsonCall(.dynamoDB, "Scan", ScanInput(TableName: table, ExclusiveStartKey: exclusiveStartKey, Limit: limit,
                                                               ConsistentRead: consistentRead), as: ScanPage.self)
    }

    /// Every item of the table, following `LastEvaluatedKey` (bounded by `maxPages`).
    public func scanAll(table: String, pageSize: Int? = nil, maxPages: Int = 1_000_000) async throws -> [DynamoDBItem] {
        var items: [DynamoDBItem] = []
        var start: DynamoDBItem?
        for _ in 0..<maxPages {
            let page = try await scan(table: table, exclusiveStartKey: start, limit: pageSize)
            items += page.Items ?? []
            guard let next = page.LastEvaluatedKey, !next.isEmpty else { return items }
            start = next
        }
        throw AWSClientError("DynamoDB.Scan: more than \(maxPages) pages in \(table)")
    }
}
