/// Why a command stopped, as the CLI and the MCP server both report it: the message the CLI
/// prints after `error: ` and the exit class that decides its code (docs/DESIGN.md, "CLI").
/// The CLI's own argument errors (usage, 2) never reach here; a URL the MCP server was started
/// with that does not parse is `input`.
public struct CommandFailure: Error, CustomStringConvertible, Sendable, Equatable {
    public enum ExitClass: String, Sendable, Codable {
        /// The input or the target is wrong: exit 1.
        case input
        /// MySQL or AWS unreachable or failing: exit 3.
        case unreachable

        public var exitCode: Int32 { self == .input ? 1 : 3 }
    }

    public var exitClass: ExitClass
    /// One line per problem (a `DeployFailure` lists every difference it found).
    public var problems: [String]

    public init(_ exitClass: ExitClass, _ message: String) {
        self.exitClass = exitClass
        problems = [message]
    }

    public init(_ exitClass: ExitClass, problems: [String]) {
        self.exitClass = exitClass
        self.problems = problems
    }

    public var message: String { problems.joined(separator: "\n") }
    public var description: String { message }

    public init(_ failure: DeployFailure) {
        self.init(failure.kind == .targetWrong ? .input : .unreachable, problems: failure.problems)
    }
}
