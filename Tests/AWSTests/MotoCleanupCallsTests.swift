import Foundation
import XCTest
@testable import AWS
import MigrationTarget

/// The calls `cleanup` adds, against moto: S3 tagging on PutObject and GetObjectTagging,
/// DeleteObjects in batches of 1000 with keys that need XML escaping, Glue GetTags/TagResource/
/// DeleteJob, and IAM's per-role lists and DeleteRole (an extension: the same moto and client).
extension MotoIntegrationTests {
    func testTaggingHeaderEncodesEachPart() {
        XCTAssertEqual(S3Client.taggingHeader(["ddb-migrate:migration": "a b@c", "k&=": "v"]), "ddb-migrate%3Amigration=a%20b%40c&k%26%3D=v")
        XCTAssertEqual(S3Client.xmlEscaped("a<&>\"'b"), "a&lt;&amp;&gt;&quot;&apos;b")
    }

    func testObjectTagsAndDeleteObjectsBeyondOneBatch() async throws {
        let s3 = S3Client(client: try makeClient())
        let bucket = unique("ddbm-cleanup")
        try await s3.createBucket(bucket)
        // S3 refuses "," in tag values (as moto says: InvalidTag), hence MigrationMarker.value.
        let tagged = "scripts/a & <b>.py"
        try await s3.putObject(bucket: bucket, key: tagged, body: Data("x".utf8), tags: ["ddb-migrate:migration": "role_x y@z"])
        let tags = try await s3.getObjectTagging(bucket: bucket, key: tagged)
        XCTAssertEqual(tags, ["ddb-migrate:migration": "role_x y@z"])
        var keys = [tagged]
        for i in 0..<1004 {
            let key = "reports/r\(i).json"
            try await s3.putObject(bucket: bucket, key: key, body: Data())
            keys.append(key)
        }
        let errors = try await s3.deleteObjects(bucket: bucket, keys: keys + ["reports/never-existed"])
        XCTAssertEqual(errors, [])
        let left = try await s3.listAllObjects(bucket: bucket)
        XCTAssertEqual(left.map(\.key), [])
        do {
            _ = try await s3.getObjectTagging(bucket: bucket, key: tagged)
            XCTFail("tags of a deleted object")
        } catch let error as AWSError {
            XCTAssertTrue(error.isNotFound, "\(error)")
        }
    }

    func testGlueTagsAndDeleteJob() async throws {
        let glue = GlueClient(client: try makeClient())
        let name = unique("ddbm-job")
        try await glue.createJob(name: name, definition: .init(Role: "arn:aws:iam::123456789012:role/r",
                                                               Command: .init(ScriptLocation: "s3://b/k.py")), tags: ["a": "1"])
        let arn = ARN(partition: "aws", service: "glue", region: "us-east-1", account: "123456789012", resource: "job/\(name)").text
        try await glue.tagResource(resourceARN: arn, tags: ["ddb-migrate:migration": "r"])
        let tags = try await glue.getTags(resourceARN: arn)
        XCTAssertEqual(tags, ["a": "1", "ddb-migrate:migration": "r"])
        try await glue.deleteJob(name)
        try await glue.deleteJob(name)  // absent: Glue answers success, as documented
        do {
            _ = try await glue.getJob(name)
            XCTFail("deleted job still there")
        } catch let error as AWSError {
            XCTAssertTrue(error.isNotFound, "\(error)")
        }
    }

    func testIAMRoleListsAndDeleteRoleOrder() async throws {
        let iam = IAMClient(client: try makeClient())
        let name = unique("ddbm-role")
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        _ = try await iam.createRole(name, assumeRolePolicyDocument: trust)
        try await iam.putRolePolicy(name, policyName: "p", policyDocument: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#)
        let inline = try await iam.listRolePolicies(name)
        let attached = try await iam.listAttachedRolePolicies(name)
        let profiles = try await iam.listInstanceProfilesForRole(name)
        XCTAssertEqual(inline, ["p"])
        XCTAssertTrue(attached.isEmpty)
        XCTAssertEqual(profiles, [])
        do {
            try await iam.deleteRole(name)
            XCTFail("DeleteRole succeeded with an inline policy")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "DeleteConflict")
        }
        try await iam.deleteRolePolicy(name, policyName: "p")
        try await iam.deleteRole(name)
        do {
            _ = try await iam.getRole(name)
            XCTFail("deleted role still there")
        } catch let error as AWSError {
            XCTAssertTrue(error.isNotFound)
        }
    }
}
