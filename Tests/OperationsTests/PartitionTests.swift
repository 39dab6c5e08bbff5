import Backends
import Foundation
import MigrationTarget
import Operations
import XCTest

/// China (aws-cn) and GovCloud (aws-us-gov): the role ARN, the table ARNs deploy checks, the IAM
/// policy's resources and the region check all name the region's partition (AWS, "Amazon Resource
/// Names (ARNs)"). Before the ARN helper, the role and table ARNs said `arn:aws:` everywhere.
final class PartitionTests: XCTestCase {
    func generated(region: String) throws -> GeneratedDirectory {
        let contracts = CLI.repo.appendingPathComponent("contracts/modernizer")
        var config = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: contracts.appendingPathComponent("config.json"))) as? [String: Any])
        config["region"] = region
        let work = CLI.tempDir(for: self)
        let configFile = work.appendingPathComponent("config.json")
        try JSONSerialization.data(withJSONObject: config).write(to: configFile)
        let out = work.appendingPathComponent("out")
        let r = try CLI.run(["generate", contracts.appendingPathComponent("contract.json").path, "--config", configFile.path,
                             "--schema", contracts.appendingPathComponent("schema.json").path, "--out", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        return try GeneratedDirectory(out.path)
    }

    func testTheRoleTheTablesThePolicyAndTheRegionCheckAgreeOnThePartition() throws {
        for (region, partition) in [("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov"), ("eu-west-1", "aws")] {
            let directory = try generated(region: region)
            let m = directory.manifest
            XCTAssertEqual(m.partition, partition)
            XCTAssertEqual(m.iam.roleArn, "arn:\(partition):iam::123456789012:role/shop-ddb-migrate-glue", region)
            XCTAssertEqual(Set(m.jobs.map(\.roleArn)), [m.iam.roleArn], region)
            XCTAssertEqual(ARN(m.jobARN("shop-migrate-Users"))?.partition, partition, region)

            let policy = try XCTUnwrap(try JSONSerialization.jsonObject(with: directory.data(m.iam.policy)) as? [String: Any])
            let statements = try XCTUnwrap(policy["Statement"] as? [[String: Any]])
            let resources = statements.flatMap { $0["Resource"] as? [String] ?? [] }
            let writes = try XCTUnwrap(statements.first { $0["Sid"] as? String == "WriteTargetTables" })
            XCTAssertEqual(writes["Resource"] as? [String], m.tables.map(\.arn).sorted(), region)
            for arn in resources where arn != "*" {
                XCTAssertEqual(ARN(arn)?.partition, partition, "\(region): \(arn)")
            }
            for table in m.tables {
                XCTAssertEqual(table.arn, "arn:\(partition):dynamodb:\(region):123456789012:table/\(table.name)")
                XCTAssertNil(RegionCheck.disagreement(arn: table.arn, region: region), table.arn)
            }
            // A table ARN of another partition in the same region is the mismatch deploy reports.
            let other = partition == "aws" ? "aws-cn" : "aws"
            XCTAssertEqual(RegionCheck.disagreement(arn: "arn:\(other):dynamodb:\(region):123456789012:table/Users", region: region),
                           "is in partition \(other), not \(partition) (the partition of \(region))")
        }
    }
}
