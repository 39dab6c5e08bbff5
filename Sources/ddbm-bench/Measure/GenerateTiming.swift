import Foundation

/// The time to run the compiler on a contract, as a user would: a fresh process per run
/// (start-up included), output to a fresh directory.
struct GenerateMeasurement {
    let tables: Int
    /// What was timed, for the report ("ddb-migrate generate", ...).
    let how: String
    let seconds: Double
    /// Median CPU time (user + system) of the process: less sensitive than wall time to other
    /// work on a shared machine, so a reader can tell contention from a slow compiler.
    let cpuSeconds: Double
}

enum GenerateTiming {
    /// Runs `executable arguments... CONTRACT --dialect mariadb --out DIR` once to warm up
    /// (page cache, dynamic linker) and `runs` times timed; fails when any run exits non-zero.
    static func measure(executable: String, leadingArguments: [String], contract: String, tables: Int,
                        runs: Int, scratch: String) throws -> GenerateMeasurement {
        let out = (scratch as NSString).appendingPathComponent("generate-out")
        let arguments = leadingArguments + [contract, "--dialect", "mariadb", "--out", out]
        func once() throws -> (wall: Double, cpu: Double) {
            try? FileManager.default.removeItem(atPath: out)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            var status: Int32 = 0
            var stderrText = Data()
            let cpuBefore = childrenCPUSeconds()
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
            return (seconds, childrenCPUSeconds() - cpuBefore)
        }
        _ = try once()
        var samples: [(wall: Double, cpu: Double)] = []
        for _ in 0..<max(runs, 1) { samples.append(try once()) }
        let name = ([(executable as NSString).lastPathComponent] + leadingArguments).joined(separator: " ")
        return GenerateMeasurement(tables: tables, how: name, seconds: Timing.median(of: samples.map(\.wall)),
                                   cpuSeconds: Timing.median(of: samples.map(\.cpu)))
    }

    /// User + system CPU seconds of all waited-for children so far.
    private static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        let who = __rusage_who_t(RUSAGE_CHILDREN.rawValue)
        #else
        let who = RUSAGE_CHILDREN
        #endif
        guard getrusage(who, &usage) == 0 else { return 0 }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
