import Foundation
import TestSupport
import XCTest

/// Starts `Support/fake_aws_server.py` (IMDSv2, container endpoint, flaky endpoint) for a test
/// and stops it afterwards.
final class FakeServer {
    let server: ChildProcess
    let port: Int
    var base: String { "http://127.0.0.1:\(port)" }

    init() throws {
        server = try pythonScripts.start("fake_aws_server.py", [])
        // Its first line is the port it listens on.
        guard server.waitFor("\n"), let port = Int(server.stdoutText.prefix { $0 != "\n" }) else {
            server.closeInput()
            throw PythonScripts.Failure(description: "fake_aws_server.py did not report a port: \(server.stderrText.suffix(2000))")
        }
        self.port = port
    }

    /// Closes the server's stdin (it exits on EOF); no waiting on signals, which may be blocked.
    func stop() {
        server.closeInput()
    }

    /// Requests seen by `/flaky/<id>/...`.
    func count(_ id: String) throws -> Int {
        let data = try Data(contentsOf: URL(string: "\(base)/count/\(id)")!)
        return (try JSONSerialization.jsonObject(with: data) as? [String: Int])?["count"] ?? -1
    }
}
