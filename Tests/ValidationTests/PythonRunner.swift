import Foundation

/// Runs a helper script from `Tests/ValidationTests/Support` with the interpreter named by
/// `DDBM_PYTHON` (default `python3`); the pattern of Tests/AWSTests/PythonRunner.swift.
enum PythonRunner {
    static let supportDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support")

    static var interpreter: String { ProcessInfo.processInfo.environment["DDBM_PYTHON"] ?? "python3" }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `script` with `arguments` and returns its standard output; throws on a non-zero exit
    /// with the end of its standard error (Spark's logs can be long).
    static func run(_ script: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [interpreter, supportDirectory.appendingPathComponent(script).path] + arguments
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("ddbm-python-\(UUID().uuidString).err")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
            throw Failure(description: "cannot create \(errorFile.path) for the script's standard error")
        }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let output = Pipe()
        process.standardOutput = output
        // A file, not a pipe: nobody reads stderr while stdout is drained, and Spark writes a lot.
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
}
