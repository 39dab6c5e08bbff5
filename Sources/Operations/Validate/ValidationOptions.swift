import Foundation

/// What `validate` was asked to do (docs/VALIDATE.md); the CLI fills it from its options.
public struct ValidationOptions: Sendable {
    public enum Engine: String, Sendable { case local, glue }

    /// How many matched items are compared attribute by attribute.
    public enum SampleSize: Sendable, Equatable {
        /// Every item of a table expecting at most `automaticFullLimit` items, else `automaticCount`.
        case automatic
        case count(Int)
        case fraction(Double)
        case full

        public static let automaticFullLimit = 10_000
        public static let automaticCount = 1_000

        /// N for a table expecting `expected` items; nil: every item.
        public func size(expected: Int) -> Int? {
            switch self {
            case .automatic: return expected <= Self.automaticFullLimit ? nil : Self.automaticCount
            case let .count(n): return n
            case let .fraction(f): return Int((f * Double(expected)).rounded(.up))
            case .full: return nil
            }
        }
    }

    public var tables: [String] = []
    public var sample: SampleSize = .automatic
    public var seed = 1
    public var examples = 10
    public var minScore = 100.0
    public var engine: Engine = .local
    /// Run summaries from `run-local --work FOLDER` instead of the report prefix in S3.
    public var runsFolder: URL?
    /// A local DynamoDB endpoint (as `run-local --dynamodb-endpoint`).
    public var dynamoDBEndpoint: URL?
    /// Where the key reconciliation spills its buckets.
    public var scratchDirectory: URL = FileManager.default.temporaryDirectory
    /// Parallel scan segments per table; nil: sized to the table.
    public var segments: Int?

    public init() {}
}
