import Foundation
import TestSupport
import XCTest

/// Runs the built `ddb-migrate` binary as a user would, capturing its output and exit code.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

extension CLIResult {
    init(_ r: ChildProcess.Result) {
        self.init(status: r.status, stdout: r.stdoutText, stderr: r.stderrText)
    }
}

enum CLI {
    static let repo = URL(fileURLWithPath: #filePath).appendingPathComponent("../../..").standardizedFileURL

    static var binary: URL {
        // `swift test` builds the executable next to the test bundle.
        let bundleDir = Bundle.main.bundleURL
        for candidate in [bundleDir.appendingPathComponent("ddb-migrate"),
                          bundleDir.deletingLastPathComponent().appendingPathComponent("ddb-migrate"),
                          repo.appendingPathComponent(".build/debug/ddb-migrate")] where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        return repo.appendingPathComponent(".build/debug/ddb-migrate")
    }

    @discardableResult
    static func run(_ args: [String], environment: [String: String] = [:], cwd: URL? = nil, timeout: TimeInterval = 600) throws -> CLIResult {
        CLIResult(try ChildProcess.run(binary, args, environment: environment, directory: cwd, timeout: timeout))
    }

    /// A fresh directory under the system's temporary directory, removed when `test` ends
    /// (the suite left hundreds of them behind).
    static func tempDir(for test: XCTestCase) -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("ddbm-cli-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: u) }
        return u
    }
}

/// The CLI running in the background, its output collected as it comes, so a test can act
/// while the command is still running (publish progress objects, end a held run).
final class BackgroundCLI: @unchecked Sendable {
    private let child: ChildProcess

    init(_ args: [String], environment: [String: String]) throws {
        child = try ChildProcess(CLI.binary, args, environment: environment)
    }

    var stdout: String { child.stdoutText }
    var stderr: String { child.stderrText }

    /// Waits until standard output contains `text`; false on timeout or when the command ended first.
    func waitFor(_ text: String, timeout: TimeInterval = 30) -> Bool { child.waitFor(text, timeout: timeout) }

    /// Waits for the exit (killing the command after `timeout`) and returns its result.
    func finish(timeout: TimeInterval = 60) -> CLIResult { CLIResult(child.wait(timeout: timeout)) }
}
