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
}
