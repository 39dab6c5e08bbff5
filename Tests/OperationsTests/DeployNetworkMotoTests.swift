import Foundation
import XCTest

/// The checks `plan` shows and `deploy` runs before writing, against moto's EC2, S3 and Glue:
/// the connection's subnet reaches DynamoDB and S3, its security groups carry Glue's rules, the
/// connection's secret is the config's, and the artifacts bucket is in the region (or created).
final class DeployNetworkMotoTests: DeployMotoTestCase {
    func testDeployPrintsWhatHoldsWhenTheNetworkIsRight() throws {
        let ids = try seed()
        let r = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(r.status, 0, r.stderr)
        let vpce = "gateway endpoint vpce-"
        XCTAssertTrue(r.stdout.contains("ok      DynamoDB from \(ids.subnet!): \(vpce)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("ok      S3 from \(ids.subnet!): \(vpce)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("on route table \(ids.route_table!)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("security group \(ids.security_group!) of Glue connection 'shop-mysql' allows all TCP from itself"), r.stdout)
    }

    func testNoEndpointsAndAnInternetGatewayAreRefusedWithTheCommandsToRun() throws {
        let ids = try seed(network: ["dynamodb": "none", "s3": "igw"])
        let vpc = ids.vpc!, table = ids.route_table!
        let plan = try cli(["plan", dir.path, "--config", config])
        XCTAssertEqual(plan.status, 1, plan.stdout)
        for service in ["dynamodb", "s3"] {
            let command = "aws ec2 create-vpc-endpoint --region us-east-1 --vpc-id \(vpc) --vpc-endpoint-type Gateway --service-name com.amazonaws.us-east-1.\(service) --route-table-ids \(table)"
            XCTAssertTrue(plan.stdout.contains(command), plan.stdout)
        }
        XCTAssertTrue(plan.stdout.contains("cannot reach DynamoDB"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("internet gateway igw-"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("private IP addresses only"), plan.stdout)
        XCTAssertTrue(plan.stderr.contains("deploy would refuse"), plan.stderr)
        // plan still shows the resource plan.
        XCTAssertTrue(plan.stdout.contains("+ create    Glue job shop-migrate-Users"), plan.stdout)

        let deploy = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(deploy.status, 1, deploy.stdout)
        XCTAssertTrue(deploy.stderr.contains("subnet \(ids.subnet!) (\(vpc)) of Glue connection 'shop-mysql' cannot reach DynamoDB"), deploy.stderr)
        XCTAssertTrue(deploy.stderr.contains("--service-name com.amazonaws.us-east-1.s3 --route-table-ids \(table)"), deploy.stderr)
        try assertNothingWritten()
    }

    func testGatewayEndpointOnAnotherRouteTableIsNamedWithTheCommandToAssociateIt() throws {
        let ids = try seed(network: ["dynamodb": "gateway-elsewhere"])
        let r = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stderr.contains("is not associated with \(ids.route_table!)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("aws ec2 modify-vpc-endpoint --region us-east-1 --vpc-endpoint-id vpce-"), r.stderr)
        XCTAssertTrue(r.stderr.contains("--add-route-table-ids \(ids.route_table!)"), r.stderr)
        XCTAssertFalse(r.stderr.contains("cannot reach S3"), r.stderr)
        try assertNothingWritten()
    }

    func testInterfaceEndpointWithPrivateDNSAndANATGatewayReach() throws {
        let ids = try seed(network: ["dynamodb": "interface", "s3": "nat"])
        let r = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("DynamoDB from \(ids.subnet!): interface endpoint vpce-"), r.stdout)
        XCTAssertTrue(r.stdout.contains("S3 from \(ids.subnet!): NAT gateway nat-"), r.stdout)
    }

    func testInterfaceEndpointWithoutPrivateDNSDoesNotCount() throws {
        try seed(network: ["dynamodb": "interface-no-dns"])
        let r = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stderr.contains("has private DNS off, so the job's default endpoint dynamodb.us-east-1.amazonaws.com does not resolve to it"), r.stderr)
        try assertNothingWritten()
    }

    func testTheVPCsMainRouteTableServesASubnetWithoutAssociation() throws {
        let ids = try seed(network: ["main_table": true])
        let r = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("on route table \(ids.route_table!) (the VPC's main route table)"), r.stdout)
    }

    func testMissingSelfReferencingRuleIsRefusedWithTheRuleToAdd() throws {
        let ids = try seed(network: ["self_rule": false])
        let group = ids.security_group!
        let r = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stderr.contains("has the self-referencing inbound rule Glue requires"), r.stderr)
        XCTAssertTrue(r.stderr.contains("aws ec2 authorize-security-group-ingress --region us-east-1 --group-id \(group) --ip-permissions 'IpProtocol=tcp,FromPort=0,ToPort=65535,UserIdGroupPairs=[{GroupId=\(group)}]'"), r.stderr)
        try assertNothingWritten()
    }

    func testSubnetInAnotherZoneThanTheConnectionIsRefused() throws {
        try seed(zone: "us-east-1a", network: ["subnet_zone": "us-east-1b"])
        let r = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stderr.contains("names availability zone us-east-1a, but its subnet subnet-"), r.stderr)
        XCTAssertTrue(r.stderr.contains("is in us-east-1b"), r.stderr)
    }

    func testConnectionWithoutVPCSkipsTheNetworkChecksWithANote() throws {
        try seed(connectionExtras: ["no_vpc": true])
        let r = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Glue connection 'shop-mysql' has no VPC settings"), r.stdout)
    }

    // MARK: bucket

    func testMissingBucketIsPlannedThenCreatedEncryptedAndPrivate() throws {
        try seed(bucketRegion: nil)
        let plan = try cli(["plan", dir.path, "--config", config])
        XCTAssertEqual(plan.status, 0, plan.stderr + plan.stdout)
        XCTAssertTrue(plan.stdout.contains("+ create    S3 bucket \(bucket) (us-east-1)"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("default encryption SSE-S3, all public access blocked"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("24 to create, 0 to update, 0 unchanged"), plan.stdout)

        let deploy = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(deploy.status, 0, deploy.stderr)
        XCTAssertTrue(deploy.stdout.contains("created S3 bucket \(bucket) (us-east-1)"), deploy.stdout)
        let state = try XCTUnwrap(try snapshot()["bucket"] as? [String: Any])
        XCTAssertEqual(state["region"] as? String, "us-east-1")
        XCTAssertEqual(state["encryption"] as? [String], ["AES256"])
        let block = try XCTUnwrap(state["public_access_block"] as? [String: Bool])
        XCTAssertEqual(block, ["BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true])
        XCTAssertEqual((try snapshot()["objects"] as? [String: Any])?.count, 8)

        let again = try cli(["plan", dir.path, "--config", config])
        XCTAssertTrue(again.stdout.contains("= unchanged S3 bucket \(bucket) (us-east-1)"), again.stdout)
    }

    func testBucketInAnotherRegionIsRefusedNamingBothRegions() throws {
        try seed(bucketRegion: "eu-west-1")
        for command in ["plan", "deploy"] {
            let r = try cli([command, dir.path, "--config", config])
            XCTAssertEqual(r.status, 1, r.stdout)
            XCTAssertTrue(r.stderr.contains("S3 bucket \(bucket) is in eu-west-1, the config's region is us-east-1"), r.stderr)
        }
        try assertNothingWritten()
    }

    // MARK: connection secret

    let secretARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/mysql-migrator-AbC123"

    func testConnectionSecretTheConfigDoesNotNameIsRefusedWithTheKeyToAdd() throws {
        try seed(connectionExtras: ["secret_arn": secretARN])
        let r = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stderr.contains("Glue connection 'shop-mysql' reads its credentials from Secrets Manager secret \(secretARN)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("add \"connection_secret_arn\": \"\(secretARN)\" to \"glue\" in the config"), r.stderr)
        try assertNothingWritten()
    }

    func testConnectionSecretNamedInTheConfigIsGrantedExactlyAndAccepted() throws {
        try regenerate { config in
            var glue = config["glue"] as? [String: Any] ?? [:]
            glue["connection_secret_arn"] = secretARN
            config["glue"] = glue
        }
        // The connection names the secret by name (SECRET_ID), the config by complete ARN.
        try seed(connectionExtras: ["secret_id": "shop/mysql-migrator"])
        let policyText = try String(contentsOf: dir.appendingPathComponent("iam/\(policy).json"), encoding: .utf8)
        let document = try XCTUnwrap(json(policyText) as? [String: Any])
        let statement = try XCTUnwrap((document["Statement"] as? [[String: Any]])?.first { $0["Sid"] as? String == "ReadConnectionSecret" })
        XCTAssertEqual(statement["Action"] as? [String], ["secretsmanager:GetSecretValue"])
        XCTAssertEqual(statement["Resource"] as? [String], [secretARN])

        let r = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("ok      Glue connection 'shop-mysql' reads secret shop/mysql-migrator; the job role may read \(secretARN)"), r.stdout)
    }

    func testConfigNamingAnotherSecretIsRefused() throws {
        try regenerate { config in
            var glue = config["glue"] as? [String: Any] ?? [:]
            glue["connection_secret_arn"] = "arn:aws:secretsmanager:us-east-1:123456789012:secret:other-XyZ789"
            config["glue"] = glue
        }
        try seed(connectionExtras: ["secret_arn": secretARN])
        let r = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stderr.contains("but the config's glue.connection_secret_arn is arn:aws:secretsmanager:us-east-1:123456789012:secret:other-XyZ789: set it to \(secretARN)"), r.stderr)
        try assertNothingWritten()
    }
}
