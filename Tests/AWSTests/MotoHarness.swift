import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One moto server for the whole test process: `DDBM_TEST_AWS_ENDPOINT` if given, else started
/// with `scripts/moto-harness.sh` on first use and stopped when the process exits. Call
/// `ensureStarted()` from a class `setUp` (main thread): starting a process and waiting for it
/// from inside a Swift concurrency task can hang on Linux.
enum MotoHarness {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    nonisolated(unsafe) static var directory: URL?
    nonisolated(unsafe) static var endpoint: URL?
    nonisolated(unsafe) static var attempted = false

    static func ensureStarted() {
        guard !attempted else { return }
        attempted = true
        if let given = ProcessInfo.processInfo.environment["DDBM_TEST_AWS_ENDPOINT"] {
            endpoint = URL(string: given)
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ddbm-moto-\(UUID().uuidString)")
        MotoHarness.directory = directory
        guard run("start", directory) else { return }
        atexit {
            if let directory = MotoHarness.directory {
                MotoHarness.run("stop", directory)
                try? FileManager.default.removeItem(at: directory)
            }
        }
        guard let text = try? String(contentsOf: directory.appendingPathComponent("env"), encoding: .utf8),
              let value = text.split(separator: "=", maxSplits: 1).last else { return }
        endpoint = URL(string: value.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Runs the harness with posix_spawn and waitpid. Foundation's `Process.waitUntilExit` never
    /// returns here on Linux: the script leaves moto running in the background, and the exit of
    /// the script itself goes unnoticed (it stays a zombie).
    @discardableResult
    static func run(_ command: String, _ directory: URL) -> Bool {
        let script = repositoryRoot.appendingPathComponent("scripts/moto-harness.sh").path
        let arguments = [script, command, directory.path]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, script, nil, nil, &argv, environ) == 0 else { return false }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return status == 0
    }
}
