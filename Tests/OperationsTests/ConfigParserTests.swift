import XCTest
import Diagnostics
@testable import Backends

final class ConfigParserTests: XCTestCase {
    private func parse(_ text: String) -> (MigrationConfig?, [Diagnostic]) {
        let d = DiagnosticEngine()
        let c = ConfigParser.parse(bytes: Array(text.utf8), file: "config.json", diagnostics: d)
        return (c, d.sorted)
    }

    private let minimal = """
    {"region": "eu-west-1", "account_id": "123456789012",
     "s3": {"bucket": "my-bucket"},
     "glue": {"connection_name": "src", "role_name": "migrator"}}
    """

    func testMinimalConfigTakesDefaults() throws {
        let (c, diags) = parse(minimal)
        XCTAssertEqual(diags, [])
        let config = try XCTUnwrap(c)
        XCTAssertEqual(config.region, "eu-west-1")
        XCTAssertEqual(config.glue.version, "5.0")
        XCTAssertEqual(config.s3.scriptsPrefix, "ddb-migrate/scripts/")
        XCTAssertEqual(config.tableARN("Users"), "arn:aws:dynamodb:eu-west-1:123456789012:table/Users")
    }

    func testExampleConfigIsValid() throws {
        let url = URL(fileURLWithPath: #filePath).appendingPathComponent("../../../contracts/modernizer/config.json").standardizedFileURL
        let (c, diags) = parse(try String(contentsOf: url, encoding: .utf8))
        XCTAssertEqual(diags.filter { $0.severity == .error }, [])
        XCTAssertEqual(c?.writes.ceiling(for: "Users"), 1000)
        XCTAssertEqual(c?.writes.ceiling(for: "Products"), 0)
    }

    func testTheFewestKeysAReadRangeCoversIsConfiguredAndBounded() throws {
        let (c, diags) = parse(minimal)
        XCTAssertEqual(diags, [])
        XCTAssertEqual(c?.writes.minKeysPerReadRange, 25_000)
        let set = minimal.replacingOccurrences(of: "\"s3\":", with: "\"writes\": {\"min_keys_per_read_range\": 500},\n \"s3\":")
        XCTAssertEqual(parse(set).0?.writes.minKeysPerReadRange, 500)
        let zero = minimal.replacingOccurrences(of: "\"s3\":", with: "\"writes\": {\"min_keys_per_read_range\": 0},\n \"s3\":")
        let (bad, badDiags) = parse(zero)
        XCTAssertNil(bad)
        XCTAssertEqual(badDiags.map { "\($0.location!.line):\($0.location!.column) \($0.code)" }, ["2:40 config-value"])
    }

    /// The role's permissions policy is written as iam/<role_name>-policy.json: a role named
    /// `trust` (in any case) would write it over iam/trust-policy.json, the role's trust policy,
    /// and deploy would create the role with the permissions as its trust policy.
    func testARoleNameWhosePolicyFileIsTheTrustPolicysIsRefused() throws {
        for role in ["trust", "Trust", "TRUST"] {
            let (c, diags) = parse(minimal.replacingOccurrences(of: "\"role_name\": \"migrator\"", with: "\"role_name\": \"\(role)\""))
            XCTAssertNil(c, role)
            XCTAssertEqual(diags.map { "\($0.location!.line):\($0.location!.column) \($0.code)" }, ["3:50 config-value"], role)
            XCTAssertTrue(diags.first?.message.contains("over its trust policy (iam/trust-policy.json)") == true, diags.first?.message ?? "")
            XCTAssertEqual(diags.first?.fixIts.first?.message, "choose another role name, such as 'ddb-migrate-glue'")
        }
        for role in ["trusted", "trust-role", "my-trust"] {
            let (c, diags) = parse(minimal.replacingOccurrences(of: "\"role_name\": \"migrator\"", with: "\"role_name\": \"\(role)\""))
            XCTAssertEqual(diags, [], role)
            XCTAssertEqual(c?.glue.roleName, role)
        }
    }

    func testErrorsPointAtTheValue() {
        let (c, diags) = parse("""
        {"region": "mars", "account_id": "12345",
         "s3": {"bucket": "Bad_Bucket", "scripts_prefix": "/abs"},
         "glue": {"connection_name": "src", "role_name": "r", "version": "5.1", "number_of_workers": 1.5}}
        """)
        XCTAssertNil(c)
        let found = diags.map { "\($0.location!.line):\($0.location!.column) \($0.code)" }
        XCTAssertEqual(found, [
            "1:13 config-value", "1:35 config-value",
            "2:20 config-value", "2:52 config-value",
            "3:67 config-value", "3:94 wrong-type",
        ])
        XCTAssertTrue(diags[4].message.contains("did you mean '5.0'?"), diags[4].message)
    }

    func testMisspeltKeyGetsDidYouMeanAndSecretsAreRefused() {
        let (c, diags) = parse("""
        {"region": "us-east-1", "account_id": "123456789012", "s3": {"bucket": "b-1", "tmp_prefix": "x/"},
         "glue": {"connection_name": "src", "role_name": "r", "password": "hunter2"}}
        """)
        XCTAssertNil(c)
        XCTAssertEqual(diags.map(\.code), ["unknown-key", "secret-in-config"])
        XCTAssertTrue(diags[0].message.contains("did you mean 'temp_prefix'?"))
        XCTAssertEqual(diags[0].fixIts.first?.replacement, "temp_prefix")
        XCTAssertFalse(diags.map(\.message).joined().contains("hunter2"))
    }

    func testMissingRequiredKeys() {
        let (c, diags) = parse("{\"region\": \"us-east-1\"}")
        XCTAssertNil(c)
        XCTAssertEqual(diags.map(\.message), [
            "the config is missing the required key 'account_id'",
            "the config is missing the required key 's3'",
            "the config is missing the required key 'glue'",
        ])
    }

    /// The marker tag is deploy's: the config may not set a `ddb-migrate:` key, and may have one
    /// tag fewer than IAM and Glue allow (50), since deploy adds the marker.
    func testTagsLeaveRoomForTheMarker() throws {
        func config(tags: String) -> String {
            minimal.replacingOccurrences(of: "\"s3\":", with: "\"tags\": {\(tags)}, \"s3\":")
        }
        let (reserved, diags) = parse(config(tags: "\"DDB-Migrate:migration\": \"x\""))
        XCTAssertNil(reserved)
        XCTAssertTrue(diags.first?.message.contains("is reserved") ?? false, "\(diags)")
        let fortyNine = (1...49).map { "\"k\($0)\": \"v\"" }.joined(separator: ", ")
        let (ok, none) = parse(config(tags: fortyNine))
        XCTAssertEqual(none, [])
        XCTAssertEqual(try XCTUnwrap(ok).resourceTags.count, 50)
        XCTAssertEqual(ok?.resourceTags["ddb-migrate:migration"], "migrator")
        let (fifty, tooMany) = parse(config(tags: fortyNine + ", \"k50\": \"v\""))
        XCTAssertNil(fifty)
        XCTAssertTrue(tooMany.first?.message.contains("at most 49 tags") ?? false, "\(tooMany)")
        XCTAssertEqual(MigrationMarker.value(roleName: "a,b@c"), "a_b@c")
    }

    private func withGlue(_ extra: String) -> String {
        """
        {"region": "us-east-1", "account_id": "123456789012", "s3": {"bucket": "my-bucket"},
         "glue": {"connection_name": "src", "role_name": "migrator", \(extra)}}
        """
    }

    /// Regression: G.025X (streaming only) and Z.2X (Ray only) were accepted, and CreateJob
    /// refuses them for a glueetl job; G.12X/G.16X/R.* (Spark, Glue 4.0+) were refused.
    func testWorkerTypesAreExactlyTheSparkETLOnes() {
        for accepted in ["G.1X", "G.2X", "G.4X", "G.8X", "G.12X", "G.16X", "R.1X", "R.2X", "R.4X", "R.8X"] {
            let (c, diags) = parse(withGlue("\"worker_type\": \"\(accepted)\""))
            XCTAssertEqual(diags, [], accepted)
            XCTAssertEqual(c?.glue.workerType, accepted)
        }
        for (refused, kind) in [("G.025X", "streaming jobs"), ("Z.2X", "Ray jobs"), ("Standard", "Glue 1.0")] {
            let (c, diags) = parse(withGlue("\"worker_type\": \"\(refused)\""))
            XCTAssertNil(c, refused)
            XCTAssertEqual(diags.map(\.code), ["config-value"], refused)
            XCTAssertTrue(diags[0].message.contains("must be one of G.1X, G.2X, G.4X, G.8X, G.12X, G.16X, R.1X, R.2X, R.4X, R.8X"), diags[0].message)
            XCTAssertTrue(diags[0].notes.map(\.message).joined().contains("\(refused) is a worker type for \(kind)"), "\(diags[0].notes)")
            XCTAssertTrue(diags[0].notes.map(\.message).joined().contains("a Spark ETL job (glueetl) on Glue 4.0 and 5.0 accepts"), "\(diags[0].notes)")
        }
    }

    func testConnectionSecretARNIsCheckedAndKept() throws {
        let arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/mysql-AbC123"
        let (c, diags) = parse(withGlue("\"connection_secret_arn\": \"\(arn)\""))
        XCTAssertEqual(diags, [])
        XCTAssertEqual(c?.glue.connectionSecretARN, arn)
        XCTAssertNil(try XCTUnwrap(parse(minimal).0).glue.connectionSecretARN)

        let (bad, badDiags) = parse(withGlue("\"connection_secret_arn\": \"shop/mysql\""))
        XCTAssertNil(bad)
        XCTAssertEqual(badDiags.map(\.code), ["config-value"])
        XCTAssertTrue(badDiags[0].message.contains("a Secrets Manager secret ARN"), badDiags[0].message)

        let (elsewhere, warnings) = parse(withGlue("\"connection_secret_arn\": \"arn:aws:secretsmanager:eu-west-1:210987654321:secret:db\""))
        XCTAssertNotNil(elsewhere)
        XCTAssertEqual(warnings.map(\.severity), [.warning, .warning, .warning])
        XCTAssertEqual(warnings.map(\.message), [
            "'connection_secret_arn' is in region eu-west-1, the config's region is us-east-1",
            "'connection_secret_arn' looks like a partial ARN (no '-' and six characters after the name); the role's policy would not match the secret's real ARN",
            "'connection_secret_arn' is in account 210987654321, the config's account is 123456789012",
        ])

        let (china, chinaDiags) = parse(withGlue("\"connection_secret_arn\": \"arn:aws-cn:secretsmanager:us-east-1:123456789012:secret:db-AbC123\""))
        XCTAssertNil(china)
        XCTAssertTrue(chinaDiags[0].message.contains("is in partition aws-cn"), chinaDiags[0].message)
    }

    /// Every worker type of botocore's Glue model is either accepted (Spark ETL) or refused with
    /// its reason, so a new one shows up here instead of as a CreateJob error.
    func testWorkerTypesCoverBotocoresGlueModel() throws {
        let r = try MotoExtServer.runPython(["-c", "import botocore.loaders as l; print(' '.join(l.Loader().load_service_model('glue', 'service-2')['shapes']['WorkerType']['enum']))"])
        guard r.status == 0 else { throw XCTSkip("\(MotoExtServer.python) lacks botocore: \(r.stderr)") }
        let botocore = Set(r.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        XCTAssertEqual(Set(MigrationConfig.sparkWorkerTypes).union(MigrationConfig.nonSparkWorkerTypes.keys), botocore)
    }
}
