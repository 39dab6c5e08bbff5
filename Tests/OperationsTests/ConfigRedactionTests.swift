import Backends
import Foundation
import XCTest

/// A config that wrongly holds a credential is refused (`secret-in-config`); the refusal must not
/// print the credential: excerpts show the config's text with such values masked.
final class ConfigRedactionTests: XCTestCase {
    private func masked(_ text: String) -> String {
        String(decoding: ConfigRedaction.masked(Array(text.utf8)), as: UTF8.self)
    }

    /// As a user runs it: `generate --config`. Failed before: the excerpt of the
    /// `secret-in-config` error was the config's line, password included.
    func testGenerateNeverPrintsTheSecretOfARefusedConfig() throws {
        let dir = CLI.tempDir(for: self)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("config.json").path
        try """
        {
          "region": "us-east-1", "mysql_password": "hunter2-very-secret", "account_id": 42,
          "db": {"api_token": ["tok-1", 99]}
        }
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let contract = CLI.repo.appendingPathComponent("contracts/modernizer/contract.json").path
        let out = dir.appendingPathComponent("out").path
        let r = try CLI.run(["generate", contract, "--config", config, "--out", out])
        XCTAssertEqual(r.status, 1, r.stderr)
        // Without the file's path: a random directory name can hold "99" (it did: 4B599E61).
        let text = (r.stdout + r.stderr).replacingOccurrences(of: dir.path, with: "DIR")
        XCTAssertTrue(text.contains("'mysql_password' looks like a secret"), text)
        for secret in ["hunter2", "tok-1", "99"] { XCTAssertFalse(text.contains(secret), "\(secret) printed:\n\(text)") }
        XCTAssertTrue(text.contains(#""mysql_password": "*******************""#), text)
        // The caret of the error after the masked value on the same line still points at it.
        let lines = text.components(separatedBy: "\n")
        let accountError = try XCTUnwrap(lines.firstIndex { $0.contains("error") && $0.contains("account") }, text)
        let excerpt = Array(lines[accountError + 1].unicodeScalars), caret = Array(lines[accountError + 2].unicodeScalars)
        let column = try XCTUnwrap(caret.firstIndex(of: "^"))
        XCTAssertEqual(String(String.UnicodeScalarView(excerpt[column..<(column + 2)])), "42", text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testMasksEveryScalarOfASecretValueAndNothingElse() {
        XCTAssertEqual(masked(#"{"password": "abc", "region": "us-east-1"}"#), #"{"password": "***", "region": "us-east-1"}"#)
        // Numbers, literals, whitespace before the colon, an escaped quote inside the value.
        XCTAssertEqual(masked(#"{"secret_key" : 12345, "token":true, "x_passwd": "a\"b"}"#),
                       #"{"secret_key" : *****, "token":****, "x_passwd": "****"}"#)
        // Objects and arrays as a secret's value: every string and literal inside, keys too.
        XCTAssertEqual(masked(#"{"credentials": {"user": "u", "list": [1, "two"]}, "region": "r"}"#),
                       #"{"credentials": {"****": "*", "****": [*, "***"]}, "region": "r"}"#)
        // One `*` per character, so columns (which count scalars) stay where they were.
        XCTAssertEqual(masked(#"{"password": "pässwörd"}"#), #"{"password": "********"}"#)
    }

    func testLeavesTheConfigsOwnKeysAndOtherValuesAlone() {
        let arn = #"{"glue": {"connection_secret_arn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbC123"}}"#
        XCTAssertEqual(masked(arn), arn)
        let values = #"{"tags": {"team": "password-reset"}, "note": "the token is elsewhere"}"#
        XCTAssertEqual(masked(values), values)
    }

    func testMasksInAConfigThatDoesNotParse() {
        // Unterminated string: masked to the end of its line, the next line untouched.
        XCTAssertEqual(masked("{\"password\": \"abc\n\"region\": 1"), "{\"password\": \"***\n\"region\": 1")
        XCTAssertEqual(masked(#"{"password": "abc"#), #"{"password": "***"#)
        XCTAssertEqual(masked(#"{"password": abc def}"#), #"{"password": *** def}"#)
        XCTAssertEqual(masked(#"{"password""#), #"{"password""#)
        XCTAssertEqual(masked(#"{"password": "\"#), #"{"password": "*"#)
    }
}
