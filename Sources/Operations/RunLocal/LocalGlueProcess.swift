import Backends
import Foundation
import MySQL

/// One generated Glue script run on local PySpark through the strict Glue stand-in
/// (`runtime/run_local.py`, docs/GLUE-STANDIN.md), as a console start would run it: Glue's ids
/// and the job's own `--ddbm_*` arguments only. `run-local` runs the load jobs with it and
/// `validate --on glue --dynamodb-endpoint` the validation jobs.
struct LocalGlueProcess {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// The variable the child reads the MySQL password from; the password is never written to disk.
    static let passwordVariable = "DDBM_LOCAL_MYSQL_PASSWORD"

    let script: URL
    let connections: URL
    /// The job's local output folder (`--out`): its reports and dead letters land below it.
    let out: URL
    let dynamoDBEndpoint: String
    let jobName: String
    let jobRunId: String
    let jobArguments: [String: String]
    let mysqlPassword: String?

    /// A job run id as Glue makes them: "jr_" and 64 hex digits.
    static func newJobRunId() -> String {
        "jr_" + (0..<4).map { _ in String(format: "%016llx", UInt64.random(in: .min ... .max)) }.joined()
    }

    /// Writes `connections.json` for the stand-in's `extract_jdbc_conf`: the connection as a Glue
    /// JDBC connection for MySQL holds it (JDBC_CONNECTION_URL, user), the password by variable.
    static func writeConnections(mysql: MySQLURL, glueConnection: String, in folder: URL) throws -> URL {
        guard let host = mysql.host, mysql.socket == nil else {
            throw Failure(description: "a local Glue run reads MySQL over JDBC, which needs host:port (MariaDB Connector/J cannot use a Unix socket): give --mysql mysql://user@127.0.0.1:PORT/db")
        }
        guard let user = mysql.user, !user.isEmpty else {
            throw Failure(description: "--mysql must name a user (mysql://USER@host:port/db): a Glue JDBC connection always has one")
        }
        guard let database = mysql.database else { throw Failure(description: "--mysql must name a database (mysql://user@host:port/DB)") }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("connections.json")
        let doc = JSONDocument.object([("connections", .object([(glueConnection, .object([
            ("url", .string("jdbc:mysql://\(host):\(mysql.port)/\(database)")), ("user", .string(user)),
            ("password_env", .string(passwordVariable)),
        ]))]))])
        try Data(doc.rendered().utf8).write(to: file, options: .atomic)
        return file
    }

    /// The last `lines` lines of a job log, indented, for an error message.
    static func tail(_ log: URL, lines: Int = 15) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).map { "    " + $0 }.joined(separator: "\n")
    }

    /// JVM options of a local run's Spark (and its launcher): C1 compilation only. A local run's
    /// JVM lives a few minutes and spends ~17 CPU-seconds before the first put on JIT, class
    /// loading and code generation, mostly C2 compiling code that runs a few times; with C1 only
    /// it is about half (docs/WRITER-SPEED.md), taken from the local DynamoDB endpoint otherwise.
    /// Once the writes run the JVM is nearly idle, so C2's faster code would not pay. Glue's own
    /// JVMs are Glue's: this is run-local's setting, not the job's.
    static let javaToolOptions = "-XX:TieredStopAtLevel=1"

    /// The child's environment: this process's, the password by variable, and `JAVA_TOOL_OPTIONS`
    /// with ours first, so options the user already set there still win (later ones do).
    static func environment(_ base: [String: String], mysqlPassword: String?) -> [String: String] {
        var env = base
        env[passwordVariable] = mysqlPassword ?? ""
        let user = base["JAVA_TOOL_OPTIONS"].map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        env["JAVA_TOOL_OPTIONS"] = user.isEmpty ? javaToolOptions : javaToolOptions + " " + user
        return env
    }

    /// Runs the script to its end, output into `log`; `watch` (when given) every `seconds` while
    /// it runs. Returns the exit status.
    func run(log: URL, every seconds: Double = 1, watch: (() -> Void)? = nil) throws -> Int32 {
        let root = try TemplateLocator.projectRoot()
        var args = [root.appendingPathComponent("runtime/run_local.py").path, script.path,
                    "--connections", connections.path, "--out", out.path,
                    "--dynamodb-endpoint", dynamoDBEndpoint, "--job-name", jobName,
                    // The child runs in its own process group: without this a killed parent
                    // (Ctrl-C, SIGTERM, SIGKILL) would leave its job writing to DynamoDB.
                    "--exit-with-parent"]
        for k in jobArguments.keys.sorted() { args += [k, jobArguments[k]!] }
        args += ["--job-run-id", jobRunId]

        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw Failure(description: "cannot create the job log \(log.path)")
        }
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [TemplateLocator.python()] + args
        p.environment = Self.environment(ProcessInfo.processInfo.environment, mysqlPassword: mysqlPassword)
        p.standardOutput = handle
        p.standardError = handle
        do { try p.run() } catch { throw Failure(description: "cannot start \(TemplateLocator.python()): \(error)") }
        if let watch {
            while p.isRunning {
                watch()
                Thread.sleep(forTimeInterval: max(0.1, seconds))
            }
            watch()
        }
        p.waitUntilExit()
        return p.terminationStatus
    }
}
