import AWS
import Foundation

/// Where a table's runs are and where a replay writes: the manifest's S3 prefixes, as a Glue run
/// writes them, or the folder `run-local --work FOLDER` wrote (`FOLDER/<Table>/reports/<Table>/`
/// and `FOLDER/<Table>/dead-letters/<Table>/`, as `runtime/run_local.py` points the job there).
enum ReplayStore {
    case folder(URL)
    case s3(S3Client, bucket: String, reportsPrefix: String, deadLetterPrefix: String)

    /// Something the store could not do: unreachable S3 or an unreadable/unwritable folder.
    struct Failure: Error, CustomStringConvertible { var description: String; var unreachable: Bool }

    /// `(run id, summary)` of each of the table's run summaries; a file there that is no summary
    /// is an error (the folder was changed by hand).
    func summaries(table: String) async throws -> [(runId: String, summary: RunSummary)] {
        var out: [(String, RunSummary)] = []
        for (name, data, source) in try await files(reports: true, table: table, under: "") where name.hasSuffix(".json")
            && !name.contains("/") && name != RunAccountingSource.markFile {
            guard let s = RunSummary.decode(data) else {
                throw Failure(description: "\(source) is not a run summary the job writes (templates/glue/README.md)", unreachable: false)
            }
            out.append((String(name.dropLast(5)), s))
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// The `part-*.jsonl` files of one run's dead letters, by name: `(name, bytes, where)`.
    func deadLetterFiles(table: String, runId: String) async throws -> [(name: String, data: Data, source: String)] {
        try await files(reports: false, table: table, under: runId + "/")
            .filter { !$0.name.contains("/") && $0.name.hasPrefix("part-") && $0.name.hasSuffix(".jsonl") }
            .map { (name: $0.name, data: $0.data, source: $0.source) }
    }

    /// Writes `data` at `path` below the reports (or dead letters) of `table`, whole: a temp
    /// file renamed over the name, or one PutObject (atomic in S3). Returns where it went.
    @discardableResult
    func write(_ data: Data, reports: Bool, table: String, path: String) async throws -> String {
        switch self {
        case let .folder(root):
            let target = Self.tableFolder(root, reports: reports, table: table).appendingPathComponent(path)
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: target, options: .atomic)
            } catch {
                throw Failure(description: "cannot write \(target.path): \(error.localizedDescription)", unreachable: false)
            }
            return target.path
        case let .s3(s3, bucket, reportsPrefix, deadLetterPrefix):
            let key = RunSummary.underReports(reports ? reportsPrefix : deadLetterPrefix, "\(table)/\(path)")
            do {
                try await s3.putObject(bucket: bucket, key: key, body: data, contentType: path.hasSuffix(".json") ? "application/json" : "application/x-ndjson")
            } catch {
                throw Failure(description: "cannot write s3://\(bucket)/\(key): \(error)", unreachable: true)
            }
            return "s3://\(bucket)/\(key)"
        }
    }

    /// Where the table's reports or dead letters are, for messages.
    func location(reports: Bool, table: String) -> String {
        switch self {
        case let .folder(root): return Self.tableFolder(root, reports: reports, table: table).path + "/"
        case let .s3(_, bucket, r, d): return "s3://\(bucket)/" + RunSummary.underReports(reports ? r : d, "\(table)/")
        }
    }

    /// The summary's `dead_letter_prefix`: as the job writes it, `file://` for a local folder.
    func deadLetterURI(table: String, runId: String) -> String {
        switch self {
        case let .folder(root): return "file://" + Self.tableFolder(root, reports: false, table: table).appendingPathComponent(runId).path
        case .s3: return location(reports: false, table: table) + runId
        }
    }

    static func tableFolder(_ root: URL, reports: Bool, table: String) -> URL {
        root.appendingPathComponent(table).appendingPathComponent(reports ? "reports" : "dead-letters").appendingPathComponent(table)
    }

    /// Files below `<reports or dead letters>/<table>/<under>`, names relative to that folder.
    private func files(reports: Bool, table: String, under: String) async throws -> [(name: String, data: Data, source: String)] {
        switch self {
        case let .folder(root):
            let folder = Self.tableFolder(root, reports: reports, table: table).appendingPathComponent(under)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            var out: [(String, Data, String)] = []
            for name in names.sorted() {
                let file = folder.appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                guard let data = FileManager.default.contents(atPath: file.path) else {
                    throw Failure(description: "cannot read \(file.path)", unreachable: false)
                }
                out.append((name, data, file.path))
            }
            return out
        case let .s3(s3, bucket, reportsPrefix, deadLetterPrefix):
            let prefix = RunSummary.underReports(reports ? reportsPrefix : deadLetterPrefix, "\(table)/\(under)")
            do {
                var out: [(String, Data, String)] = []
                for object in try await s3.listAllObjects(bucket: bucket, prefix: prefix) {
                    let name = String(object.key.dropFirst(prefix.count))
                    // Only the names asked for are read: progress objects and replay outcomes
                    // sit below the summaries.
                    guard !name.contains("/"), name.hasSuffix(".json") || name.hasSuffix(".jsonl") else { continue }
                    out.append((name, try await s3.getObject(bucket: bucket, key: object.key), "s3://\(bucket)/\(object.key)"))
                }
                return out.sorted { $0.0 < $1.0 }
            } catch {
                throw Failure(description: "reading s3://\(bucket)/\(prefix): \(error)", unreachable: true)
            }
        }
    }
}
