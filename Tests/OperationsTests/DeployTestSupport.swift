import Foundation
import TestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// A moto server with the project's Glue extension (tests/moto_ext/server.py), one per test
/// class, plus boto3 helpers (tests/moto_ext/fixture.py) to seed and inspect the fake account.
/// The interpreter is `DDBM_PYTHON` (default `python3`) and needs moto[server] and boto3.
final class MotoExtServer {
    static let python = ProcessInfo.processInfo.environment["DDBM_PYTHON"] ?? "python3"
    static let extDir = CLI.repo.appendingPathComponent("tests/moto_ext")

    let endpoint: String
    private let process: Process

    init() throws {
        let check = try Self.runPython(["-c", "import moto, boto3"])
        guard check.status == 0 else {
            throw XCTSkip("\(Self.python) lacks moto/boto3 (set DDBM_PYTHON to a venv with moto[server]): \(check.stderr)")
        }
        let port = try Self.freePort()
        endpoint = "http://127.0.0.1:\(port)"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [Self.python, Self.extDir.appendingPathComponent("server.py").path, "-H", "127.0.0.1", "-p", "\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<150 {
            if (try? Data(contentsOf: URL(string: "\(endpoint)/moto-api/")!)) != nil { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        process.terminate()
        throw XCTSkip("moto did not start on \(endpoint)")
    }

    func stop() {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
    }

    /// Forgets every resource (moto's reset API), so each test starts from an empty account.
    func reset() throws {
        var request = URLRequest(url: URL(string: "\(endpoint)/moto-api/reset")!)
        request.httpMethod = "POST"
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { _, _, _ in done.signal() }.resume()
        done.wait()
    }

    /// Runs fixture.py with `arguments`; fails the test on a non-zero exit.
    @discardableResult
    func fixture(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try Self.runPython([Self.extDir.appendingPathComponent("fixture.py").path, endpoint] + arguments)
        XCTAssertEqual(result.status, 0, "fixture.py \(arguments.first ?? ""): \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    /// The environment for the CLI: moto's endpoint for every service and test keys.
    var cliEnvironment: [String: String] {
        ["AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1",
         "AWS_PROFILE": "default", "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
         "AWS_EC2_METADATA_DISABLED": "true"]
    }

    static func runPython(_ arguments: [String]) throws -> CLIResult {
        CLIResult(try ChildProcess.run(program: python, arguments))
    }

    static func freePort() throws -> Int {
        let r = try runPython(["-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
        guard let port = Int(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw XCTSkip("no free port: \(r.stderr)") }
        return port
    }
}
