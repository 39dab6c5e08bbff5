import AWS
import ArgumentParser
import Foundation
import MySQL
import Operations

struct RunLocal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-local",
        abstract: "Run the generated Glue jobs on local PySpark against a local DynamoDB endpoint.")

    @Argument(help: "A directory written by 'generate'.") var dir: String
    @Option(help: "mysql://user[:pass]@host:port/db holding the views (apply-views first); password may come from MYSQL_PWD.")
    var mysql: String
    @Option(name: .customLong("dynamodb-endpoint"), help: "The local DynamoDB endpoint, e.g. http://127.0.0.1:5000.")
    var dynamoDBEndpoint: String
    @Option(help: "Folder for dead letters, run summaries, bookmark state and logs.") var work: String = ".work/run-local"
    @Option(help: "Only this table (repeatable).") var table: [String] = []
    @Option(name: .customLong("max-write-units-per-second"), help: "Write-unit ceiling per table (overrides the config's).")
    var maxWriteUnitsPerSecond: Int?
    @Option(help: "Parallel JDBC readers (overrides the config's).") var partitions: Int?
    @Flag(name: .customLong("create-tables"), help: "Create missing target tables on the endpoint from the manifest.")
    var createTables = false
    @Flag(help: "Read every row again: ignore the high-water mark of incremental tables (a new one is saved when the run succeeds).") var full = false

    func run() async throws {
        let directory: GeneratedDirectory
        do { directory = try GeneratedDirectory(dir) } catch {
            printError("\(error)")
            throw Exit.inputWrong
        }
        let url: MySQLURL
        do { url = try MySQLURL(parsing: mysql) } catch {
            printError("--mysql: \(error)")
            throw ExitCode(2)
        }
        guard let endpoint = URL(string: dynamoDBEndpoint), endpoint.scheme == "http" || endpoint.scheme == "https" else {
            printError("--dynamodb-endpoint must be an http(s) URL, got '\(dynamoDBEndpoint)'")
            throw ExitCode(2)
        }
        if createTables {
            do {
                let env = try AWSEnvironment.load()
                let client = try AWSClient.fromEnvironment(env, region: env.region ?? directory.manifest.region)
                let local = AWSClient(region: client.region, credentials: client.credentials, environment: env,
                                      endpointOverrides: ["DynamoDB": endpoint])
                let created = try await LocalTables.ensure(directory.manifest.tables, client: DynamoDBClient(client: local))
                if !created.isEmpty { print("created tables on \(dynamoDBEndpoint): \(created.joined(separator: ", "))") }
            } catch {
                printError("cannot prepare tables on \(dynamoDBEndpoint): \(error)")
                throw Exit.unreachable
            }
        }
        var options = LocalRun.Options(mysql: url, dynamoDBEndpoint: dynamoDBEndpoint, workDirectory: URL(fileURLWithPath: work))
        options.tables = table
        options.full = full
        if let m = maxWriteUnitsPerSecond { options.jobArgumentOverrides["--ddbm_max_write_units_per_second"] = String(m) }
        if let p = partitions { options.jobArgumentOverrides["--ddbm_partitions"] = String(p) }
        let results: [LocalRun.TableResult]
        let display = LiveDisplay.standardOutput()
        do {
            results = try LocalRun(directory: directory, options: options).run(progress: { line in display.finish(); display.log(line) },
                                                                                 live: { lines in display.show(lines) })
            display.finish()
        } catch {
            printError("\(error)")
            throw Exit.inputWrong
        }
        print(RunCountsTable.render(results.map(\.countsRow)), terminator: "")
        let failed = results.filter { !$0.succeeded }
        if !failed.isEmpty {
            for f in failed { printError("\(f.table): \(f.error ?? "failed") (log: \(f.logFile.path))") }
            throw Exit.unreachable
        }
    }
}
