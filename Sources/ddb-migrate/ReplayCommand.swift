import AWS
import ArgumentParser
import Foundation
import MySQL
import Operations

struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-drive the dead letters of a run after their cause was fixed: each row is read again from the view and written as the job writes it (docs/REPLAY.md).",
        discussion: "Exit status: 0 every replayed row was written or skipped (or is no longer in the view); 1 some rows were dead-lettered again, or the input is wrong (no such table, no dead letters, a tampered directory, a config that disagrees with the manifest); 2 usage; 3 MySQL or AWS unreachable.")

    @Argument(help: "A directory written by 'generate'.") var dir: String
    @Option(help: "The migration config the directory was generated with (docs/CONFIG.md).") var config: String
    @Option(help: "mysql://user[:pass]@host:port/db holding the views; the password may come from MYSQL_PWD.") var mysql: String
    @Option(help: "The DynamoDB table whose dead letters to replay.") var table: String
    @Option(help: "The run whose dead letters to replay (default: the latest run of the table with dead letters, not a replay).")
    var run: String?
    @Option(help: "Read and write runs in this run-local --work folder instead of the manifest's S3 prefixes.") var runs: String?
    @Option(name: .customLong("dynamodb-endpoint"), help: "A local DynamoDB endpoint, as run-local's.") var dynamoDBEndpoint: String?
    @Flag(name: .customLong("dry-run"), help: "Read and convert the rows, write nothing; print what would be done.") var dryRun = false

    func validate() throws {
        if let e = dynamoDBEndpoint {
            guard let url = URL(string: e), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ValidationError("--dynamodb-endpoint must be an http(s) URL, got '\(e)'")
            }
        }
        if let run, run.isEmpty || run.count > 128 || !run.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }) {
            throw ValidationError("--run must be a run id ([A-Za-z0-9_.-], 1 to 128 characters), got '\(run)'")
        }
    }

    func run() async throws {
        let (directory, _, services) = try DeployTargetOptions.parse([dir, "--config", config]).open()
        var options = Replayer.Options(table: table)
        options.run = run
        options.dryRun = dryRun
        options.runsFolder = runs.map { URL(fileURLWithPath: $0) }
        if let folder = options.runsFolder, !FileManager.default.fileExists(atPath: folder.path) {
            printError("--runs \(folder.path) does not exist: give the folder 'run-local --work' wrote")
            throw Exit.inputWrong
        }
        let aws = services.dynamoDB(at: dynamoDBEndpoint.flatMap(URL.init(string:)))
        let connection = try openMySQL(mysql)
        defer { connection.close() }
        let result: Replayer.Result
        do {
            result = try await Replayer(directory: directory, mysql: connection, services: aws, options: options).run()
        } catch let f as Replayer.Failure {
            printError(f.description)
            throw f.unreachable ? Exit.unreachable : Exit.inputWrong
        }
        print(ReplayReport.text(result), terminator: "")
        if result.counts.deadLettered > 0 { throw Exit.inputWrong }
    }
}
