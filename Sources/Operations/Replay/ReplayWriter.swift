import AWS
import Foundation
import Validation

/// Writes replayed items as the Glue job writes them (`ddbm_core.build_put_request`,
/// `Writer.put_with_retries`; templates/glue/README.md, "Run behaviour" 7): one conditional
/// `PutItem` per item under the table's write mode, attribute names only through
/// `ExpressionAttributeNames`, `ReturnConsumedCapacity: TOTAL`; throttling, 5xx and connection
/// errors retried with exponential backoff and full jitter, `U(0, min(10 s, 50 ms·2^(n-1)))`, up
/// to the job's attempt budget; `ConditionalCheckFailedException` → skipped; a final refusal →
/// `write-rejected`; a budget spent on retryable errors → `retries-exhausted`.
struct ReplayWriter {
    /// Sends one put; returns the consumed capacity units (nil: none reported), throws
    /// `DynamoDBClient.PutItemFailure` (anything else is not a write outcome and stops the replay).
    typealias Send = (_ request: PutRequest) async throws -> Double?

    struct PutRequest: Equatable {
        var table: String
        var item: DynamoDBItem
        var condition: String?
        var names: [String: String]?
        var values: DynamoDBItem?
    }

    enum Outcome: Equatable {
        case written
        case skipped
        case failed(reason: String, lastError: String)
    }

    struct Result: Equatable {
        var outcome: Outcome
        var attempts: Int
        var throttledRetries: Int
        var consumedUnits: Double
    }

    let shape: ItemShape
    /// Attempts per item in all (`--ddbm_max_attempts`, the config's `writes.retry_max_attempts`).
    var maxAttempts = 8
    var baseDelay = 0.05
    var maxDelay = 10.0
    var random: @Sendable () -> Double = { Double.random(in: 0..<1) }
    var sleep: @Sendable (Double) async -> Void = { seconds in try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9)) }

    /// `ddbm_core.build_put_request`.
    func request(_ item: DynamoDBItem) -> PutRequest {
        switch shape.writeMode {
        case .ifAbsent:
            return PutRequest(table: shape.table, item: item, condition: "attribute_not_exists(#pk)", names: ["#pk": shape.pk], values: nil)
        case .ifNewer:
            let version = shape.versionAttribute!  // ItemShape refuses if-newer without one
            return PutRequest(table: shape.table, item: item, condition: "attribute_not_exists(#pk) OR #v < :v",
                              names: ["#pk": shape.pk, "#v": version], values: [":v": item[version]!])
        case .overwrite:
            return PutRequest(table: shape.table, item: item, condition: nil, names: nil, values: nil)
        }
    }

    /// `ddbm_core.full_jitter_delay`.
    func delay(beforeRetry attempt: Int) -> Double {
        random() * min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
    }

    func put(_ item: DynamoDBItem, send: Send) async throws -> Result {
        let request = request(item)
        var attempt = 0, throttled = 0
        while true {
            attempt += 1
            do {
                let consumed = try await send(request)
                return Result(outcome: .written, attempts: attempt, throttledRetries: throttled, consumedUnits: consumed ?? 0)
            } catch let failure as DynamoDBClient.PutItemFailure {
                switch failure {
                case .conditionFailed:
                    return Result(outcome: .skipped, attempts: attempt, throttledRetries: throttled, consumedUnits: 0)
                case let .rejected(detail):
                    return Result(outcome: .failed(reason: DeadLetterReason.writeRejected, lastError: String(detail.prefix(500))),
                                  attempts: attempt, throttledRetries: throttled, consumedUnits: 0)
                case let .throttled(detail), let .transient(detail):
                    guard attempt < maxAttempts else {
                        return Result(outcome: .failed(reason: DeadLetterReason.retriesExhausted, lastError: String(detail.prefix(500))),
                                      attempts: attempt, throttledRetries: throttled, consumedUnits: 0)
                    }
                    if case .throttled = failure { throttled += 1 }
                    await sleep(delay(beforeRetry: attempt))
                }
            }
        }
    }
}
