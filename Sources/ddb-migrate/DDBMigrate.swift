import ArgumentParser
import Foundation

/// The command line: argument handling only; the work happens in Operations and Backends.
/// Exit codes (docs/DESIGN.md, "CLI"): 0 ok, 1 the input or the target is wrong, 2 usage, 3 MySQL/AWS unreachable or failed.
@main
struct DDBMigrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ddb-migrate",
        abstract: "A compiler for MySQL -> DynamoDB data migrations.",
        // Every subcommand names itself (`commandName`): ArgumentParser derives a missing name
        // from `String(describing:)` of the type, whose conformance lookups were ~20 M
        // instructions at every start, a third of checking a small contract.
        subcommands: [Check.self, Generate.self, Introspect.self, ApplyViews.self, Preflight.self, RunLocal.self,
                      Plan.self, Deploy.self, Status.self, Validate.self, Replay.self, Report.self, Cleanup.self, MCP.self])

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            // swift-argument-parser uses EX_USAGE (64) for usage errors; ours is 2.
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Ends the command with an exit code after its output is written (no message: it was printed).
enum Exit {
    static let inputWrong = ExitCode(1)
    static let unreachable = ExitCode(3)
}

/// Ends the process once a compiler command's output is complete, without freeing what it built:
/// the kernel takes the whole heap back at once, while freeing a 1,000-table contract's IR and its
/// 67 MB of artifacts object by object took ~35 ms of `generate` (perf: the IR's destructors,
/// `ArtifactSet`'s buffers, glibc's `malloc_consolidate`). Compilers do the same (clang's driver
/// passes `-disable-free` to its front end). `exit` flushes `print`'s buffer; everything else was
/// written with `FileHandle`, unbuffered. Only for the end of a command that has nothing left to do.
func finish<T>(keeping built: T, status: Int32 = 0) -> Never {
    withExtendedLifetime(built) { Foundation.exit(status) }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
}
