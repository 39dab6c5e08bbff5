import Foundation

/// Runs a test target's helper scripts (its `Support/` folder) with the interpreter named by
/// `DDBM_PYTHON` (default `python3`): one runner for every test target that talks to Python.
public struct PythonScripts: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public let directory: URL

    /// `Support/` next to the file `source` (pass `#filePath`).
    public init(besides source: String) {
        directory = URL(fileURLWithPath: source).deletingLastPathComponent().appendingPathComponent("Support")
    }

    public static var interpreter: String { ProcessInfo.processInfo.environment["DDBM_PYTHON"] ?? "python3" }

    /// Runs `script` with `arguments` and returns its standard output; throws on a non-zero exit
    /// with the end of its standard error (both streams drained at once: `ChildProcess`).
    public func run(_ script: String, _ arguments: [String]) throws -> Data {
        let result = try ChildProcess.run(program: Self.interpreter, [directory.appendingPathComponent(script).path] + arguments)
        guard result.status == 0, !result.timedOut else {
            throw Failure(description: "\(script) exited \(result.status)\(result.timedOut ? " (killed: timed out)" : ""): \(result.stderrText.suffix(6000))")
        }
        return result.stdout
    }

    /// Starts `script` in the background (unbuffered) with a standard-input pipe; closing it
    /// (`closeInput()`) stops the script.
    public func start(_ script: String, _ arguments: [String]) throws -> ChildProcess {
        try ChildProcess(URL(fileURLWithPath: "/usr/bin/env"),
                         [Self.interpreter, "-u", directory.appendingPathComponent(script).path] + arguments, keepInputOpen: true)
    }
}
