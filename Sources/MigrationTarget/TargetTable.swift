/// One DynamoDB table a migration writes, as the contract defines it: its ARN, the MySQL view its
/// items come from, its key schema, GSIs, write mode and every attribute with its type. The one
/// description of a target table: `generate` writes it into manifest.json (`tables[]`,
/// docs/MANIFEST.md), `deploy` verifies the live table against it, `run-local` creates it,
/// `preflight` and `plan --mysql` check its view's rows, `report` and `validate` read its keys.
/// Plain values in a module without dependencies, so MySQL (preflight) needs nothing of the
/// compiler. The stored properties are in manifest order: the manifest encoder keeps it.
public struct TargetTable: Codable, Hashable, Sendable {
    /// An attribute and its DynamoDB type: `S`, `N` or `B` for keys; any of
    /// `S N B SS NS BS M L BOOL NULL` in `attributes`.
    public struct Attribute: Codable, Hashable, Sendable {
        public var name: String
        public var type: String
        public init(name: String, type: String) { self.name = name; self.type = type }
    }

    public struct Index: Codable, Hashable, Sendable {
        public var name: String
        public var partitionKey: Attribute
        public var sortKey: Attribute?
        /// `ALL`, `KEYS_ONLY` or `INCLUDE`.
        public var projection: String
        public var projectedAttributes: [String]
        public init(name: String, partitionKey: Attribute, sortKey: Attribute?, projection: String, projectedAttributes: [String]) {
            self.name = name; self.partitionKey = partitionKey; self.sortKey = sortKey
            self.projection = projection; self.projectedAttributes = projectedAttributes
        }
    }

    public var name: String
    public var arn: String
    public var view: String
    /// `if-absent`, `if-newer` or `overwrite`.
    public var writeMode: String
    public var partitionKey: Attribute
    public var sortKey: Attribute?
    /// Every attribute of the table's items with its type, in view column order.
    public var attributes: [Attribute]
    public var globalSecondaryIndexes: [Index]

    public init(name: String, arn: String, view: String, writeMode: String, partitionKey: Attribute, sortKey: Attribute?,
                attributes: [Attribute], globalSecondaryIndexes: [Index]) {
        self.name = name; self.arn = arn; self.view = view; self.writeMode = writeMode
        self.partitionKey = partitionKey; self.sortKey = sortKey
        self.attributes = attributes; self.globalSecondaryIndexes = globalSecondaryIndexes
    }

    /// The table key: `[pk]` or `[pk, sk]`.
    public var keys: [Attribute] { [partitionKey] + (sortKey.map { [$0] } ?? []) }

    /// Every attribute that keys some GSI, each once, in index order (as `TableIR.gsiKeyNames`).
    public var gsiKeyNames: [String] {
        var names: [String] = []
        for g in globalSecondaryIndexes {
            for k in [g.partitionKey.name, g.sortKey?.name].compactMap({ $0 }) where !names.contains(k) { names.append(k) }
        }
        return names
    }
}
