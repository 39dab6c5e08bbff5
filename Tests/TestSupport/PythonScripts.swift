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
    /// with the end of its standard error. Standard error goes to a file, not a pipe: nobody
    /// reads it while standard output is drained, and a chatty script (Spark) would otherwise
    /// block on a full pipe and never exit.
    public func run(_ script: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [Self.interpreter, directory.appendingPathComponent(script).path] + arguments
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("ddbm-python-\(UUID().uuidString).err")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
            throw Failure(description: "cannot create \(errorFile.path) for the script's standard error")
        }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            throw Failure(description: "\(script) exited \(process.terminationStatus): \(errors.suffix(6000))")
        }
        return data
    }

    /// Starts `script` in the background with a stdin pipe; closing that pipe stops the script.
    public func start(_ script: String, _ arguments: [String]) throws -> (Process, output: Pipe, input: Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [Self.interpreter, "-u", directory.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        return (process, output, input)
    }
}
