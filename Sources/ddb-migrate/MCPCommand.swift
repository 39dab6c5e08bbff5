import ArgumentParser
import Foundation
import MCPServer

struct MCP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the commands as Model Context Protocol tools on stdio, for an agent (docs/MCP.md).",
        discussion: "Every path a tool reads or writes must lie under --root. Credentials come from this process's environment (MYSQL_PWD, the AWS credential chain), never from tool arguments. deploy writes to AWS only with --allow-aws-writes.")

    @Option(help: "The directory every tool path must lie under (default: the working directory).") var root: String?
    @Option(help: "mysql://user@host[:port]/db for introspect, apply_views, preflight, plan's estimate and validate; the password from MYSQL_PWD.")
    var mysql: String?
    @Option(help: "The migration config tools use when a call names none (under --root).") var config: String?
    @Flag(name: .customLong("allow-aws-writes"), help: "Allow the deploy tool to write to AWS.") var allowAWSWrites = false

    func run() async throws {
        let options = DDBMServer.Options(root: root ?? FileManager.default.currentDirectoryPath, mysql: mysql, config: config,
                                         allowAWSWrites: allowAWSWrites, version: "0.1.0")
        do { try await DDBMServer.serve(options) } catch let e as DDBMServer.StartupError {
            printError(e.description)
            throw ExitCode(2)
        }
    }
}
