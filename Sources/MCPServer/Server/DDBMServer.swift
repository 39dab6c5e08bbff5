import Foundation
import MCP
import MySQL
import SystemPackage

/// `ddb-migrate mcp`: the Model Context Protocol server on stdio (docs/MCP.md).
public enum DDBMServer {
    public struct Options: Sendable {
        public var root: String
        public var mysql: String?
        public var config: String?
        public var allowAWSWrites: Bool
        public var version: String

        public init(root: String, mysql: String?, config: String?, allowAWSWrites: Bool, version: String) {
            self.root = root; self.mysql = mysql; self.config = config; self.allowAWSWrites = allowAWSWrites; self.version = version
        }
    }

    /// What the server starts from, checked before it serves: throws `StartupError` (usage).
    public struct Setup: Sendable {
        public var root: RootDirectory
        public var mysql: MySQLURL?
        public var config: String?
        public var allowAWSWrites: Bool

        public init(_ options: Options, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
            let root: RootDirectory
            do { root = try RootDirectory(options.root) } catch let e as RootError { throw StartupError(e.description) }
            self.root = root
            do { mysql = try options.mysql.map { try MySQLURL(parsing: $0, environment: environment) } } catch {
                throw StartupError("--mysql: \(error)")
            }
            do { config = try options.config.map { path in try root.resolve(path, field: "--config") } } catch let e as ArgumentError {
                throw StartupError(e.message)
            }
            allowAWSWrites = options.allowAWSWrites
        }
    }

    public struct StartupError: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// Serves until the client closes standard input.
    ///
    /// Standard output is the protocol channel, so before serving it is moved to a private
    /// descriptor and descriptor 1 is pointed at standard error: a `print` anywhere in the
    /// libraries then lands in the log, never in the middle of a JSON-RPC message.
    public static func serve(_ options: Options) async throws {
        let setup = try Setup(options)
        let secrets = SecretScan.fromEnvironment(ProcessInfo.processInfo.environment, mysqlPassword: setup.mysql?.password)
        fflush(stdout)
        let protocolOut = dup(STDOUT_FILENO)
        guard protocolOut >= 0, dup2(STDERR_FILENO, STDOUT_FILENO) >= 0 else {
            throw StartupError("cannot set up standard output for the protocol: \(String(cString: strerror(errno)))")
        }
        let server = Server(
            name: "ddb-migrate", version: options.version,
            instructions: "Tools of ddb-migrate, the MySQL -> DynamoDB migration compiler. Paths are relative to the server's root; credentials come from the server's environment, never from arguments.",
            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
        await register(on: server, setup: setup, secrets: secrets)
        let transport = StdioTransport(input: .standardInput, output: FileDescriptor(rawValue: protocolOut))
        try await server.start(transport: transport)
        await server.waitUntilCompleted()
    }

    static func register(on server: Server, setup: Setup, secrets: SecretScan) async {
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: ToolRegistry.all.map(ToolDispatch.definition))
        }
        await server.withMethodHandler(CallTool.self) { params in
            guard let tool = ToolRegistry.tool(named: params.name) else {
                throw MCPError.invalidParams("unknown tool '\(params.name)' (tools: \(ToolRegistry.all.map(\.name).joined(separator: ", ")))")
            }
            let reporter = ProgressReporter(token: params._meta?.progressToken) { p in
                try? await server.notify(ProgressNotification.message(p))
            }
            let context = ToolContext(root: setup.root, mysql: setup.mysql, config: setup.config,
                                      allowAWSWrites: setup.allowAWSWrites, progress: reporter)
            let result = await ToolDispatch(context: context, secrets: secrets).call(tool, arguments: params.arguments)
            await reporter.finish()
            return result
        }
        await server.withMethodHandler(ListResources.self) { _ in
            ListResources.Result(resources: GeneratedResources.list(root: setup.root))
        }
        await server.withMethodHandler(ReadResource.self) { params in
            let content = try GeneratedResources.read(params.uri, root: setup.root)
            return ReadResource.Result(contents: [.text(secrets.redact(content.text ?? ""), uri: content.uri, mimeType: content.mimeType)])
        }
    }
}
