import Foundation

/// `ddb-migrate check` and `generate` of one contract as a user runs them: a fresh process per
/// run (start-up and exit included), `generate` into a fresh directory (everything it writes).
struct CompilerMeasurement {
    struct Command {
        let seconds: Double
        /// Median CPU time (user + system) of the process: less sensitive than wall time to other
        /// work on a shared machine, so a reader can tell contention from a slow compiler.
        let cpuSeconds: Double
        /// The largest peak RSS of any run (the figure the memory target bounds).
        let peakRSSBytes: Int
    }

    let contract: String
    let contractBytes: Int
    let check: Command
    let generate: Command
    /// `generate` again over its own output, as after an edit that changes few files: every
    /// file is unchanged here, so each is linked from the old directory, not written (untargeted).
    let regenerate: Command
    let phases: CompilerPhases
}

enum CompilerTiming {
    /// One warm-up run of each command (page cache, dynamic linker), then `runs` rounds that run
    /// `check` and `generate` once each, interleaved so a burst of load from other work lands on
    /// one sample of both instead of every sample of one; each round then regenerates over the
    /// output its generate left. Any run that exits non-zero (or a generate that wrote no
    /// views.sql) fails the measurement.
    static func measure(cli: String, contract: String, runs: Int, scratch: String) throws -> CompilerMeasurement {
        let out = (scratch as NSString).appendingPathComponent("generate-out")
        let stderrFile = (scratch as NSString).appendingPathComponent("compiler-stderr.txt")
        let checkArguments = ["check", contract]
        let generateArguments = ["generate", contract, "--dialect", "mariadb", "--out", out]
        func once(_ arguments: [String], overPreviousOutput: Bool = false) throws -> ChildRun {
            if !overPreviousOutput { try? FileManager.default.removeItem(atPath: out) }
            let run = try ChildProcess.run(cli, arguments, stderrFile: stderrFile)
            guard run.exitStatus == 0 else {
                throw BenchFailure("\(cli) \(arguments.joined(separator: " ")) exited with \(run.exitStatus):\n\(run.stderrTail)")
            }
            if arguments == generateArguments,
               !FileManager.default.fileExists(atPath: (out as NSString).appendingPathComponent("views.sql")) {
                throw BenchFailure("\(cli) \(arguments.joined(separator: " ")) wrote no views.sql under \(out)")
            }
            return run
        }
        _ = try once(checkArguments)
        _ = try once(generateArguments)
        var checks: [ChildRun] = [], generates: [ChildRun] = [], regenerates: [ChildRun] = []
        for _ in 0..<max(runs, 1) {
            checks.append(try once(checkArguments))
            generates.append(try once(generateArguments))
            regenerates.append(try once(generateArguments, overPreviousOutput: true))
        }
        try? FileManager.default.removeItem(atPath: out)
        try? FileManager.default.removeItem(atPath: stderrFile)
        func summary(_ samples: [ChildRun]) -> CompilerMeasurement.Command {
            .init(seconds: Timing.median(of: samples.map(\.wall)), cpuSeconds: Timing.median(of: samples.map(\.cpu)),
                  peakRSSBytes: samples.map(\.peakRSSBytes).max() ?? 0)
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: contract))?[.size] as? NSNumber)?.intValue ?? 0
        return CompilerMeasurement(contract: contract, contractBytes: size,
                                   check: summary(checks), generate: summary(generates), regenerate: summary(regenerates),
                                   phases: try CompilerPhases.measure(contract: contract, runs: runs, scratch: scratch))
    }
}
