import Foundation
import Validation

/// One run of `ddbm-bench keys` (one key count, one process), as it prints it for
/// `ddbm-bench keys-figure`.
struct KeyMeasurement: Codable {
    /// Keys of the synthetic table (each fed as expected and, unless planted otherwise, actual).
    var keys: Int
    /// Feeding both streams and `finish()`, key generation included (a small part of it).
    var seconds: Double
    /// The process's peak resident set at the end.
    var peakRSSBytes: Int
    /// The peak before the reconciler was created: start-up, libraries, the argument parser.
    var startRSSBytes: Int
    var memoryBudgetBytes: Int
    var fanout: Int
    var bucketsProcessed: Int
    var repartitions: Int
    var deepestLevel: Int
    var largestTable: Int
    var scratchBytes: Int
    /// What the reconciliation found, which `keys` has checked equals what was planted.
    var found: SyntheticKeys.Planted
    /// The example lists as text (the synthetic keys are ASCII), for reading the JSON.
    var missingExamples: [String]
    var unexpectedExamples: [String]
    var collidingExamples: [String]

    var keysPerSecond: Double { seconds > 0 ? Double(keys) / seconds : 0 }

    static func decode(_ path: String) throws -> KeyMeasurement {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw BenchFailure("\(path): \(error.localizedDescription)")
        }
        do { return try JSONDecoder().decode(KeyMeasurement.self, from: data) } catch {
            throw BenchFailure("\(path) is not a `ddbm-bench keys` measurement: \(error)")
        }
    }
}
