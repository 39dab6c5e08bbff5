import ArgumentParser
import Foundation
import MySQL
import Operations

/// Opens the connection named by `--mysql`: a malformed URL is a usage error (2), an
/// unreachable server exit 3 with host and port named — never a stack trace.
func openMySQL(_ text: String) throws -> MySQLConnection {
    let url: MySQLURL
    do { url = try MySQLURL(parsing: text) } catch {
        printError("--mysql: \(error)")
        throw ExitCode(2)
    }
    return try withCommandFailure { try MySQLAccess.connect(url) }
}

/// Prints a `CommandFailure` and returns its exit code, for `throw fail(...)`.
func fail(_ failure: CommandFailure) -> ExitCode {
    printError(failure.message)
    return ExitCode(failure.exitClass.exitCode)
}

/// Runs `body`; a `CommandFailure` it throws is printed and ends the command with its code.
func withCommandFailure<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let failure as CommandFailure { throw fail(failure) }
}
