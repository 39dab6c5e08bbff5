import Foundation
import MySQL
import Operations
import XCTest

/// `preflight DIR` reads the verified directory, as `plan` does; `preflight CONTRACT` generates
/// into a temporary directory first, so both forms check the same views and keys.
final class PreflightCommandTests: XCTestCase {
    let example = CLI.repo.appendingPathComponent("contracts/modernizer")

    private func generate(into dir: URL, dialect: String = "mariadb") throws {
        let r = try CLI.run(["generate", example.appendingPathComponent("contract.json").path,
                             "--schema", example.appendingPathComponent("schema.json").path,
                             "--dialect", dialect, "--out", dir.path])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    /// The CLI's `--mysql` for `db` with the password in MYSQL_PWD (never on a command line).
    private func mysqlArguments(_ db: TestDatabase) -> (url: String, environment: [String: String]) {
        var url = db.url
        let password = url.password
        url.password = nil
        return (url.unredactedString, password.map { ["MYSQL_PWD": $0] } ?? [:])
    }

    func testTheFormIsWhatThePathIs() throws {
        let dir = CLI.tempDir(for: self)
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertEqual(PreflightInput.form(of: dir.path), .directory)
        XCTAssertEqual(PreflightInput.form(of: example.appendingPathComponent("contract.json").path), .contract)
        XCTAssertEqual(PreflightInput.form(of: dir.appendingPathComponent("missing").path), .contract, "a missing path is read as a contract: 'no such file'")
    }

    /// The example on MariaDB: the directory and the contract give the same report, byte for byte.
    func testBothFormsGiveTheSameReportOnTheExample() throws {
        let db = try ViewRowsComparison.load(folder: example, server: try ViewRowsComparison.liveServer(), dialect: .mariadb).database
        defer { db.drop() }
        let dir = CLI.tempDir(for: self)
        defer { try? FileManager.default.removeItem(at: dir) }
        try generate(into: dir.appendingPathComponent("out"))
        let (url, environment) = mysqlArguments(db)
        let fromDirectory = try CLI.run(["preflight", dir.appendingPathComponent("out").path, "--mysql", url], environment: environment)
        let fromContract = try CLI.run(["preflight", example.appendingPathComponent("contract.json").path,
                                        "--schema", example.appendingPathComponent("schema.json").path, "--mysql", url],
                                       environment: environment)
        XCTAssertEqual(fromDirectory.status, 0, fromDirectory.stderr)
        XCTAssertEqual(fromContract.status, 0, fromContract.stderr)
        for view in ["ddb_categories_view", "ddb_products_view", "ddb_users_view"] {
            XCTAssertTrue(fromDirectory.stdout.contains(view), fromDirectory.stdout)
        }
        XCTAssertEqual(fromDirectory.stdout, fromContract.stdout)
        XCTAssertEqual(fromDirectory.stderr, fromContract.stderr)
        // The contract form leaves no temporary directory behind.
        let left = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("ddbm-preflight-") }
        XCTAssertEqual(left, [])
    }

    /// An artifact changed since `generate`: exit 1 before any connection (the URL points at a
    /// closed port; reaching it would be exit 3).
    func testATamperedDirectoryIsRefusedAndNothingRuns() throws {
        let dir = CLI.tempDir(for: self)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        try generate(into: out)
        let views = out.appendingPathComponent("views.sql")
        try (try String(contentsOf: views, encoding: .utf8) + "\n-- edited\n").write(to: views, atomically: true, encoding: .utf8)
        let unreachable = "mysql://migrator@127.0.0.1:9/shop"
        for command in ["preflight", "apply-views"] {
            let r = try CLI.run([command, out.path, "--mysql", unreachable])
            XCTAssertEqual(r.status, 1, "\(command): \(r.stderr)")
            XCTAssertEqual(r.stdout, "", command)
            XCTAssertEqual(r.stderr, "error: \(out.path)/views.sql differs from manifest.json (edited by hand?): regenerate the directory instead\n", command)
        }
        // A directory generate did not write: its manifest is named.
        let r = try CLI.run(["preflight", dir.path, "--mysql", unreachable])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("manifest.json not found: is \(dir.path) a directory written by 'ddb-migrate generate'?"), r.stderr)
    }

    func testContractFormErrorsAndUsage() throws {
        let dir = CLI.tempDir(for: self)
        defer { try? FileManager.default.removeItem(at: dir) }
        let unreachable = "mysql://migrator@127.0.0.1:9/shop"
        // A contract with errors: its diagnostics, exit 1, nothing run.
        let bad = dir.appendingPathComponent("bad.json")
        try Data(#"{"tables": [{"type": "single-entity"}]}"#.utf8).write(to: bad)
        let r = try CLI.run(["preflight", bad.path, "--mysql", unreachable])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("\(bad.path):1:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("missing the required key"), r.stderr)
        // --schema belongs to the contract form.
        try generate(into: dir.appendingPathComponent("out"))
        let usage = try CLI.run(["preflight", dir.appendingPathComponent("out").path,
                                 "--schema", example.appendingPathComponent("schema.json").path, "--mysql", unreachable])
        XCTAssertEqual(usage.status, 2)
        XCTAssertTrue(usage.stderr.contains("--schema applies to a contract only"), usage.stderr)
    }
}
