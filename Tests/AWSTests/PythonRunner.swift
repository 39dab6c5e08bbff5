import Foundation

/// Runs a helper script from `Tests/AWSTests/Support` with the interpreter named by
/// `DDBM_PYTHON` (default `python3`).
enum PythonRunner {
    static let supportDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support")

    static var interpreter: String { ProcessInfo.processInfo.environment["DDBM_PYTHON"] ?? "python3" }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `script` with `arguments` and returns its standard output; throws on a non-zero exit.
    static func run(_ script: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [interpreter, supportDirectory.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(script) exited \(process.terminationStatus): \(String(decoding: errorData, as: UTF8.self))")
        }
        return data
    }

    /// Starts `script` in the background with a stdin pipe; closing that pipe stops the script.
    static func start(_ script: String, _ arguments: [String]) throws -> (Process, output: Pipe, input: Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [interpreter, "-u", supportDirectory.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        return (process, output, input)
    }
}
