import Foundation
import TestSupport
import XCTest

/// Starts `Support/fake_aws_server.py` (IMDSv2, container endpoint, flaky endpoint) for a test
/// and stops it afterwards.
final class FakeServer {
    let process: Process
    let input: Pipe
    let port: Int
    var base: String { "http://127.0.0.1:\(port)" }

    init() throws {
        let (process, output, input) = try pythonScripts.start("fake_aws_server.py", [])
        self.process = process
        self.input = input
        var line = Data()
        let handle = output.fileHandleForReading
        while true {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            try? input.fileHandleForWriting.close()
            throw PythonScripts.Failure(description: "fake_aws_server.py did not report a port")
        }
        self.port = port
    }

    /// Closes the server's stdin (it exits on EOF); no waiting on signals, which may be blocked.
    func stop() {
        try? input.fileHandleForWriting.close()
    }

    /// Requests seen by `/flaky/<id>/...`.
    func count(_ id: String) throws -> Int {
        let data = try Data(contentsOf: URL(string: "\(base)/count/\(id)")!)
        return (try JSONSerialization.jsonObject(with: data) as? [String: Int])?["count"] ?? -1
    }
}
