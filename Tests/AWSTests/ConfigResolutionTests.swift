import Foundation
import XCTest
@testable import AWS

/// Shared-file parsing, region and endpoint resolution as the AWS CLI and SDKs define them.
final class ConfigResolutionTests: XCTestCase {
    let config = """
        [default]
        region = us-west-2
        services = local-dev

        [profile staging]
        region = eu-central-1
        endpoint_url = https://global.example.test
        s3 =
          addressing_style = path

        [services local-dev]
        dynamodb =
          endpoint_url = http://localhost:8000
        cloudwatch_logs =
          endpoint_url = http://localhost:4566
        """

    func environment(_ variables: [String: String], profile: String = "default") throws -> AWSEnvironment {
        AWSEnvironment(variables: variables, profileName: profile, configFile: try SharedConfigFile.parse(config),
                       credentialsFile: SharedConfigFile())
    }

    func testNestedSectionsParse() throws {
        let file = try SharedConfigFile.parse(config)
        XCTAssertEqual(file.sections["profile staging"]?.nested["s3"]?["addressing_style"], "path")
        XCTAssertEqual(file.sections["services local-dev"]?.nested["dynamodb"]?["endpoint_url"], "http://localhost:8000")
    }

    func testMalformedFilesGivePreciseErrors() {
        XCTAssertThrowsError(try SharedConfigFile.parse("[default\nregion = x\n", path: "cfg")) { error in
            XCTAssertEqual((error as? SharedConfigFile.ParseError)?.line, 1)
        }
        XCTAssertThrowsError(try SharedConfigFile.parse("region = x\n", path: "cfg")) { error in
            XCTAssertEqual((error as? SharedConfigFile.ParseError)?.description, "cfg:1: a value before any [section]")
        }
        XCTAssertThrowsError(try SharedConfigFile.parse("[default]\njunk\n", path: "cfg")) { error in
            XCTAssertEqual((error as? SharedConfigFile.ParseError)?.line, 2)
        }
    }

    func testRegionPrecedence() throws {
        XCTAssertEqual(try environment([:]).region, "us-west-2")
        XCTAssertEqual(try environment(["AWS_DEFAULT_REGION": "ap-south-1"]).region, "ap-south-1")
        XCTAssertEqual(try environment(["AWS_DEFAULT_REGION": "ap-south-1", "AWS_REGION": "sa-east-1"]).region, "sa-east-1")
        XCTAssertEqual(try environment([:], profile: "staging").region, "eu-central-1")
    }

    func testEndpointPrecedence() throws {
        let base = try environment([:])
        XCTAssertEqual(base.configuredEndpoint(serviceId: "DynamoDB")?.absoluteString, "http://localhost:8000")
        XCTAssertEqual(base.configuredEndpoint(serviceId: "CloudWatch Logs")?.absoluteString, "http://localhost:4566")
        XCTAssertNil(base.configuredEndpoint(serviceId: "S3"))
        let global = try environment(["AWS_ENDPOINT_URL": "http://127.0.0.1:5000"])
        XCTAssertEqual(global.configuredEndpoint(serviceId: "S3")?.absoluteString, "http://127.0.0.1:5000")
        let specific = try environment(["AWS_ENDPOINT_URL": "http://127.0.0.1:5000", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS": "http://logs.local"])
        XCTAssertEqual(specific.configuredEndpoint(serviceId: "CloudWatch Logs")?.absoluteString, "http://logs.local")
        XCTAssertEqual(specific.configuredEndpoint(serviceId: "Glue")?.absoluteString, "http://127.0.0.1:5000")
        XCTAssertEqual(try environment([:], profile: "staging").configuredEndpoint(serviceId: "IAM")?.absoluteString, "https://global.example.test")
        XCTAssertNil(try environment(["AWS_ENDPOINT_URL": "http://x", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]).configuredEndpoint(serviceId: "S3"))
    }

    func testDefaultEndpoints() throws {
        let client = AWSClient(region: "eu-west-1", credentials: nil)
        XCTAssertEqual(try client.endpoint(for: .dynamoDB).url.absoluteString, "https://dynamodb.eu-west-1.amazonaws.com")
        XCTAssertEqual(try client.endpoint(for: .cloudWatchLogs).url.absoluteString, "https://logs.eu-west-1.amazonaws.com")
        let iam = try client.endpoint(for: .iam)
        XCTAssertEqual(iam.url.absoluteString, "https://iam.amazonaws.com")
        XCTAssertEqual(iam.signingRegion, "us-east-1")
        XCTAssertEqual(try AWSClient(region: "cn-north-1", credentials: nil).endpoint(for: .sts).url.absoluteString,
                       "https://sts.cn-north-1.amazonaws.com.cn")
        XCTAssertTrue(AWSClient.isVirtualHostable("my-bucket-1"))
        XCTAssertFalse(AWSClient.isVirtualHostable("my.bucket"))
        XCTAssertFalse(AWSClient.isVirtualHostable("My_Bucket"))
    }

    func testAttributeValueRoundTrip() throws {
        let item: DynamoDBItem = ["s": .s("x"), "n": .n("1.50"), "b": .b(Data([0, 255])), "ss": .ss(["a"]), "ns": .ns(["1"]),
                                  "bs": .bs([Data([1])]), "m": .m(["k": .null]), "l": .l([.bool(false)])]
        let decoded = try JSONDecoder().decode(DynamoDBItem.self, from: JSONEncoder().encode(item))
        XCTAssertEqual(decoded, item)
        XCTAssertThrowsError(try JSONDecoder().decode(DynamoDBAttributeValue.self, from: Data(#"{"S":"a","N":"1"}"#.utf8)))
    }
}
