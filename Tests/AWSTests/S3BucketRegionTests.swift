import Foundation
import XCTest
@testable import AWS

/// GetBucketLocation through the wrong region's endpoint: S3 answers 301 with the bucket's
/// region in `x-amz-bucket-region`, or 400 AuthorizationHeaderMalformed naming the expected
/// region; both are read as that region (moto answers every region, so a fake server stands in).
final class S3BucketRegionTests: XCTestCase {
    var server: FakeServer!

    override func setUpWithError() throws { server = try FakeServer() }
    override func tearDown() { server.stop() }

    func s3(_ path: String) throws -> S3Client {
        S3Client(client: AWSClient(region: "us-east-1", credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret")),
                                   retryPolicy: RetryPolicy(maxAttempts: 1, baseDelay: 0.01),
                                   endpointOverrides: ["S3": try XCTUnwrap(URL(string: "\(server.base)\(path)"))]))
    }

    func testRedirectNamesTheBucketsRegion() async throws {
        let region = try await s3("/s3-redirect").getBucketRegion("bucket-elsewhere")
        XCTAssertEqual(region, "eu-central-1")
    }

    func testWrongSigningRegionAnswerNamesTheExpectedOne() async throws {
        let region = try await s3("/s3-wrong-region").getBucketRegion("bucket-elsewhere")
        XCTAssertEqual(region, "ap-south-1")
    }
}
