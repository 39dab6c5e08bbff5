import ArgumentParser
import Foundation
import MySQL

/// Opens the connection named by `--mysql`: a malformed URL is a usage error (2), an
/// unreachable server exit 3 with host and port named — never a stack trace.
func openMySQL(_ text: String) throws -> MySQLConnection {
    let url: MySQLURL
    do { url = try MySQLURL(parsing: text) } catch {
        printError("--mysql: \(error)")
        throw ExitCode(2)
    }
    do { return try MySQLConnection(url: url) } catch let e as MySQLError {
        printError(e.description)
        throw e.isUnreachable ? Exit.unreachable : Exit.inputWrong
    }
}

/// Maps a MySQL failure during a command to its exit code after printing it.
func failMySQL(_ e: MySQLError, context: String) -> ExitCode {
    printError("\(context): \(e)")
    return e.isUnreachable ? Exit.unreachable : Exit.inputWrong
}
