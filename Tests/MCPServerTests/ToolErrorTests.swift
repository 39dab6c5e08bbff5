import MCP
@testable import MCPServer
import Operations
import XCTest

/// Failures become tool errors with the CLI's message and exit class; results pass the secret scan.
final class ToolErrorTests: XCTestCase {
    func error(_ result: CallTool.Result) -> [String: Value] {
        result.structuredContent?.objectValue?["error"]?.objectValue ?? [:]
    }

    func testExitClassesMapToTheCLIsCodes() {
        let input = ToolDispatch.errorResult(CommandFailure(.input, "cannot read out/views.sql: run 'ddb-migrate generate' first"))
        XCTAssertEqual(input.isError, true)
        XCTAssertEqual(error(input)["exit_class"], "input")
        XCTAssertEqual(error(input)["exit_code"], 1)
        XCTAssertEqual(input.content, [.text(text: "error: cannot read out/views.sql: run 'ddb-migrate generate' first", annotations: nil, _meta: nil)])

        let unreachable = ToolDispatch.errorResult(DeployFailure.unreachable("checking preconditions: AWS unreachable"))
        XCTAssertEqual(error(unreachable)["exit_class"], "unreachable")
        XCTAssertEqual(error(unreachable)["exit_code"], 3)
        XCTAssertEqual(error(unreachable)["message"], "checking preconditions: AWS unreachable")

        let wrong = ToolDispatch.errorResult(DeployFailure(.targetWrong, ["region differs", "account differs"]))
        XCTAssertEqual(error(wrong)["exit_class"], "input")
        XCTAssertEqual(error(wrong)["message"], "region differs\naccount differs")

        let argument = ToolDispatch.errorResult(ArgumentError("arguments.dir is required"))
        XCTAssertEqual(error(argument)["exit_class"], "input")
    }

    func testAToolFailureKeepsWhatWasFound() {
        let r = ToolDispatch.errorResult(ToolFailure(CommandFailure(.input, "preflight: 1 table would lose or collide data: Users"),
                                                     details: ["tables": [["table": "Users"]]]))
        XCTAssertEqual(r.structuredContent?.objectValue?["details"]?.objectValue?["tables"]?.arrayValue?.count, 1)
    }

    func testDeployIsRefusedWithoutTheWriteGate() async throws {
        let root = try RootDirectory(FileManager.default.temporaryDirectory.path)
        let context = ToolContext(root: root, mysql: nil, config: nil, allowAWSWrites: false, progress: .none)
        let r = await ToolDispatch(context: context, secrets: SecretScan(secrets: [])).call(DeployTool(), arguments: ["dir": "out"])
        XCTAssertEqual(r.isError, true)
        XCTAssertEqual(error(r)["message"], .string(DeployTool.refusal))
        XCTAssertEqual(error(r)["exit_class"], "input")
    }

    func testSecretsAreRedactedEverywhereInAResult() async throws {
        let scan = SecretScan.fromEnvironment(["MYSQL_PWD": "hunter2-pw", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG", "HOME": "/root"],
                                              mysqlPassword: "url-pass")
        XCTAssertEqual(scan.redact("login hunter2-pw failed; key wJalrXUtnFEMI/K7MDENG; url-pass"), "login *** failed; key ***; ***")
        let value: Value = ["a": ["b": "x hunter2-pw y"], "list": ["url-pass", 3]]
        let redacted = scan.redact(value)
        XCTAssertEqual(redacted, ["a": ["b": "x *** y"], "list": ["***", 3]])
        XCTAssertTrue(scan.isClean("nothing here /root"))
        // Too short to search for without blanking out ordinary words.
        XCTAssertEqual(SecretScan(secrets: ["ab"]).secrets, [])

        // The dispatcher scans what a tool returns, error or not.
        let root = try RootDirectory(FileManager.default.temporaryDirectory.path)
        let context = ToolContext(root: root, mysql: nil, config: nil, allowAWSWrites: false, progress: .none)
        // apply_views' message names the directory it could not read: here, the password.
        let r = await ToolDispatch(context: context, secrets: scan).call(ApplyViewsTool(), arguments: ["dir": "hunter2-pw"])
        XCTAssertEqual(r.isError, true)
        XCTAssertEqual(error(r)["message"], "cannot read ***/views.sql: run 'ddb-migrate generate' first")
        let text = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
        XCTAssertTrue(scan.isClean(text), text)
    }

    func testBadArgumentsNeverReachTheTool() async throws {
        let root = try RootDirectory(FileManager.default.temporaryDirectory.path)
        let context = ToolContext(root: root, mysql: nil, config: nil, allowAWSWrites: true, progress: .none)
        let dispatch = ToolDispatch(context: context, secrets: SecretScan(secrets: []))
        let missing = await dispatch.call(DeployTool(), arguments: [:])
        XCTAssertEqual(error(missing)["message"], "arguments.dir is required")
        let typed = await dispatch.call(DeployTool(), arguments: ["dir": "out", "run": "yes"])
        XCTAssertEqual(error(typed)["message"], "arguments.run must be a boolean, got a string")
        let outside = await dispatch.call(ApplyViewsTool(), arguments: ["dir": "/etc"])
        XCTAssertEqual(error(outside)["message"], "arguments.dir '/etc' is outside the allowed directory (--root); give a path under it")
    }

    func testProgressOnlyGrowsAndIsSentInOrder() async {
        let sent = LineCollector()
        let reporter = ProgressReporter(token: .string("t")) { p in sent.append("\(p.progress) \(p.message ?? "")") }
        reporter.report(1, total: 3, "one")
        reporter.report(0.5, total: 3, "late")
        reporter.step("next")
        await reporter.finish()
        XCTAssertEqual(sent.lines, ["1.0 one", "1.0 late", "2.0 next"])
        // Without a token nothing is sent.
        let quiet = LineCollector()
        let none = ProgressReporter(token: nil) { p in quiet.append("\(p.progress)") }
        none.report(1, "x")
        await none.finish()
        XCTAssertEqual(quiet.lines, [])
    }
}
