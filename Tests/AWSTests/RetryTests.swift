import Foundation
import XCTest
@testable import AWS

/// Retries against a local server that fails on purpose: 5xx and throttling are retried with
/// backoff, 4xx validation errors never are, and attempts stop at `maxAttempts`.
final class RetryTests: XCTestCase {
    var server: FakeServer!

    override func setUpWithError() throws { server = try FakeServer() }
    override func tearDown() { server.stop() }

    func client(_ path: String, attempts: Int = 3) throws -> AWSClient {
        AWSClient(region: "us-east-1", credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret")),
                  retryPolicy: RetryPolicy(maxAttempts: attempts, baseDelay: 0.01),
                  endpointOverrides: ["DynamoDB": try XCTUnwrap(URL(string: "\(server.base)\(path)"))])
    }

    func testServiceUnavailableThenSuccess() async throws {
        let body = try await client("/flaky/a503/2/503/ServiceUnavailable").jsonCallRaw(.dynamoDB, "PutItem", body: Data("{}".utf8))
        XCTAssertEqual(String(decoding: body, as: UTF8.self), #"{"ok": 3}"#)
        XCTAssertEqual(try server.count("a503"), 3)
    }

    func testThrottlingIsRetried() async throws {
        _ = try await client("/flaky/throttle/1/400/ProvisionedThroughputExceededException").jsonCallRaw(.dynamoDB, "PutItem", body: Data("{}".utf8))
        XCTAssertEqual(try server.count("throttle"), 2)
    }

    func testValidationErrorIsNotRetried() async throws {
        do {
            _ = try await client("/flaky/invalid/5/400/ValidationException").jsonCallRaw(.dynamoDB, "PutItem", body: Data("{}".utf8))
            XCTFail("validation error swallowed")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "ValidationException")
            XCTAssertEqual(error.message, "injected ValidationException")
            XCTAssertEqual(error.requestId, "req-fake")
            XCTAssertEqual(error.service, "DynamoDB")
            XCTAssertEqual(error.operation, "PutItem")
        }
        XCTAssertEqual(try server.count("invalid"), 1)
    }

    func testAttemptsAreBounded() async throws {
        do {
            _ = try await client("/flaky/down/10/500/InternalServerError", attempts: 4).jsonCallRaw(.dynamoDB, "PutItem", body: Data("{}".utf8))
            XCTFail("persistent 500 swallowed")
        } catch let error as AWSError {
            XCTAssertEqual(error.statusCode, 500)
        }
        XCTAssertEqual(try server.count("down"), 4)
    }

    func testConnectionRefusedIsATransportError() async throws {
        // A port nobody listens on: the last attempt's network error surfaces, typed.
        let client = AWSClient(region: "us-east-1", credentials: nil, retryPolicy: RetryPolicy(maxAttempts: 2, baseDelay: 0.01),
                               endpointOverrides: ["DynamoDB": URL(string: "http://127.0.0.1:9")!])
        do {
            _ = try await client.jsonCallRaw(.dynamoDB, "DescribeTable", body: Data("{}".utf8))
            XCTFail("request to a closed port succeeded")
        } catch let error as AWSTransportError {
            XCTAssertEqual(error.service, "DynamoDB")
            XCTAssertTrue(error.isRetryable)
        }
    }

    func testBackoffIsFullJitterCappedExponential() {
        let policy = RetryPolicy()
        XCTAssertEqual(policy.delay(beforeRetry: 1, random: 1), 1)
        XCTAssertEqual(policy.delay(beforeRetry: 3, random: 0.5), 2)
        XCTAssertEqual(policy.delay(beforeRetry: 10, random: 1), 20)
        XCTAssertEqual(policy.delay(beforeRetry: 4, random: 0), 0)
    }
}
