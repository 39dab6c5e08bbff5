import AWS
import Foundation

/// Where `report` reads a migration's outputs: the manifest's S3 prefixes (as the Glue jobs
/// write them) or the folder `run-local --work FOLDER` wrote (`FOLDER/<Table>/reports/<Table>/`,
/// `FOLDER/<Table>/dead-letters/<Table>/`, `FOLDER/validation/`). Only listing and reading:
/// `report` never writes here.
protocol ReportStore: Sendable {
    /// `<reports>/<Table>/`: the table's summaries, progress objects and replay outcomes.
    func reportsPrefix(table: String) -> String
    /// `<dead letters>/<Table>/`: one folder of `part-NNNNN.jsonl` per run.
    func deadLettersPrefix(table: String) -> String
    /// Where `validate` publishes its documents.
    var validationPrefix: String { get }
    /// The path of every object below `prefix`, relative to it, sorted.
    func list(_ prefix: String) async throws -> [String]
    func read(_ path: String) async throws -> Data
    /// `path` as a person finds it (`s3://bucket/key` or the file path).
    func describe(_ path: String) -> String
}

/// A failure to read the inputs: `unreachable` for S3 (exit 3), else the input is wrong (exit 1).
public struct ReportFailure: Error, CustomStringConvertible, Equatable {
    public var description: String
    public var unreachable: Bool
    public init(_ description: String, unreachable: Bool = false) {
        self.description = description; self.unreachable = unreachable
    }
}

struct FolderReportStore: ReportStore {
    let root: URL

    func reportsPrefix(table: String) -> String { root.appendingPathComponent("\(table)/reports/\(table)").path + "/" }
    func deadLettersPrefix(table: String) -> String { root.appendingPathComponent("\(table)/dead-letters/\(table)").path + "/" }
    var validationPrefix: String { root.appendingPathComponent("validation").path + "/" }

    func list(_ prefix: String) async throws -> [String] {
        let base = URL(fileURLWithPath: prefix)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var names: [String] = []
        let basePath = base.standardizedFileURL.path
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(basePath + "/") else { continue }
            let name = String(path.dropFirst(basePath.count + 1))
            // The job's temp files (`.ddbm-*.tmp`) are not documents (templates/glue/README.md).
            if name.split(separator: "/").last?.hasPrefix(".") == true { continue }
            names.append(name)
        }
        return names.sorted()
    }

    func read(_ path: String) async throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw ReportFailure("cannot read \(path)") }
        return data
    }

    func describe(_ path: String) -> String { path }
}

struct S3ReportStore: ReportStore {
    let s3: S3Client
    let bucket: String
    let reportsPrefix: String
    let deadLetterPrefix: String

    func reportsPrefix(table: String) -> String { RunSummary.tableDirectory(reportsPrefix: reportsPrefix, table: table) }
    func deadLettersPrefix(table: String) -> String { RunSummary.tableDirectory(reportsPrefix: deadLetterPrefix, table: table) }
    var validationPrefix: String { RunSummary.underReports(reportsPrefix, "validation/") }

    func list(_ prefix: String) async throws -> [String] {
        do {
            return try await s3.listAllObjects(bucket: bucket, prefix: prefix).map { String($0.key.dropFirst(prefix.count)) }.sorted()
        } catch {
            throw ReportFailure("cannot list s3://\(bucket)/\(prefix): \(error)", unreachable: true)
        }
    }

    func read(_ path: String) async throws -> Data {
        do { return try await s3.getObject(bucket: bucket, key: path) } catch {
            throw ReportFailure("cannot read s3://\(bucket)/\(path): \(error)", unreachable: true)
        }
    }

    func describe(_ path: String) -> String { "s3://\(bucket)/\(path)" }
}
