import AWS
import ArgumentParser
import Foundation
import Operations

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the migration report (report.md, report.json, report.html) from the run summaries, dead letters, progress and the latest validation (docs/REPORT.md).",
        discussion: "Exit status: 0 written; 1 the input is wrong (no runs yet, no validation, a directory whose hashes do not match, an unreadable summary) and nothing is written; 2 usage; 3 S3 or MySQL unreachable.")

    @Argument(help: "A directory written by 'generate'.") var dir: String
    @Option(help: "The migration config the directory was generated with; when given, it must agree with the manifest (docs/CONFIG.md).")
    var config: String?
    @Option(help: "Read from this run-local --work folder instead of the manifest's S3 prefixes.") var runs: String?
    @Option(help: "Where to write the report files (default: DIR/report).") var out: String?
    @Option(help: "md, json, html or all.") var format: MigrationReport.Format = .all
    @Option(help: "mysql://user[:pass]@host:port/db holding the views: counts the items per partition key value (hot keys); the password may come from MYSQL_PWD.")
    var mysql: String?

    func run() async throws {
        // A run-local folder needs no AWS access (unless --config asks for the agreement check).
        let directory: GeneratedDirectory
        var s3: S3Client?
        if MigrationReport.needsAWS(config: config, runsFolder: runs) {
            let (d, services) = try Validate.openTarget(dir: dir, config: config)
            directory = d
            s3 = services.s3
        } else {
            do { directory = try GeneratedDirectory(dir) } catch {
                printError("\(error)")
                throw Exit.inputWrong
            }
        }
        let report = MigrationReport(directory: directory, context: ReportModel.Context(directory: dir, config: config, runsFolder: runs))
        do {
            let inputs = try await report.inputs(s3: s3)
            var hotKeys: [String: [HotKey]]?
            if let mysql {
                let connection = try openMySQL(mysql)
                defer { connection.close() }
                hotKeys = try report.hotKeys(connection)
            }
            let model = ReportModel(inputs, context: report.context, hotKeys: hotKeys)
            let written = try MigrationReport.publish(model, format: format, to: out.map { URL(fileURLWithPath: $0) } ?? report.defaultOut)
            for path in written { print(path.path) }
            for line in model.summary { print(line) }
        } catch let f as ReportFailure {
            printError(f.description)
            throw f.unreachable ? Exit.unreachable : Exit.inputWrong
        }
    }
}

extension MigrationReport.Format: ExpressibleByArgument {}
