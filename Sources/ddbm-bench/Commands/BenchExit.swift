import ArgumentParser
import Foundation

/// Ends the program with a message on stderr and the project's exit codes (docs/DESIGN.md, "CLI"):
/// 1 for a failed measurement or bad input, 3 when MySQL is unreachable or fails.
enum BenchExit {
    static func failure(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data(("ddbm-bench: " + message + "\n").utf8))
        return ExitCode(1)
    }

    static func database(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data(("ddbm-bench: " + message + "\n").utf8))
        return ExitCode(3)
    }
}
