import Foundation
import XCTest
@testable import Backends
import MigrationTarget

/// The Glue job role's policy and the job's default arguments: what the job now reads and
/// needs (high-water mark, progress, the connection's secret, Glue's EC2 actions), no bookmarks.
final class RolePolicyTests: XCTestCase {
    func statements(_ c: MigrationConfig) throws -> [String: [String: Any]] {
        let text = IAMPolicies.rolePolicy(c, tables: ["Users"], indexes: ["Users": ["ByEmail"]]).rendered()
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let list = try XCTUnwrap(document["Statement"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["Sid"] as? String ?? "", $0) })
    }

    func testTheJobMayReadItsHighWaterMarkAndTellAMissingOneFromADenial() throws {
        let s = try statements(.placeholder)
        XCTAssertEqual(s["ReadRunState"]?["Action"] as? [String], ["s3:GetObject"])
        XCTAssertEqual(s["ReadRunState"]?["Resource"] as? [String], ["arn:aws:s3:::ddb-migrate-artifacts/ddb-migrate/reports/*"])
        XCTAssertEqual(s["WriteDeadLettersAndReports"]?["Resource"] as? [String],
                       ["arn:aws:s3:::ddb-migrate-artifacts/ddb-migrate/dead-letters/*", "arn:aws:s3:::ddb-migrate-artifacts/ddb-migrate/reports/*"])
        // ListBucket on the bucket itself, with no condition (404 rather than 403 for a missing key).
        XCTAssertEqual(s["ListArtifactsBucket"]?["Action"] as? [String], ["s3:ListBucket"])
        XCTAssertEqual(s["ListArtifactsBucket"]?["Resource"] as? [String], ["arn:aws:s3:::ddb-migrate-artifacts"])
        XCTAssertNil(s["ListArtifactsBucket"]?["Condition"])
        XCTAssertEqual(s["WriteTargetTables"]?["Action"] as? [String], ["dynamodb:DescribeTable", "dynamodb:PutItem"])
    }

    /// The validation job reads the table (segmented Scans, BatchGetItem) and its GSIs (Scan for
    /// the count, Query per sampled item), nothing more: each action on exactly the resources it uses.
    func testTheValidationJobMayReadTheTablesAndTheirIndexesOnly() throws {
        let s = try statements(.placeholder)
        XCTAssertEqual(s["ValidateTargetTables"]?["Action"] as? [String], ["dynamodb:BatchGetItem", "dynamodb:Scan"])
        XCTAssertEqual(s["ValidateTargetTables"]?["Resource"] as? [String], ["arn:aws:dynamodb:us-east-1:000000000000:table/Users"])
        XCTAssertEqual(s["ValidateTargetIndexes"]?["Action"] as? [String], ["dynamodb:Query", "dynamodb:Scan"])
        XCTAssertEqual(s["ValidateTargetIndexes"]?["Resource"] as? [String], ["arn:aws:dynamodb:us-east-1:000000000000:table/Users/index/ByEmail"])
        // Its measurement (<reports_prefix>validation/...) is under the reports prefix the load job writes already.
        XCTAssertTrue((s["WriteDeadLettersAndReports"]?["Resource"] as? [String] ?? []).contains("arn:aws:s3:::ddb-migrate-artifacts/ddb-migrate/reports/*"))
        // No index: no index statement at all (an empty Resource list is not a valid statement).
        let text = IAMPolicies.rolePolicy(.placeholder, tables: ["Users"], indexes: [:]).rendered()
        XCTAssertFalse(text.contains("ValidateTargetIndexes"))
    }

    func testGluesEC2ActionsForTheConnectionsInterfaces() throws {
        let s = try statements(.placeholder)
        let describe = try XCTUnwrap(s["DescribeConnectionNetwork"]?["Action"] as? [String])
        for action in ["ec2:DescribeVpcEndpoints", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups",
                       "ec2:DescribeSubnets"] {
            XCTAssertTrue(describe.contains(action), action)
        }
        // parliament (tests/python/test_e2e_iam.py) knows it takes a VPC resource: never "*".
        XCTAssertEqual(s["ReadConnectionVpcAttributes"]?["Action"] as? [String], ["ec2:DescribeVpcAttribute"])
        XCTAssertEqual(s["ReadConnectionVpcAttributes"]?["Resource"] as? [String], ["arn:aws:ec2:us-east-1:000000000000:vpc/*"])
        XCTAssertEqual(s["ManageConnectionInterfaces"]?["Action"] as? [String], ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface"])
        XCTAssertEqual(s["TagConnectionInterfaces"]?["Action"] as? [String], ["ec2:CreateTags", "ec2:DeleteTags"])
    }

    func testTheConnectionSecretIsGrantedExactlyWhenTheConfigNamesIt() throws {
        XCTAssertNil(try statements(.placeholder)["ReadConnectionSecret"])
        var c = MigrationConfig.placeholder
        c.glue.connectionSecretARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbC123"
        let secret = try XCTUnwrap(try statements(c)["ReadConnectionSecret"])
        XCTAssertEqual(secret["Action"] as? [String], ["secretsmanager:GetSecretValue"])
        XCTAssertEqual(secret["Resource"] as? [String], ["arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbC123"])
    }

    func testJobBookmarksAreAlwaysDisabled() {
        let table = TargetTable(name: "Users", arn: MigrationConfig.placeholder.tableARN("Users"), view: "v", writeMode: "if-absent",
                                partitionKey: .init(name: "PK", type: "S"), sortKey: nil, attributes: [], globalSecondaryIndexes: [])
        let arguments = Dictionary(uniqueKeysWithValues: GlueJobLowering.defaultArguments(table: table, config: .placeholder))
        XCTAssertEqual(arguments["--job-bookmark-option"], "job-bookmark-disable")
        XCTAssertEqual(arguments["--ddbm_report_uri"], "s3://ddb-migrate-artifacts/ddb-migrate/reports/")
    }
}
