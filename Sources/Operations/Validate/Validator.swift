import AWS
import Foundation
import MigrationTarget
import MySQL
import Validation

/// `validate`: measures every selected table with the chosen engine, adds the job's accounting,
/// scores it, and writes the validation document next to the run summaries
/// (`<reports_prefix>validation/<run>.json`, or `<runs folder>/validation/<run>.json`) for
/// `report` to read (docs/VALIDATE.md).
public struct Validator {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        /// MySQL, DynamoDB, S3 or Glue could not be reached or failed (exit 3); else the input
        /// or the target is wrong (exit 1).
        public var unreachable: Bool
    }

    let directory: GeneratedDirectory
    /// The views' server: needed by the local engine and by a local Glue run; nil only for
    /// `--on glue` on AWS, whose job reads through its Glue connection.
    let mysql: MySQLConnection?
    let mysqlURL: MySQLURL?
    let services: AWSServices
    let options: ValidationOptions

    public init(directory: GeneratedDirectory, mysql: MySQLConnection?, mysqlURL: MySQLURL?, services: AWSServices, options: ValidationOptions) {
        self.directory = directory; self.mysql = mysql; self.mysqlURL = mysqlURL; self.services = services; self.options = options
    }

    /// The tables to validate, in manifest order; an unknown name fails before anything is read.
    public func selectedTables() throws -> [TargetTable] {
        let all = directory.manifest.tables
        let unknown = options.tables.filter { name in !all.contains { $0.name == name } }
        if !unknown.isEmpty {
            throw Failure(description: "no table \(unknown.joined(separator: ", ")) in \(directory.url.path)/manifest.json (its tables: \(all.map(\.name).joined(separator: ", ")))",
                          unreachable: false)
        }
        return all.filter { options.tables.isEmpty || options.tables.contains($0.name) }
    }

    /// Validates; `progress(table, done, expected)` is called while a table's keys are scanned.
    public func run(progress: (@Sendable (String, Int, Int?) -> Void)? = nil) async throws -> ValidationDocument {
        let started = Date()
        let run = Self.newRunId(at: started)
        var verdicts: [TableVerdict] = []
        for table in try selectedTables() {
            var t: ValidatedTable
            do {
                t = try ValidatedTable(specJSON: try directory.jobSpecJSON(table: table.name), manifestTable: table)
            } catch {
                throw Failure(description: "the job spec of \(table.name) in \(directory.url.path)/manifest.json: \(error)", unreachable: false)
            }
            t.itemEstimate = try await describe(table.name)
            let measurement: TableMeasurement
            switch options.engine {
            case .local:
                guard let mysql else { throw Failure(description: "the local engine reads the views: give --mysql", unreachable: false) }
                do {
                    measurement = try await LocalEngine(mysql: mysql, dynamoDB: services.dynamoDB, options: options, progress: progress)
                        .measure(table: t)
                } catch let f as Failure {
                    throw f
                } catch let e as AWSError {
                    throw Failure(description: "validating \(table.name): \(e)", unreachable: false)
                } catch {
                    throw Failure(description: "validating \(table.name): \(error)", unreachable: true)
                }
            case .glue:
                measurement = try await GlueEngine(directory: directory, services: services, options: options, mysqlURL: mysqlURL)
                    .measure(table: table.name, run: run)
            }
            verdicts.append(TableVerdict(measurement: measurement, accounting: try await accounting(table.name), minScore: options.minScore))
        }
        let document = ValidationDocument(run: run, on: options.engine.rawValue, startedAt: Self.timestamp(started),
                                          finishedAt: Self.timestamp(Date()), seed: options.seed, minScore: options.minScore,
                                          tables: verdicts)
        try await publish(document)
        return document
    }

    /// The document as JSON (sorted keys: diffable, and the same for the same measurements).
    public static func json(_ document: ValidationDocument) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }

    // MARK: Steps

    private func describe(_ table: String) async throws -> Int? {
        do {
            return try await services.dynamoDB.describeTable(table).ItemCount
        } catch let e as AWSError where e.code == "ResourceNotFoundException" {
            throw Failure(description: "DynamoDB table \(table) does not exist (in \(services.client.region)): nothing to validate — run the migration first",
                          unreachable: false)
        } catch {
            throw Failure(description: "DynamoDB.DescribeTable \(table): \(error)", unreachable: true)
        }
    }

    private func accounting(_ table: String) async throws -> Accounting {
        do {
            if let folder = options.runsFolder { return try RunAccountingSource.local(folder: folder, table: table) }
            let m = directory.manifest
            return try await RunAccountingSource.s3(services.s3, bucket: m.s3.bucket, reportsPrefix: m.s3.reportsPrefix, table: table)
        } catch let e as RunAccountingSource.Unreadable {
            throw Failure(description: e.description, unreachable: false)
        } catch {
            throw Failure(description: "reading the run summaries of \(table): \(error)", unreachable: true)
        }
    }

    /// Writes the document where `report` looks for it: the runs folder's `validation/`, or
    /// `<reports_prefix>validation/` in S3.
    private func publish(_ document: ValidationDocument) async throws {
        let data = try Self.json(document)
        if let folder = options.runsFolder {
            let target = folder.appendingPathComponent("validation").appendingPathComponent("\(document.run).json")
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: target, options: .atomic)
            } catch {
                throw Failure(description: "cannot write \(target.path): \(error.localizedDescription)", unreachable: false)
            }
            return
        }
        let m = directory.manifest
        let key = Self.documentKey(reportsPrefix: m.s3.reportsPrefix, run: document.run)
        do {
            try await services.s3.putObject(bucket: m.s3.bucket, key: key, body: data, contentType: "application/json")
        } catch {
            throw Failure(description: "cannot write s3://\(m.s3.bucket)/\(key): \(error)", unreachable: true)
        }
    }

    public static func documentKey(reportsPrefix: String, run: String) -> String {
        RunSummary.underReports(reportsPrefix, "validation/\(run).json")
    }

    /// Where a validation job writes its measurement (docs/VALIDATE.md).
    public static func measurementKey(reportsPrefix: String, table: String, jobRunId: String) -> String {
        RunSummary.underReports(reportsPrefix, "validation/\(table)/\(jobRunId).json")
    }

    static func newRunId(at date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return "val-" + f.string(from: date) + "-" + String(format: "%04x", UInt16.random(in: .min ... .max))
    }

    /// Milliseconds: two validations often finish within one second (the report's e2e test ran
    /// validate, replay and validate again in under one), and `report` takes the newest.
    static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
}
