import AWS
import Foundation
import MigrationTarget
import Validation

/// One table as `validate` sees it: its job spec (the same document the job embeds, from the
/// verified manifest), its GSIs from the manifest, and what its entities are called.
struct ValidatedTable {
    struct Index { var name: String; var keyNames: [String] }

    let name: String
    let shape: ItemShape
    let indexes: [Index]
    /// The entities of a multi-entity table, in source order (empty for a single-entity table).
    let entityNames: [String]
    /// DescribeTable's ItemCount: approximate on AWS (refreshed about every six hours), used only
    /// to size the scan and the progress line.
    var itemEstimate: Int?

    init(specJSON: Data, manifestTable: TargetTable) throws {
        shape = try JSONDecoder().decode(ItemShape.self, from: specJSON)
        name = shape.table
        indexes = manifestTable.globalSecondaryIndexes.map { g in
            Index(name: g.name, keyNames: [g.partitionKey.name] + (g.sortKey.map { [$0.name] } ?? []))
        }
        entityNames = shape.sources.compactMap(\.entity)
        // Tags carry the GSI membership in the low 24 bits (DynamoDB allows 20 GSIs per table).
        precondition(indexes.count <= 24, "more GSIs than a DynamoDB table can have")
    }

    /// The entity's position (0 for a single-entity table or an entity not among the sources).
    func entityIndex(_ entity: String?) -> Int {
        guard let entity, let i = entityNames.firstIndex(of: entity) else { return 0 }
        return min(i, 255)
    }

    /// How many candidates the sample keeps: 2N (docs/VALIDATE.md, "Sample"); nil: every item.
    func candidateCapacity(_ sample: ValidationOptions.SampleSize) -> Int? {
        // The automatic rule needs the expected count, known only after the pass: keep enough
        // for either case (every item up to the limit, else 2 × 1,000).
        switch sample {
        case .automatic: return ValidationOptions.SampleSize.automaticFullLimit * 2
        case let .count(n): return 2 * n
        case .fraction, .full: return nil
        }
    }

    /// The canonical key bytes of an item (docs/VALIDATE.md); an item of the table without its
    /// key attributes cannot exist, so a failure here means the scan or the spec is wrong.
    func keyBytes(_ item: DynamoDBItem) throws -> [UInt8] {
        do { return try CanonicalKey.bytes(of: item, keyNames: shape.keyNames) } catch {
            throw Validator.Failure(description: "\(name): \(error)", unreachable: false)
        }
    }

    /// The key item of canonical key bytes, for the examples.
    func keyItem(_ bytes: [UInt8]) -> DynamoDBItem {
        CanonicalKey.item(from: bytes, keyNames: shape.keyNames)
    }
}
