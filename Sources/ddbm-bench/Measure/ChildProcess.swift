import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run of a command as a user runs it: a fresh process, timed on the monotonic clock, with
/// its own CPU time and peak resident set from `wait4`'s rusage. Foundation's `Process` gives
/// neither per child (`RUSAGE_CHILDREN` sums CPU over all children and keeps the largest peak of
/// any of them, so the peaks of `check` and `generate` would mix).
struct ChildRun {
    let wall: Double
    /// User + system seconds of the child alone.
    let cpu: Double
    /// The system (kernel) part of `cpu`.
    let system: Double
    /// The child's peak RSS in bytes (`ru_maxrss`).
    let peakRSSBytes: Int
    let exitStatus: Int32
    /// The end of what it wrote to stderr, for the failure message.
    let stderrTail: String
}

enum ChildProcess {
    /// Runs `executable arguments`, stdout to /dev/null, stderr to `stderrFile` (a file, not a
    /// pipe, so a chatty child can never block on a full pipe while nobody reads it).
    static func run(_ executable: String, _ arguments: [String], stderrFile: String) throws -> ChildRun {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderrFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The bench's own environment, built from ProcessInfo (the C global `environ` is shared
        // mutable state to Swift 6).
        let envp: [UnsafeMutablePointer<CChar>?] = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }

        var pid: pid_t = 0
        let clock = ContinuousClock()
        let start = clock.now
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw BenchFailure("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchFailure("waiting for \(executable): \(String(cString: strerror(errno)))") }
        }
        let elapsed = (clock.now - start).components
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        // wait(2) status words: the low 7 bits are the terminating signal (0 = exited), the exit
        // code is the next byte. A signal is reported as 128 + its number, as shells do.
        let signal = status & 0x7F
        let exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        #if os(Linux)
        let peak = Int(usage.ru_maxrss) * 1024   // kilobytes on Linux
        #else
        let peak = Int(usage.ru_maxrss)          // bytes on macOS
        #endif
        let stderrText = (try? Data(contentsOf: URL(fileURLWithPath: stderrFile))) ?? Data()
        return ChildRun(wall: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18,
                        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime), system: seconds(usage.ru_stime), peakRSSBytes: peak,
                        exitStatus: exitStatus, stderrTail: String(decoding: stderrText.suffix(2000), as: UTF8.self))
    }
}
