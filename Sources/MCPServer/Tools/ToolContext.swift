import Foundation
import MySQL
import Operations

/// What the server was started with and every tool may use: the root paths must lie under, the
/// MySQL URL (`--mysql`, the password from `MYSQL_PWD`), the default config, the AWS write gate,
/// and the call's progress channel. Credentials live here, never in arguments or results.
public struct ToolContext: Sendable {
    public var root: RootDirectory
    public var mysql: MySQLURL?
    /// `--config`, resolved under the root.
    public var config: String?
    public var allowAWSWrites: Bool
    public var progress: ProgressReporter

    public init(root: RootDirectory, mysql: MySQLURL?, config: String?, allowAWSWrites: Bool, progress: ProgressReporter) {
        self.root = root; self.mysql = mysql; self.config = config; self.allowAWSWrites = allowAWSWrites; self.progress = progress
    }

    /// `arguments[name]` resolved under the root; throws when missing or outside.
    public func path(_ arguments: Arguments, _ name: String, allowRoot: Bool = true) throws -> String {
        try root.resolve(try arguments.require(name), field: "arguments.\(name)", allowRoot: allowRoot)
    }

    public func optionalPath(_ arguments: Arguments, _ name: String) throws -> String? {
        try arguments.string(name).map { try root.resolve($0, field: "arguments.\(name)") }
    }

    /// The call's `config`, else the server's `--config`; one of them is needed.
    public func configPath(_ arguments: Arguments) throws -> String {
        if let given = try optionalPath(arguments, "config") { return given }
        guard let config else { throw ArgumentError("arguments.config is required (the server was started without --config)") }
        return config
    }

    /// A connection to the server's `--mysql`; the tool closes it.
    public func connectMySQL(for tool: String) throws -> MySQLConnection {
        guard let mysql else {
            throw CommandFailure(.input, "\(tool) needs MySQL: start the server with --mysql URL (the password in MYSQL_PWD)")
        }
        return try MySQLAccess.connect(mysql)
    }

    /// The directory, config and AWS clients `plan`, `deploy` and `status` work on.
    public func deployTarget(_ arguments: Arguments) throws -> DeployTarget {
        let dir = try path(arguments, "dir")
        let config = try configPath(arguments)
        do { return try DeployTarget.open(dir: dir, config: config) } catch let e as DeployTarget.OpenError {
            throw e.failure(configPath: config)
        }
    }

    /// The directory and AWS clients `validate` and `report` read with: with a config (the call's
    /// or the server's) it must agree with the manifest, as `deploy`'s does; without one the
    /// manifest holds every name they need (region, bucket, prefixes).
    public func readTarget(_ arguments: Arguments) throws -> (GeneratedDirectory, AWSServices) {
        if arguments.string("config") != nil || config != nil {
            let target = try deployTarget(arguments)
            return (target.directory, target.services)
        }
        let directory = try generatedDirectory(arguments)
        do { return (directory, try AWSServices.fromEnvironment(region: directory.manifest.region)) } catch {
            throw CommandFailure(.unreachable, "cannot set up AWS access: \(error)")
        }
    }

    /// `arguments.dir` as a directory `generate` wrote; anything else is the input's fault.
    public func generatedDirectory(_ arguments: Arguments) throws -> GeneratedDirectory {
        do { return try GeneratedDirectory(try path(arguments, "dir")) } catch let e as ArgumentError { throw e } catch {
            throw CommandFailure(.input, "\(error)")
        }
    }

    /// The relative path a result names a file by: results never show this machine's layout.
    public func display(_ absolute: String) -> String { root.relative(absolute).map { $0.isEmpty ? "." : $0 } ?? absolute }
}
