import MigrationTarget
import XCTest
@testable import Backends

/// The one ARN helper: parsing, the partition of a region, and the config's ARNs built with it.
final class ARNTests: XCTestCase {
    func testParsingKeepsColonsInTheResourceAndRefusesNonARNs() {
        let arn = ARN("arn:aws:logs:us-east-1:123456789012:log-group:/aws-glue/*:log-stream:*")
        XCTAssertEqual(arn?.service, "logs")
        XCTAssertEqual(arn?.resource, "log-group:/aws-glue/*:log-stream:*")
        XCTAssertEqual(arn?.text, "arn:aws:logs:us-east-1:123456789012:log-group:/aws-glue/*:log-stream:*")
        XCTAssertEqual(ARN("arn:aws:s3:::bucket")?.region, "")
        for text in ["Users", "arn:aws:dynamodb:us-east-1:1", "arn::dynamodb:us-east-1:1:table/T", "urn:aws:s3:::b"] {
            XCTAssertNil(ARN(text), text)
        }
    }

    func testThePartitionOfARegion() {
        XCTAssertEqual(ARN.partition(ofRegion: "cn-north-1"), "aws-cn")
        XCTAssertEqual(ARN.partition(ofRegion: "cn-northwest-1"), "aws-cn")
        XCTAssertEqual(ARN.partition(ofRegion: "us-gov-west-1"), "aws-us-gov")
        XCTAssertEqual(ARN.partition(ofRegion: "us-east-1"), "aws")
        XCTAssertEqual(ARN.partition(ofRegion: "eu-central-1"), "aws")
    }

    /// Failed before: roleARN() and tableARN() wrote `arn:aws:` in every region.
    func testTheConfigsARNsAreInItsRegionsPartition() {
        var c = MigrationConfig.placeholder
        c.region = "cn-north-1"
        XCTAssertEqual(c.roleARN(), "arn:aws-cn:iam::000000000000:role/ddb-migrate-glue")
        XCTAssertEqual(c.tableARN("Users"), "arn:aws-cn:dynamodb:cn-north-1:000000000000:table/Users")
        c.region = "us-gov-west-1"
        XCTAssertEqual(c.roleARN(), "arn:aws-us-gov:iam::000000000000:role/ddb-migrate-glue")
        XCTAssertEqual(c.tableARN("Users"), "arn:aws-us-gov:dynamodb:us-gov-west-1:000000000000:table/Users")
        XCTAssertEqual(SecretARN("arn:aws-cn:secretsmanager:cn-north-1:000000000000:secret:db-AbC123")?.text,
                       "arn:aws-cn:secretsmanager:cn-north-1:000000000000:secret:db-AbC123")
        XCTAssertNil(SecretARN("arn:aws-iso:secretsmanager:us-iso-east-1:000000000000:secret:db-AbC123"))
    }
}
