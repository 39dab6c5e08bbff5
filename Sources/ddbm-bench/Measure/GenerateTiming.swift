import Foundation

/// The time to run the compiler on a contract, as a user would: a fresh process per run
/// (start-up included), output to a fresh directory.
struct GenerateMeasurement {
    let tables: Int
    /// What was timed, for the report ("ddb-migrate generate", ...).
    let how: String
    let seconds: Double
}

enum GenerateTiming {
    /// Runs `executable arguments... CONTRACT --dialect mariadb --out DIR` once to warm up
    /// (page cache, dynamic linker) and `runs` times timed; fails when any run exits non-zero.
    static func measure(executable: String, leadingArguments: [String], contract: String, tables: Int,
                        runs: Int, scratch: String) throws -> GenerateMeasurement {
        let out = (scratch as NSString).appendingPathComponent("generate-out")
        let arguments = leadingArguments + [contract, "--dialect", "mariadb", "--out", out]
        func once() throws -> Double {
            try? FileManager.default.removeItem(atPath: out)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            var status: Int32 = 0
            var stderrText = Data()
            let seconds = try Timing.seconds {
                try process.run()
                stderrText = errors.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                status = process.terminationStatus
            }
            guard status == 0 else {
                let tail = String(decoding: stderrText.suffix(2000), as: UTF8.self)
                throw BenchFailure("\(executable) \(arguments.joined(separator: " ")) exited with \(status):\n\(tail)")
            }
            guard FileManager.default.fileExists(atPath: (out as NSString).appendingPathComponent("views.sql")) else {
                throw BenchFailure("\(executable) \(arguments.joined(separator: " ")) wrote no views.sql under \(out)")
            }
            return seconds
        }
        _ = try once()
        var samples: [Double] = []
        for _ in 0..<max(runs, 1) { samples.append(try once()) }
        let name = ([(executable as NSString).lastPathComponent] + leadingArguments).joined(separator: " ")
        return GenerateMeasurement(tables: tables, how: name, seconds: Timing.median(of: samples))
    }
}
