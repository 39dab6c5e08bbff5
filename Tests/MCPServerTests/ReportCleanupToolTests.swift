import Foundation
import MCP
@testable import MCPServer
import Operations
import XCTest

/// `report` and `cleanup`: their arguments, and cleanup's write gate (`confirm` needs
/// `--allow-aws-writes`; a dry run does not). AWS and MySQL paths are in tests/python/test_e2e_mcp.py.
final class ReportCleanupToolTests: XCTestCase {
    var root: URL!

    /// A root holding the golden modernizer directory as `out` and its config.
    override func setUpWithError() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ddbm-mcp-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: repo.appendingPathComponent("generated/modernizer"), to: root.appendingPathComponent("out"))
        try FileManager.default.copyItem(at: repo.appendingPathComponent("contracts/modernizer/config.json"), to: root.appendingPathComponent("config.json"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func dispatch(allowAWSWrites: Bool = false, config: String? = nil) throws -> ToolDispatch {
        let r = try RootDirectory(root.path)
        return ToolDispatch(context: ToolContext(root: r, mysql: nil, config: config.map { root.appendingPathComponent($0).path },
                                                 allowAWSWrites: allowAWSWrites, progress: .none),
                            secrets: SecretScan(secrets: []))
    }

    func error(_ result: CallTool.Result) -> [String: Value] {
        XCTAssertEqual(result.isError, true)
        return result.structuredContent?.objectValue?["error"]?.objectValue ?? [:]
    }

    func testReportArgumentsAreChecked() async throws {
        let d = try dispatch()
        let cases: [([String: Value], String)] = [
            ([:], "arguments.dir is required"),
            (["dir": "out", "format": "pdf"], "arguments.format must be one of md, json, html, all, got 'pdf'"),
            (["dir": "out", "mysql": "yes"], "arguments.mysql must be a boolean, got a string"),
            (["dir": "out", "out": "/tmp/elsewhere"], "arguments.out '/tmp/elsewhere' is outside the allowed directory (--root); give a path under it"),
            (["dir": "out", "runs": "../runs"], "arguments.runs '../runs' is outside the allowed directory (--root); give a path under it"),
            (["dir": "out", "password": "x"], "arguments has no field 'password' (known: dir, config, runs, out, format, mysql)"),
        ]
        for (arguments, message) in cases {
            let e = error(await d.call(ReportTool(), arguments: arguments))
            XCTAssertEqual(e["message"], .string(message), "\(arguments)")
            XCTAssertEqual(e["exit_class"], "input")
        }
    }

    /// The CLI's messages and exit class for a run-local folder that is missing or holds no runs;
    /// nothing is written.
    func testReportWithoutRunsIsAnInputErrorAndWritesNothing() async throws {
        let d = try dispatch()
        let missing = error(await d.call(ReportTool(), arguments: ["dir": "out", "runs": "work"]))
        XCTAssertEqual(missing["message"], "--runs work does not exist: give the folder 'run-local --work' wrote")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("work"), withIntermediateDirectories: true)
        let empty = error(await d.call(ReportTool(), arguments: ["dir": "out", "runs": "work"]))
        XCTAssertEqual(empty["message"], "table Categories has no run summary yet (work/Categories/reports/Categories/): run its job first (deploy --run, or run-local)")
        XCTAssertEqual(empty["exit_class"], "input")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("out/report").path))
    }

    /// `report` and `validate` open their directory the same way (`ToolContext.readTarget`): a
    /// folder without a manifest is the same input error from both.
    func testReportAndValidateRefuseADirectoryWithoutAManifestAlike() async throws {
        try FileManager.default.createDirectory(at: root.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let d = try dispatch()
        let report = error(await d.call(ReportTool(), arguments: ["dir": "empty"]))
        let validate = error(await d.call(ValidateTool(), arguments: ["dir": "empty"]))
        XCTAssertEqual(report["exit_class"], "input")
        XCTAssertEqual(report["message"], validate["message"])
        XCTAssertTrue(report["message"]?.stringValue?.contains("empty/manifest.json") == true, "\(report)")
    }

    func testCleanupArgumentsAreChecked() async throws {
        let d = try dispatch(allowAWSWrites: true)
        let cases: [([String: Value], String)] = [
            ([:], "arguments.dir is required"),
            (["dir": "out", "confirm": "yes"], "arguments.confirm must be a boolean, got a string"),
            (["dir": "out", "views": 1], "arguments.views must be a boolean, got a number"),
            (["dir": "/etc"], "arguments.dir '/etc' is outside the allowed directory (--root); give a path under it"),
            (["dir": "out", "yes": true], "arguments has no field 'yes' (known: dir, config, confirm, all, views)"),
            // No config given and none on the server.
            (["dir": "out"], "arguments.config is required (the server was started without --config)"),
        ]
        for (arguments, message) in cases {
            let e = error(await d.call(CleanupTool(), arguments: arguments))
            XCTAssertEqual(e["message"], .string(message), "\(arguments)")
            XCTAssertEqual(e["exit_class"], "input")
        }
    }

    /// `confirm` without `--allow-aws-writes` is refused before anything is read; the same call
    /// as a dry run passes the gate (and here stops at the next check: views need `--mysql`).
    func testCleanupConfirmNeedsTheWriteGateADryRunDoesNot() async throws {
        let d = try dispatch(allowAWSWrites: false, config: "config.json")
        let refused = error(await d.call(CleanupTool(), arguments: ["dir": "out", "confirm": true, "views": true]))
        XCTAssertEqual(refused["message"], .string(CleanupTool.refusal))
        XCTAssertEqual(refused["exit_class"], "input")
        XCTAssertTrue(CleanupTool.refusal.contains("--allow-aws-writes"))

        for arguments: [String: Value] in [["dir": "out", "views": true], ["dir": "out", "confirm": false, "views": true]] {
            let dry = error(await d.call(CleanupTool(), arguments: arguments))
            XCTAssertEqual(dry["message"], "cleanup needs MySQL: start the server with --mysql URL (the password in MYSQL_PWD)", "\(arguments)")
        }
        // With the gate open, confirm gets as far as the dry run does.
        let open = try dispatch(allowAWSWrites: true, config: "config.json")
        let allowed = error(await open.call(CleanupTool(), arguments: ["dir": "out", "confirm": true, "views": true]))
        XCTAssertEqual(allowed["message"], "cleanup needs MySQL: start the server with --mysql URL (the password in MYSQL_PWD)")
    }
}
