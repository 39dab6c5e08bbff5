import AWS
import Foundation
import MigrationTarget

/// Compares a DynamoDB table as DescribeTable reports it with the shape the contract needs
/// (from the manifest): key schema, key attribute types, GSIs with their keys and projection.
/// Returns every difference, one line each, so the user fixes them all in one go.
public enum TableShape {
    public static func differences(expected t: TargetTable,
                                   actual d: DynamoDBClient.TableDescription) -> [String] {
        var out: [String] = []
        let types = Dictionary((d.AttributeDefinitions ?? []).map { ($0.AttributeName, $0.AttributeType) }, uniquingKeysWith: { a, _ in a })
        func keys(_ schema: [DynamoDBClient.KeySchemaElement]?) -> (hash: String?, range: String?) {
            (schema?.first { $0.KeyType == "HASH" }?.AttributeName, schema?.first { $0.KeyType == "RANGE" }?.AttributeName)
        }
        func compareKey(_ what: String, expected: TargetTable.Attribute?, actualName: String?) {
            switch (expected, actualName) {
            case (nil, nil): return
            case (let e?, nil): out.append("\(what): expected \(e.name) (\(e.type)), the table has none")
            case (nil, let a?): out.append("\(what): the contract has none, the table has \(a) (\(types[a] ?? "?"))")
            case (let e?, let a?):
                if e.name != a {
                    out.append("\(what): expected \(e.name) (\(e.type)), the table has \(a) (\(types[a] ?? "?"))")
                } else if let type = types[a], type != e.type {
                    out.append("\(what) \(a): expected type \(e.type), the table has \(type)")
                }
            }
        }
        let tableKeys = keys(d.KeySchema)
        compareKey("partition key", expected: t.partitionKey, actualName: tableKeys.hash)
        compareKey("sort key", expected: t.sortKey, actualName: tableKeys.range)

        let actualIndexes = Dictionary((d.GlobalSecondaryIndexes ?? []).compactMap { g in g.IndexName.map { ($0, g) } },
                                       uniquingKeysWith: { a, _ in a })
        for g in t.globalSecondaryIndexes {
            guard let a = actualIndexes[g.name] else {
                out.append("GSI \(g.name): missing (expected partition key \(g.partitionKey.name)\(g.sortKey.map { ", sort key \($0.name)" } ?? ""))")
                continue
            }
            let indexKeys = keys(a.KeySchema)
            compareKey("GSI \(g.name) partition key", expected: g.partitionKey, actualName: indexKeys.hash)
            compareKey("GSI \(g.name) sort key", expected: g.sortKey, actualName: indexKeys.range)
            let projection = a.Projection?.ProjectionType ?? "ALL"
            if projection != g.projection {
                out.append("GSI \(g.name) projection: expected \(g.projection), the table has \(projection)")
            } else if g.projection == "INCLUDE" {
                let have = Set(a.Projection?.NonKeyAttributes ?? []), want = Set(g.projectedAttributes)
                if !want.isSubset(of: have) {
                    out.append("GSI \(g.name) projection: missing attributes \(want.subtracting(have).sorted().joined(separator: ", "))")
                }
            }
        }
        return out
    }
}
