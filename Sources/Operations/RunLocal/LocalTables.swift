import AWS
import Foundation
import MigrationTarget

/// Creates the manifest's DynamoDB tables on a local endpoint (moto, DynamoDB Local) when they
/// are missing, with the keys and indexes the contract defines — a convenience of `run-local`;
/// `deploy` never creates tables, it verifies them.
public enum LocalTables {
    public static func ensure(_ tables: [TargetTable], client: DynamoDBClient) async throws -> [String] {
        var created: [String] = []
        for t in tables {
            do {
                _ = try await client.describeTable(t.name)
                continue
            } catch let e as AWSError where e.code == "ResourceNotFoundException" {}
            var types: [String: String] = [:]
            func key(_ k: TargetTable.Attribute, _ role: String) -> DynamoDBClient.KeySchemaElement {
                types[k.name] = k.type
                return .init(AttributeName: k.name, KeyType: role)
            }
            var schema = [key(t.partitionKey, "HASH")]
            if let sk = t.sortKey { schema.append(key(sk, "RANGE")) }
            let gsis: [DynamoDBClient.GlobalSecondaryIndex] = t.globalSecondaryIndexes.map { g in
                var ks = [key(g.partitionKey, "HASH")]
                if let sk = g.sortKey { ks.append(key(sk, "RANGE")) }
                return .init(IndexName: g.name, KeySchema: ks,
                             Projection: .init(ProjectionType: g.projection,
                                               NonKeyAttributes: g.projection == "INCLUDE" ? g.projectedAttributes : nil))
            }
            let definitions = types.keys.sorted().map { DynamoDBClient.AttributeDefinition(AttributeName: $0, AttributeType: types[$0]!) }
            try await client.createTable(name: t.name, attributeDefinitions: definitions, keySchema: schema,
                                         globalSecondaryIndexes: gsis.isEmpty ? nil : gsis)
            created.append(t.name)
        }
        return created
    }
}
