import AWS
import ArgumentParser
import Foundation
import MySQL
import Operations
import Validation

struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Prove each migrated table item by item: counts, every key, sampled attributes, GSIs, the job's accounting (docs/VALIDATE.md).",
        discussion: "Exit status: 0 every table scored at least --min-score and its accounting balances; 1 a table did not, or the input is wrong; 2 usage; 3 MySQL or AWS unreachable, or the Glue validation run failed.")

    @Argument(help: "A directory written by 'generate'.") var dir: String
    @Option(help: "The migration config the directory was generated with; when given, it must agree with the manifest (docs/CONFIG.md).")
    var config: String?
    @Option(help: "mysql://user[:pass]@host:port/db holding the views; the password may come from MYSQL_PWD. Not needed with --on glue on AWS (the job reads through its Glue connection).")
    var mysql: String?
    @Option(help: "Only this table (repeatable).") var table: [String] = []
    @Option(help: "Compare N sampled items per table attribute by attribute.") var sample: Int?
    @Option(name: .customLong("sample-fraction"), help: "Compare this fraction (0–1] of each table's items.") var sampleFraction: Double?
    @Option(help: "Seed of the sample, 0 to 2^63-1 (the same seed picks the same items on every engine).") var seed = 1
    @Flag(help: "Compare every item.") var full = false
    @Option(name: .customLong("min-score"), help: "Lowest integrity score (0–100) that passes.") var minScore = 100.0
    @Option(help: "Examples listed per discrepancy class.") var examples = 10
    @Option(help: "text or json.") var format: OutputFormat = .text
    @Option(help: "Also write the JSON document to this file.") var out: String?
    @Option(help: "local (this process) or glue (the generated glue/validate_<Table>.py).") var on: ValidationOptions.Engine = .local
    @Option(help: "Read the run summaries from this run-local --work folder instead of S3.") var runs: String?
    @Option(name: .customLong("dynamodb-endpoint"), help: "A local DynamoDB endpoint, as run-local's.") var dynamoDBEndpoint: String?
    @Option(help: "Parallel scan segments per table (default: sized to the table).") var segments: Int?

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    func validate() throws {
        if sample != nil && sampleFraction != nil || full && (sample != nil || sampleFraction != nil) {
            throw ValidationError("choose one of --sample, --sample-fraction and --full")
        }
        if let n = sample, n < 1 { throw ValidationError("--sample must be at least 1") }
        if let f = sampleFraction, !(f > 0 && f <= 1) { throw ValidationError("--sample-fraction must be in (0, 1]") }
        if !(0...100).contains(minScore) { throw ValidationError("--min-score must be between 0 and 100") }
        // The Glue engine's ranges (ddbm_validate): a seed's decimal text must not carry a sign.
        if seed < 0 { throw ValidationError("--seed must be between 0 and \(Int.max)") }
        if !(0...10_000).contains(examples) { throw ValidationError("--examples must be between 0 and 10000") }
        if mysql == nil && !(on == .glue && dynamoDBEndpoint == nil) {
            throw ValidationError("--mysql is required (except with --on glue on AWS, where the job reads through its Glue connection)")
        }
        if let s = segments, !(1...1_000_000).contains(s) { throw ValidationError("--segments must be between 1 and 1000000") }
        if let e = dynamoDBEndpoint {
            guard let url = URL(string: e), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ValidationError("--dynamodb-endpoint must be an http(s) URL, got '\(e)'")
            }
        }
    }

    func run() async throws {
        let (directory, services) = try openTarget()
        var options = ValidationOptions()
        options.tables = table
        options.sample = full ? .full : sample.map { .count($0) } ?? sampleFraction.map { .fraction($0) } ?? .automatic
        options.seed = seed
        options.examples = examples
        options.minScore = minScore
        options.engine = on
        options.runsFolder = runs.map { URL(fileURLWithPath: $0) }
        options.dynamoDBEndpoint = dynamoDBEndpoint.flatMap(URL.init(string:))
        options.segments = segments
        if let folder = options.runsFolder, !FileManager.default.fileExists(atPath: folder.path) {
            printError("--runs \(folder.path) does not exist: give the folder 'run-local --work' wrote")
            throw Exit.inputWrong
        }
        let aws = services.dynamoDB(at: options.dynamoDBEndpoint)
        let connection = try mysql.map(openMySQL)
        defer { connection?.close() }
        let validator = Validator(directory: directory, mysql: connection, mysqlURL: try mysql.map { try MySQLURL(parsing: $0) },
                                  services: aws, options: options)
        do { _ = try validator.selectedTables() } catch let f as Validator.Failure {
            printError(f.description)
            throw Exit.inputWrong
        }

        let display = LiveDisplay.standardOutput()
        let throttle = ProgressThrottle(seconds: format == .json ? .infinity : 1)
        let document: ValidationDocument
        do {
            document = try await validator.run { table, done, expected in
                guard throttle.due() else { return }
                display.show([ValidationReport.progressLine(table: table, done: done, expected: expected, since: throttle.started)])
            }
            display.finish()
        } catch let f as Validator.Failure {
            display.finish()
            printError(f.description)
            throw f.unreachable ? Exit.unreachable : Exit.inputWrong
        }
        let json = try Validator.json(document)
        if let out {
            do { try json.write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
                printError("cannot write \(out): \(error.localizedDescription)")
                throw Exit.inputWrong
            }
        }
        switch format {
        case .json:
            FileHandle.standardOutput.write(json)
            print("")
        case .text:
            print(ValidationReport.text(document), terminator: "")
        }
        if !document.passed { throw Exit.inputWrong }
    }
}

extension Validate {
    /// The verified directory and AWS clients in its region. Unlike `plan`/`deploy`, the config
    /// is optional: the manifest holds every name `validate` needs (region, bucket, prefixes).
    func openTarget() throws -> (GeneratedDirectory, AWSServices) { try Self.openTarget(dir: dir, config: config) }

    /// Also `report`'s: the same inputs, the same checks.
    static func openTarget(dir: String, config: String?) throws -> (GeneratedDirectory, AWSServices) {
        if let config {
            let (directory, _, services) = try DeployTargetOptions.parse([dir, "--config", config]).open()
            return (directory, services)
        }
        let directory: GeneratedDirectory
        do { directory = try GeneratedDirectory(dir) } catch {
            printError("\(error)")
            throw Exit.inputWrong
        }
        do {
            return (directory, try AWSServices.fromEnvironment(region: directory.manifest.region))
        } catch {
            printError("cannot set up AWS access: \(error)")
            throw Exit.unreachable
        }
    }
}

extension ValidationOptions.Engine: ExpressibleByArgument {}

/// Lets a progress line through at most every `seconds`.
final class ProgressThrottle: @unchecked Sendable {
    private let lock = NSLock()
    private let seconds: Double
    private var last = Date.distantPast
    let started = Date()
    init(seconds: Double) { self.seconds = seconds }
    func due() -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard seconds.isFinite, Date().timeIntervalSince(last) >= seconds else { return false }
        last = Date()
        return true
    }
}
