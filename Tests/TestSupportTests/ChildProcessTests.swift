import Foundation
import TestSupport
import XCTest

/// `ChildProcess` drains both streams at once: a child writing more than a pipe holds (64 KB on
/// Linux) to standard output and to standard error completes, with every byte of both.
final class ChildProcessTests: XCTestCase {
    /// 2 MB to standard error, then 2 MB to standard output, then 2 MB to standard error again,
    /// from one process (so killing it closes every writer): whichever stream a runner reads to
    /// its end first, the child blocks on the other.
    static let chatty = [
        "-c", "import sys; n = 1 << 21; [(s.buffer.write(c * n), s.flush()) for s, c in ((sys.stderr, b'e'), (sys.stdout, b'o'), (sys.stderr, b'E'))]; sys.exit(7)",
    ]
    static let env = URL(fileURLWithPath: "/usr/bin/env")
    static let sh = URL(fileURLWithPath: "/bin/sh")

    func testAChildFillingBothPipesCompletesWithAllItsOutput() throws {
        let r = try ChildProcess.run(program: PythonScripts.interpreter, Self.chatty, timeout: 60)
        XCTAssertFalse(r.timedOut, "the runner blocked on a full pipe")
        XCTAssertEqual(r.status, 7)
        XCTAssertEqual(r.stdout, Data(repeating: UInt8(ascii: "o"), count: 2_097_152))
        XCTAssertEqual(r.stderr, Data(repeating: UInt8(ascii: "e"), count: 2_097_152) + Data(repeating: UInt8(ascii: "E"), count: 2_097_152))
    }

    /// What two of the test runners did before (read standard output to its end, then standard
    /// error) never finishes on the same child: shown with a deadline, and the child killed, so
    /// this cannot hang CI.
    func testReadingOneStreamToItsEndFirstDeadlocksOnTheSameChild() throws {
        let p = Process()
        p.executableURL = Self.env
        p.arguments = [PythonScripts.interpreter] + Self.chatty
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let finished = DispatchSemaphore(value: 0)
        Thread {
            _ = out.fileHandleForReading.readDataToEndOfFile()
            _ = err.fileHandleForReading.readDataToEndOfFile()
            finished.signal()
        }.start()
        XCTAssertEqual(finished.wait(timeout: .now() + 3), .timedOut, "the sequential reader finished: pipes hold more than 2 MB here?")
        // Unblock it: killing the child closes its writing ends, both reads then end.
        kill(p.processIdentifier, SIGKILL)
        XCTAssertEqual(finished.wait(timeout: .now() + 30), .success)
        p.waitUntilExit()
    }

    func testATimedOutChildIsKilledAndReported() throws {
        let start = Date()
        let r = try ChildProcess.run(Self.sh, ["-c", "echo started; exec sleep 60"], timeout: 1)
        XCTAssertTrue(r.timedOut)
        XCTAssertEqual(r.stdoutText, "started\n")
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
    }

    func testEnvironmentDirectoryAndInput() throws {
        let dir = FileManager.default.temporaryDirectory.resolvingSymlinksInPath()
        let r = try ChildProcess.run(Self.sh, ["-c", "printf '%s %s' \"$DDBM_CHILD_TEST\" \"$(pwd -P)\"; cat"],
                                     environment: ["DDBM_CHILD_TEST": "set"], directory: dir, timeout: 30)
        XCTAssertEqual(r.status, 0)
        // Without keepInputOpen the child reads /dev/null: `cat` ends at once.
        XCTAssertEqual(r.stdoutText, "set \(dir.path)")
        let echo = try ChildProcess(Self.sh, ["-c", "read line; echo got $line"], keepInputOpen: true)
        echo.write(Data("ping\n".utf8))
        echo.closeInput()
        XCTAssertEqual(echo.wait(timeout: 30).stdoutText, "got ping\n")
    }
}
