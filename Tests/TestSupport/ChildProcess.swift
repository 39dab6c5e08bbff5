import Foundation

/// The one way tests run a child process: standard output and standard error are each drained by
/// their own thread from the moment the child starts, so a child that fills one pipe (64 KB on
/// Linux) while the test reads the other never blocks — reading one pipe to its end before the
/// other deadlocks as soon as the child writes more than a pipe holds to the second one. Both
/// streams are kept whole; `wait(timeout:)` bounds the wait, so a hung child fails the test
/// instead of hanging CI.
public final class ChildProcess: @unchecked Sendable {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
        /// The child was still running at the deadline and was killed.
        public var timedOut: Bool

        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    private let process = Process()
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()
    private let drained = DispatchGroup()
    private let input: Pipe?

    /// Starts `executable` with `arguments`. `environment` is added to (and overrides) this
    /// process's; `keepInputOpen` gives the child a standard-input pipe (`closeInput()` ends it),
    /// else it reads /dev/null.
    public init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil,
                keepInputOpen: Bool = false) throws {
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        input = keepInputOpen ? Pipe() : nil
        process.standardInput = input ?? FileHandle.nullDevice
        try process.run()
        // The reading threads hold `self` until their stream ends: a runner given up on after a
        // timeout is never read into after it is gone.
        drain(outPipe.fileHandleForReading) { self.out.append($0) }
        drain(errPipe.fileHandleForReading) { self.err.append($0) }
    }

    /// Runs `executable` to its end (at most `timeout` seconds) and returns what it wrote.
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil,
                           timeout: TimeInterval = 600) throws -> Result {
        try ChildProcess(executable, arguments, environment: environment, directory: directory).wait(timeout: timeout)
    }

    /// `/usr/bin/env NAME arguments...`: a program found on PATH (`python3`, `sh`).
    public static func run(program: String, _ arguments: [String], environment: [String: String] = [:],
                           timeout: TimeInterval = 600) throws -> Result {
        try run(URL(fileURLWithPath: "/usr/bin/env"), [program] + arguments, environment: environment, timeout: timeout)
    }

    /// One thread per stream, reading until end of file (the child and every process it started
    /// closed its end).
    private func drain(_ handle: FileHandle, into append: @escaping (Data) -> Void) {
        drained.enter()
        let thread = Thread { [drained, lock] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.lock(); append(chunk); lock.unlock()
            }
            drained.leave()
        }
        thread.start()
    }

    public var stdout: Data { lock.lock(); defer { lock.unlock() }; return out }
    public var stderr: Data { lock.lock(); defer { lock.unlock() }; return err }
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// Writes to the child's standard input (started with `keepInputOpen`).
    public func write(_ data: Data) { input?.fileHandleForWriting.write(data) }

    /// Closes the child's standard input: a child that reads it to its end then exits.
    public func closeInput() { try? input?.fileHandleForWriting.close() }

    /// Waits until standard output contains `text`; false on timeout or when the child ended first.
    public func waitFor(_ text: String, timeout: TimeInterval = 30) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if stdoutText.contains(text) { return true }
            if !process.isRunning { return stdoutText.contains(text) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    /// Waits for the child's exit and both streams' end; a child still running after `timeout`
    /// seconds is terminated (SIGTERM, then SIGKILL when that is ignored) and reported as `timedOut`.
    public func wait(timeout: TimeInterval) -> Result {
        let timedOut = !exited(within: timeout)
        if timedOut { terminate() }
        // A grandchild that still holds a pipe open would keep its stream from ending: give it a
        // moment, then return what has come.
        _ = drained.wait(timeout: .now() + (timedOut ? 2 : 30))
        return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr, timedOut: timedOut)
    }

    /// Ends a child still running (a server a test started): SIGTERM, and SIGKILL when it has
    /// not exited 5 seconds later; then waits for it.
    public func terminate() {
        if process.isRunning { process.terminate() }
        if !exited(within: 5) { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    private func exited(within seconds: TimeInterval) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while process.isRunning {
            if Date() >= end { return false }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return true
    }
}
