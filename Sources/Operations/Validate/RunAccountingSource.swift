import AWS
import Foundation
import Validation

/// Where a table's run summaries are: the report prefix in S3 (`<reports_prefix><Table>/<run
/// id>.json`, RunSummary.key), or the folder `run-local --work FOLDER` wrote
/// (`FOLDER/<Table>/reports/<Table>/<run id>.json`). Only a table directory's own `.json`
/// files are summaries: the high-water mark sits next to them and progress objects below.
enum RunAccountingSource {
    static let markFile = "high-water-mark.json"

    static func local(folder: URL, table: String) throws -> Accounting {
        let directory = folder.appendingPathComponent(table).appendingPathComponent("reports").appendingPathComponent(table)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var runs: [Accounting.Run] = []
        for name in names.sorted() where name.hasSuffix(".json") && name != markFile {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { continue }
            runs.append(try run(id: String(name.dropLast(5)), data: data, source: directory.appendingPathComponent(name).path))
        }
        return Accounting(runs: runs)
    }

    static func s3(_ s3: S3Client, bucket: String, reportsPrefix: String, table: String) async throws -> Accounting {
        let prefix = RunSummary.tableDirectory(reportsPrefix: reportsPrefix, table: table)
        var runs: [Accounting.Run] = []
        for object in try await s3.listAllObjects(bucket: bucket, prefix: prefix) {
            let name = String(object.key.dropFirst(prefix.count))
            guard !name.contains("/"), name.hasSuffix(".json"), name != markFile else { continue }
            let data = try await s3.getObject(bucket: bucket, key: object.key)
            runs.append(try run(id: String(name.dropLast(5)), data: data, source: "s3://\(bucket)/\(object.key)"))
        }
        return Accounting(runs: runs)
    }

    struct Unreadable: Error, CustomStringConvertible { var description: String }

    private static func run(id: String, data: Data, source: String) throws -> Accounting.Run {
        guard let s = RunSummary.decode(data) else {
            throw Unreadable(description: "\(source) is not a run summary the job writes (templates/glue/README.md)")
        }
        return Accounting.Run(runId: id, status: s.status, read: s.counters.read, written: s.counters.written,
                              skipped: s.counters.skipped, deadLettered: s.counters.deadLettered,
                              deadLetterReasons: s.deadLetterReasons ?? [:],
                              // A replay is a run of its own: its written items are items of the table.
                              replayOf: s.isReplay ? (s.replayOf ?? "") : nil)
    }
}
