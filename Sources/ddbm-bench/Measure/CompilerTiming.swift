import Foundation

/// `ddb-migrate check` and `generate` of one contract as a user runs them: a fresh process per
/// run (start-up and exit included), `generate` into a new directory (everything it writes).
struct CompilerMeasurement {
    struct Command {
        let seconds: Double
        /// Median CPU time (user + system) of the process: less sensitive than wall time to other
        /// work on a shared machine, so a reader can tell contention from a slow compiler.
        let cpuSeconds: Double
        /// Median system part of it. Printed because on a journal-less ext4 it is where files
        /// deleted in the last minutes cost (see `measure`): a generate whose system time rivals
        /// its user time ran after a large deletion, not in the fresh directory a user has.
        let systemSeconds: Double
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
    /// `cp -r` of one generate's output into a new directory, beside it in the same rounds: the
    /// same files created and written with no compilation at all, so a reader sees how much of
    /// `generate`'s figure is the file system's floor (untargeted).
    let copy: Command
    let phases: CompilerPhases
}

enum CompilerTiming {
    /// coreutils' cp, where Debian keeps it (an essential package); spawned by path, not looked up.
    static let copyExecutable = "/bin/cp"

    /// One warm-up run of each command (page cache, dynamic linker), then `runs` rounds that run
    /// `check` and `generate` once each, interleaved so a burst of load from other work lands on
    /// one sample of both instead of every sample of one; each round then regenerates over the
    /// output its generate left, and copies that output with `cp -r` into a directory of its
    /// own (the floor: the same files written by a program that compiles nothing). Any run that
    /// exits non-zero (or a generate, or copy, that wrote no views.sql) fails the measurement.
    ///
    /// Every `generate` writes into a directory of its own, and all of them are removed only after
    /// the last run: on an ext4 without a journal (this machine's) the inode allocator skips every
    /// inode freed in the last 60 s, 360 s while its table block is dirty (`recently_deleted`,
    /// fs/ext4/ialloc.c), testing each in turn, so a generate that ran right after the bench had
    /// deleted the previous run's 8,016 files (as many as it then wrote) spent 1.4-3.8 s of system time creating its own.
    /// That cost was the bench's, not the compiler's: a user's fresh directory has no such past.
    static func measure(cli: String, contract: String, runs: Int, scratch: String) throws -> CompilerMeasurement {
        let outputs = (scratch as NSString).appendingPathComponent("generate-outputs")
        let stderrFile = (scratch as NSString).appendingPathComponent("compiler-stderr.txt")
        try? FileManager.default.removeItem(atPath: outputs)
        try FileManager.default.createDirectory(atPath: outputs, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(atPath: outputs)
            try? FileManager.default.removeItem(atPath: stderrFile)
        }
        let checkArguments = ["check", contract]
        func generateArguments(_ out: String) -> [String] { ["generate", contract, "--dialect", "mariadb", "--out", out] }
        func run(_ executable: String, _ arguments: [String], writing out: String? = nil) throws -> ChildRun {
            let run = try ChildProcess.run(executable, arguments, stderrFile: stderrFile)
            guard run.exitStatus == 0 else {
                throw BenchFailure("\(executable) \(arguments.joined(separator: " ")) exited with \(run.exitStatus):\n\(run.stderrTail)")
            }
            if let out, !FileManager.default.fileExists(atPath: (out as NSString).appendingPathComponent("views.sql")) {
                throw BenchFailure("\(executable) \(arguments.joined(separator: " ")) wrote no views.sql under \(out)")
            }
            return run
        }
        func once(_ arguments: [String], writing out: String? = nil) throws -> ChildRun {
            try run(cli, arguments, writing: out)
        }
        let warmUp = (outputs as NSString).appendingPathComponent("warm-up")
        _ = try once(checkArguments)
        _ = try once(generateArguments(warmUp), writing: warmUp)
        var checks: [ChildRun] = [], generates: [ChildRun] = [], regenerates: [ChildRun] = [], copies: [ChildRun] = []
        for round in 0..<max(runs, 1) {
            let out = (outputs as NSString).appendingPathComponent("round-\(round + 1)")
            checks.append(try once(checkArguments))
            generates.append(try once(generateArguments(out), writing: out))
            regenerates.append(try once(generateArguments(out), writing: out))
            let copy = (outputs as NSString).appendingPathComponent("copy-\(round + 1)")
            copies.append(try run(Self.copyExecutable, ["-r", out, copy], writing: copy))
        }
        func summary(_ samples: [ChildRun]) -> CompilerMeasurement.Command {
            .init(seconds: Timing.median(of: samples.map(\.wall)), cpuSeconds: Timing.median(of: samples.map(\.cpu)),
                  systemSeconds: Timing.median(of: samples.map(\.system)), peakRSSBytes: samples.map(\.peakRSSBytes).max() ?? 0)
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: contract))?[.size] as? NSNumber)?.intValue ?? 0
        return CompilerMeasurement(contract: contract, contractBytes: size,
                                   check: summary(checks), generate: summary(generates), regenerate: summary(regenerates),
                                   copy: summary(copies),
                                   phases: try CompilerPhases.measure(contract: contract, runs: runs, scratch: scratch))
    }
}
