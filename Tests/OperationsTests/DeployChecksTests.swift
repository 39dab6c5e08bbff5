import AWS
import Backends
import Diagnostics
import Foundation
import Operations
import XCTest

/// The pure parts of the new deploy checks: the connection's secret against the config, the
/// bucket's location, where a failed run's driver log is, the state file's estimates.
final class DeployChecksTests: XCTestCase {
    let arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/mysql-AbC123"

    func connection(secretArn: String? = nil, secretId: String? = nil) throws -> GlueClient.Connection {
        var o: [String: Any] = ["Name": "src", "ConnectionProperties": secretId.map { ["SECRET_ID": $0] } ?? [:]]
        if let secretArn { o["AuthenticationConfiguration"] = ["AuthenticationType": "BASIC", "SecretArn": secretArn] }
        return try JSONDecoder().decode(GlueClient.Connection.self, from: JSONSerialization.data(withJSONObject: o))
    }

    func testSecretARNParsesNamesAndMatchesEveryWayAConnectionNamesIt() throws {
        let s = try XCTUnwrap(SecretARN(arn))
        XCTAssertEqual(s.region, "us-east-1")
        XCTAssertEqual(s.account, "123456789012")
        XCTAssertEqual(s.name, "shop/mysql")
        XCTAssertTrue(s.hasSuffix)
        XCTAssertTrue(s.isNamed(by: arn))
        XCTAssertTrue(s.isNamed(by: "shop/mysql"))
        XCTAssertTrue(s.isNamed(by: "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/mysql"))
        XCTAssertFalse(s.isNamed(by: "shop/other"))
        XCTAssertFalse(s.isNamed(by: "arn:aws:secretsmanager:us-east-1:210987654321:secret:shop/mysql-AbC123"))
        XCTAssertFalse(try XCTUnwrap(SecretARN("arn:aws:secretsmanager:us-east-1:123456789012:secret:plain")).hasSuffix)
        XCTAssertNil(SecretARN("arn:aws:s3:::bucket"))
        XCTAssertNil(SecretARN("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-*"))
        XCTAssertNil(SecretARN("not an arn"))
    }

    func testConnectionSecretAgainstTheConfig() throws {
        XCTAssertEqual(ConnectionSecret.check(connection: try connection(), name: "src", configured: nil), CheckReport())
        XCTAssertEqual(ConnectionSecret.reference(of: try connection(secretArn: arn, secretId: "ignored")), arn)
        XCTAssertEqual(ConnectionSecret.reference(of: try connection(secretId: "shop/mysql")), "shop/mysql")

        let missing = ConnectionSecret.check(connection: try connection(secretArn: arn), name: "src", configured: nil)
        XCTAssertEqual(missing.problems, ["Glue connection 'src' reads its credentials from Secrets Manager secret \(arn), and the job role may not read it: add \"connection_secret_arn\": \"\(arn)\" to \"glue\" in the config and regenerate the directory (the policy then grants secretsmanager:GetSecretValue on it)"])

        let byName = ConnectionSecret.check(connection: try connection(secretId: "shop/mysql"), name: "src", configured: nil)
        XCTAssertTrue(byName.problems[0].contains("add \"connection_secret_arn\": \"ARN\""), byName.problems[0])
        XCTAssertTrue(byName.problems[0].hasSuffix("its complete ARN: aws secretsmanager describe-secret --secret-id shop/mysql --query ARN --output text"), byName.problems[0])

        XCTAssertEqual(ConnectionSecret.check(connection: try connection(secretId: "shop/mysql"), name: "src", configured: arn).problems, [])
        let other = ConnectionSecret.check(connection: try connection(secretArn: arn), name: "src",
                                           configured: "arn:aws:secretsmanager:us-east-1:123456789012:secret:other-XyZ789")
        XCTAssertEqual(other.problems.count, 1)
        XCTAssertTrue(other.problems[0].contains("set it to \(arn)"), other.problems[0])

        let unneeded = ConnectionSecret.check(connection: try connection(), name: "src", configured: arn)
        XCTAssertEqual(unneeded.problems, [])
        XCTAssertEqual(unneeded.warnings.count, 1)
    }

    func testBucketLocationNormalisationAndCheck() {
        XCTAssertEqual(S3Client.region(fromLocationConstraint: ""), "us-east-1")
        XCTAssertEqual(S3Client.region(fromLocationConstraint: "null"), "us-east-1")
        XCTAssertEqual(S3Client.region(fromLocationConstraint: "EU"), "eu-west-1")
        XCTAssertEqual(S3Client.region(fromLocationConstraint: "ap-southeast-2"), "ap-southeast-2")
        XCTAssertEqual(ArtifactsBucket.check(.region("us-east-1"), bucket: "b", region: "us-east-1").problems, [])
        XCTAssertEqual(ArtifactsBucket.check(.missing, bucket: "b", region: "us-east-1").notes,
                       ["S3 bucket b does not exist yet: deploy creates it in us-east-1 (default encryption SSE-S3, all public access blocked)"])
        let wrong = ArtifactsBucket.check(.region("eu-west-1"), bucket: "b", region: "us-east-1").problems
        XCTAssertEqual(wrong.count, 1)
        XCTAssertTrue(wrong[0].hasPrefix("S3 bucket b is in eu-west-1, the config's region is us-east-1"), wrong[0])
    }

    func testDriverLogSourcesPerGlueVersionAndCustomPrefixes() {
        XCTAssertEqual(ErrorLogTail.sources(glueVersion: "5.0", jobRunId: "jr_1", arguments: [:]).map(\.label),
                       ["/aws-glue/jobs/error/jr_1-driver", "/aws-glue/jobs/output/jr_1-driver"])
        XCTAssertEqual(ErrorLogTail.sources(glueVersion: "5.0", jobRunId: "jr_1", arguments: ["--custom-logGroup-prefix": "/team/glue/"]).map(\.label),
                       ["/team/glue/error/jr_1-driver", "/team/glue/output/jr_1-driver"])
        let custom = ErrorLogTail.sources(glueVersion: "5.0", jobRunId: "jr_1", arguments: ["--custom-logStream-prefix": "users"])
        XCTAssertEqual(custom.map(\.streamPrefix), ["users", "users"])
        XCTAssertEqual(custom.map(\.stream), [nil, nil])
        XCTAssertEqual(ErrorLogTail.sources(glueVersion: "4.0", jobRunId: "jr_1", arguments: ["--custom-logGroup-prefix": "/ignored"]).map(\.label),
                       ["/aws-glue/jobs/error/jr_1", "/aws-glue/jobs/output/jr_1"])
    }

    func testHintNamesTheStreamsItRead() {
        XCTAssertTrue(ErrorLogTail.hint(errorMessage: "boom", tail: [], sources: ["/g/error/jr_1-driver"]).contains("/g/error/jr_1-driver"))
        XCTAssertTrue(ErrorLogTail.hint(errorMessage: "boom", tail: []).contains("/aws-glue/jobs/error and /aws-glue/jobs/output"))
    }

    func testStateFileKeepsEstimatesAndReadsOlderFilesWithoutThem() throws {
        let dir = CLI.tempDir(for: self)
        try Data(#"{"state_version": 1, "runs": []}"#.utf8).write(to: dir.appendingPathComponent(DeployState.fileName))
        var state = try DeployState.load(from: dir)
        XCTAssertEqual(state.estimates, [])
        state.record(estimates: [.init(table: "Users", items: 10, writeUnits: 12, estimatedAt: "t1"), .init(table: "Orders", items: 5, writeUnits: 5, estimatedAt: "t1")])
        state.record(estimates: [.init(table: "Users", items: 20, writeUnits: 24, estimatedAt: "t2")])
        try state.save(to: dir)
        let loaded = try DeployState.load(from: dir)
        XCTAssertEqual(loaded.expectedItems("Users"), 20)
        XCTAssertEqual(loaded.expectedItems("Orders"), 5)
        XCTAssertNil(loaded.expectedItems("Missing"))
        XCTAssertEqual(loaded.estimates.map(\.table), ["Orders", "Users"])
    }

    /// `plan --mysql` keeps its estimate where live progress finds the expected items.
    func testRunEstimateIsRecordedInTheStateFile() throws {
        let dir = CLI.tempDir(for: self)
        try DeployState(runs: [.init(table: "Users", job: "j", jobRunId: "jr_1", ddbmRunId: "ddbm-1", startedAt: "t")]).save(to: dir)
        let tables = [RunEstimate.Table(table: "Users", items: 1200, writeUnits: 1500, dollars: 0, seconds: nil, exceedsTimeout: false)]
        try RunEstimate.record(tables, in: dir, now: Date(timeIntervalSince1970: 0))
        let state = try DeployState.load(from: dir)
        XCTAssertEqual(state.estimates, [.init(table: "Users", items: 1200, writeUnits: 1500, estimatedAt: "1970-01-01T00:00:00Z")])
        XCTAssertEqual(state.runs.count, 1, "the runs are kept")
    }

    /// A config naming a secret the directory was not generated with is a config mismatch.
    func testConfigAgreementComparesTheConnectionSecret() throws {
        let example = CLI.repo.appendingPathComponent("contracts/modernizer/config.json")
        let d = DiagnosticEngine()
        var config = try XCTUnwrap(ConfigParser.parse(bytes: Array(try Data(contentsOf: example)), file: "config.json", diagnostics: d))
        let directory = try GeneratedDirectory(CLI.repo.appendingPathComponent("generated/modernizer").path)
        XCTAssertEqual(ConfigAgreement.differences(config: config, manifest: directory.manifest), [])
        config.glue.connectionSecretARN = arn
        XCTAssertEqual(ConfigAgreement.differences(config: config, manifest: directory.manifest),
                       ["glue.connection_secret_arn: the config says '\(arn)', the directory was generated with '(none)'"])
    }
}
