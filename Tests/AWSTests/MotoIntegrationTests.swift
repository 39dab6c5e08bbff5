import Foundation
import XCTest
@testable import AWS

/// Real HTTP + SigV4 against a moto server (started by `scripts/moto-harness.sh`, or reused
/// from `DDBM_TEST_AWS_ENDPOINT`).
final class MotoIntegrationTests: XCTestCase {
    override class func setUp() {
        super.setUp()
        MotoHarness.ensureStarted()
    }

    func makeClient() throws -> AWSClient {
        let url = try XCTUnwrap(MotoHarness.endpoint, "moto did not start (is moto[server] installed for DDBM_PYTHON?)")
        let overrides = ["DynamoDB", "S3", "IAM", "STS", "Glue", "CloudWatch Logs"].reduce(into: [String: URL]()) { $0[$1] = url }
        return AWSClient(region: "us-east-1",
                         credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDTESTING", secretAccessKey: "testing-secret",
                                                                              sessionToken: "testing-token")),
                         retryPolicy: RetryPolicy(maxAttempts: 3, baseDelay: 0.01), endpointOverrides: overrides)
    }

    func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

    func testSTSGetCallerIdentity() async throws {
        let identity = try await STSClient(client: makeClient()).getCallerIdentity()
        XCTAssertEqual(identity.account.count, 12)
        XCTAssertTrue(identity.arn.hasPrefix("arn:aws:"), identity.arn)
    }

    func testS3PutGetHeadListDelete() async throws {
        let s3 = S3Client(client: try makeClient())
        let bucket = unique("ddbm-bucket")
        try await s3.createBucket(bucket)
        let body = Data("print('hello')\n".utf8)
        let keys = ["scripts/job one.py", "scripts/ünï+cødé.py", "reports/run.json"]
        for key in keys { try await s3.putObject(bucket: bucket, key: key, body: body, contentType: "text/x-python") }
        let fetched = try await s3.getObject(bucket: bucket, key: keys[1])
        XCTAssertEqual(fetched, body)
        let head = try await s3.headObject(bucket: bucket, key: keys[0])
        XCTAssertEqual(head.contentLength, body.count)
        let listed = try await s3.listObjectsV2(bucket: bucket, prefix: "scripts/", maxKeys: 1)
        XCTAssertEqual(listed.objects.count, 1)
        XCTAssertNotNil(listed.nextContinuationToken)
        let all = try await s3.listAllObjects(bucket: bucket, prefix: "scripts/")
        XCTAssertEqual(Set(all.map(\.key)), Set(keys.prefix(2)))
        try await s3.deleteObject(bucket: bucket, key: keys[2])
        do {
            _ = try await s3.getObject(bucket: bucket, key: keys[2])
            XCTFail("deleted object still readable")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "NoSuchKey")
            XCTAssertEqual(error.statusCode, 404)
            XCTAssertTrue(error.isNotFound)
        }
        do {
            _ = try await s3.headObject(bucket: bucket, key: "missing")
            XCTFail("HEAD of a missing key succeeded")
        } catch let error as AWSError {
            XCTAssertEqual(error.statusCode, 404)
            XCTAssertTrue(error.isNotFound)
        }
    }

    func testIAMRoleLifecycle() async throws {
        let iam = IAMClient(client: try makeClient())
        let name = unique("ddbm-role")
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        do {
            _ = try await iam.getRole(name)
            XCTFail("role exists before creation")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "NoSuchEntity")
            XCTAssertEqual(error.service, "IAM")
        }
        let created = try await iam.createRole(name, assumeRolePolicyDocument: trust, tags: ["project": "ddb-migrate"])
        XCTAssertTrue(created.arn.hasSuffix(":role/\(name)"), created.arn)
        let fetched = try await iam.getRole(name)
        XCTAssertEqual(fetched.roleName, name)
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:PutItem","Resource":"*"}]}"#
        try await iam.putRolePolicy(name, policyName: "migration", policyDocument: policy)
        let stored = try await iam.getRolePolicy(name, policyName: "migration")
        XCTAssertEqual(try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? NSDictionary,
                       try JSONSerialization.jsonObject(with: Data(policy.utf8)) as? NSDictionary)
        try await iam.updateAssumeRolePolicy(name, policyDocument: trust)
        try await iam.tagRole(name, tags: ["owner": "tests"])
        try await iam.deleteRolePolicy(name, policyName: "migration")
    }

    func testGlueJobCreateGetStart() async throws {
        let glue = GlueClient(client: try makeClient())
        let name = unique("ddbm-job")
        let definition = GlueClient.JobDefinition(Role: "arn:aws:iam::123456789012:role/glue",
                                                  Command: .init(ScriptLocation: "s3://bucket/scripts/\(name).py"),
                                                  DefaultArguments: ["--table": "orders"], GlueVersion: "5.0",
                                                  WorkerType: "G.1X", NumberOfWorkers: 2)
        try await glue.createJob(name: name, definition: definition, tags: ["project": "ddb-migrate"])
        let job = try await glue.getJob(name)
        XCTAssertEqual(job.Name, name)
        XCTAssertEqual(job.Command?.ScriptLocation, "s3://bucket/scripts/\(name).py")
        let runId = try await glue.startJobRun(name: name, arguments: ["--run": "1"])
        XCTAssertFalse(runId.isEmpty)
        let run = try await glue.getJobRun(name: name, runId: runId)
        XCTAssertEqual(run.Id, runId)
        let runs = try await glue.getJobRuns(name: name)
        XCTAssertTrue((runs.JobRuns ?? []).contains { $0.Id == runId })
        do {
            _ = try await glue.getJob(unique("missing-job"))
            XCTFail("missing job found")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "EntityNotFoundException")
        }
    }

    func testDynamoDBConditionalPutAndScan() async throws {
        let dynamo = DynamoDBClient(client: try makeClient())
        let table = unique("ddbm-table")
        try await dynamo.createTable(name: table,
                                     attributeDefinitions: [.init(AttributeName: "pk", AttributeType: "S"), .init(AttributeName: "sk", AttributeType: "S")],
                                     keySchema: [.init(AttributeName: "pk", KeyType: "HASH"), .init(AttributeName: "sk", KeyType: "RANGE")])
        let description = try await dynamo.describeTable(table)
        XCTAssertEqual(description.TableName, table)
        XCTAssertEqual(description.KeySchema?.first?.AttributeName, "pk")
        for index in 0..<25 {
            try await dynamo.putItem(table: table,
                                     item: ["pk": .s("USER#\(index)"), "sk": .s("#META"), "n": .n("\(index).50"),
                                            "tags": .ss(["a", "b"]), "doc": .m(["nested": .l([.bool(true), .null])])],
                                     conditionExpression: "attribute_not_exists(pk)")
        }
        do {
            try await dynamo.putItem(table: table, item: ["pk": .s("USER#1"), "sk": .s("#META")], conditionExpression: "attribute_not_exists(pk)")
            XCTFail("conditional put over an existing item succeeded")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "ConditionalCheckFailedException")
            XCTAssertEqual(error.statusCode, 400)
            XCTAssertFalse(error.isRetryable)
        }
        let item = try await dynamo.getItem(table: table, key: ["pk": .s("USER#3"), "sk": .s("#META")])
        XCTAssertEqual(item?["n"], .n("3.50"))
        XCTAssertEqual(item?["doc"], .m(["nested": .l([.bool(true), .null])]))
        let all = try await dynamo.scanAll(table: table, pageSize: 7)
        XCTAssertEqual(all.count, 25)
        do {
            _ = try await dynamo.describeTable(unique("missing"))
            XCTFail("missing table described")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "ResourceNotFoundException")
            XCTAssertTrue(error.isNotFound)
        }
    }

    func testValidationErrorIsNotRetried() async throws {
        let client = try makeClient()
        let dynamo = DynamoDBClient(client: client)
        let started = Date()
        do {
            // A PutItem into a table that does not exist is a 4xx: one attempt, no backoff.
            try await dynamo.putItem(table: unique("absent"), item: ["pk": .s("1")])
            XCTFail("PutItem into a missing table accepted")
        } catch let error as AWSError {
            XCTAssertEqual(error.statusCode / 100, 4)
            XCTAssertFalse(error.isRetryable)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
    }
}
