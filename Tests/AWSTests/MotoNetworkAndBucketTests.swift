import Foundation
import XCTest
@testable import AWS

/// The EC2 Describe calls (the `ec2` protocol: `Name.N` lists, no Result wrapper), the S3
/// bucket operations and DescribeLogStreams, over real HTTP and SigV4 against moto, on
/// resources seeded with boto3 (`Support/aws_fixture.py`).
final class MotoNetworkAndBucketTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        MotoHarness.ensureStarted()
    }

    func makeClient(region: String = "us-east-1") throws -> AWSClient {
        let url = try XCTUnwrap(MotoHarness.endpoint, "moto did not start (is moto[server] installed for DDBM_PYTHON?)")
        let overrides = ["EC2", "S3", "CloudWatch Logs"].reduce(into: [String: URL]()) { $0[$1] = url }
        return AWSClient(region: region, credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDTESTING", secretAccessKey: "testing-secret")),
                         retryPolicy: RetryPolicy(maxAttempts: 2, baseDelay: 0.01), endpointOverrides: overrides)
    }

    func fixture(_ arguments: [String]) throws -> [String: Any] {
        let endpoint = try XCTUnwrap(MotoHarness.endpoint).absoluteString
        let data = try pythonScripts.run("aws_fixture.py", [endpoint] + arguments)
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

    func testDescribeCallsReadTheConnectionsNetwork() async throws {
        let ids = try fixture(["network"])
        let (vpc, subnetId, table, group) = (ids["vpc"] as! String, ids["subnet"] as! String, ids["route_table"] as! String, ids["security_group"] as! String)
        let ec2 = EC2Client(client: try makeClient())

        let subnets = try await ec2.describeSubnets(ids: [subnetId])
        XCTAssertEqual(subnets, [EC2Client.Subnet(subnetId: subnetId, vpcId: vpc, availabilityZone: "us-east-1b", state: "available",
                                                  availableIpAddressCount: subnets.first?.availableIpAddressCount)])

        let tables = try await ec2.describeRouteTables(filters: [.init("association.subnet-id", [subnetId])])
        XCTAssertEqual(tables.map(\.routeTableId), [table])
        XCTAssertEqual(tables.first?.associations.first, .init(subnetId: subnetId, main: false, state: "associated"))
        XCTAssertTrue(tables.first?.routes.contains { $0.destinationCidrBlock == "0.0.0.0/0" && $0.gatewayId == ids["igw"] as? String } ?? false)
        let main = try await ec2.describeRouteTables(filters: [.init("vpc-id", [vpc]), .init("association.main", ["true"])])
        XCTAssertEqual(main.count, 1)
        XCTAssertEqual(main.first?.associations.first?.main, true)

        let endpoints = try await ec2.describeVpcEndpoints(filters: [.init("vpc-id", [vpc])])
        let gateway = try XCTUnwrap(endpoints.first { $0.vpcEndpointId == ids["gateway_endpoint"] as? String })
        XCTAssertEqual(gateway.vpcEndpointType, "Gateway")
        XCTAssertEqual(gateway.serviceName, "com.amazonaws.us-east-1.dynamodb")
        XCTAssertEqual(gateway.routeTableIds, [table])
        XCTAssertEqual(gateway.state, "available")
        let interface = try XCTUnwrap(endpoints.first { $0.vpcEndpointId == ids["interface_endpoint"] as? String })
        XCTAssertEqual(interface.vpcEndpointType, "Interface")
        XCTAssertEqual(interface.subnetIds, [subnetId])
        XCTAssertFalse(interface.privateDnsEnabled)

        let groups = try await ec2.describeSecurityGroups(ids: [group])
        let g = try XCTUnwrap(groups.first)
        XCTAssertEqual(g.vpcId, vpc)
        XCTAssertTrue(g.ingress.contains(.init(ipProtocol: "tcp", fromPort: 0, toPort: 65535, groupIds: [group])), "\(g.ingress)")
        XCTAssertTrue(g.ingress.contains(.init(ipProtocol: "tcp", fromPort: 3306, toPort: 3306, cidrs: ["10.30.0.0/16"])), "\(g.ingress)")
        XCTAssertTrue(g.egress.contains { $0.ipProtocol == "-1" && $0.cidrs == ["0.0.0.0/0"] }, "\(g.egress)")
    }

    func testUnknownIdsAreNotFoundErrors() async throws {
        let ec2 = EC2Client(client: try makeClient())
        do {
            _ = try await ec2.describeSubnets(ids: ["subnet-0000000000000000"])
            XCTFail("an unknown subnet was described")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "InvalidSubnetID.NotFound")
            XCTAssertTrue(error.isNotFound)
            XCTAssertEqual(error.service, "EC2")
        }
        do {
            _ = try await ec2.describeSecurityGroups(ids: ["sg-0000000000000000"])
            XCTFail("an unknown group was described")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "InvalidGroup.NotFound")
            XCTAssertTrue(error.isNotFound)
        }
    }

    func testBucketLocationCreationEncryptionAndPublicAccessBlock() async throws {
        let s3 = S3Client(client: try makeClient())
        let home = unique("ddbm-home")
        try await s3.createBucket(home)
        let homeRegion = try await s3.getBucketRegion(home)
        XCTAssertEqual(homeRegion, "us-east-1", "an empty LocationConstraint is us-east-1")
        try await s3.putBucketEncryption(home)
        try await s3.putPublicAccessBlock(home)
        let state = try fixture(["bucket", home])
        XCTAssertEqual(state["encryption"] as? [String], ["AES256"])
        XCTAssertEqual(state["public_access_block"] as? [String: Bool],
                       ["BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true])

        let away = unique("ddbm-away")
        try await S3Client(client: try makeClient(region: "eu-west-1")).createBucket(away, region: "eu-west-1")
        let awayRegion = try await s3.getBucketRegion(away)
        XCTAssertEqual(awayRegion, "eu-west-1")

        do {
            _ = try await s3.getBucketRegion(unique("ddbm-missing"))
            XCTFail("a missing bucket has a region")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "NoSuchBucket")
        }
    }

    func testDescribeLogStreamsByPrefix() async throws {
        let group = "/ddbm/\(unique("logs"))/error"
        _ = try? fixture(["log-streams", group, "users-driver", "users-1", "orders-driver"])
        let logs = CloudWatchLogsClient(client: try makeClient())
        let found = try await logs.describeLogStreams(logGroupName: group, logStreamNamePrefix: "users")
        XCTAssertEqual(Set((found.logStreams ?? []).compactMap(\.logStreamName)), ["users-driver", "users-1"])
    }

    func testExpectedRegionIsReadFromAWrongRegionAnswer() {
        XCTAssertEqual(S3Client.expectedRegion(inMessage: "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-central-1'"),
                       "eu-central-1")
        XCTAssertNil(S3Client.expectedRegion(inMessage: "Access Denied"))
    }
}
