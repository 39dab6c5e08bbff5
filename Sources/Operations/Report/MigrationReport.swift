import AWS
import Foundation
import MySQL

/// `ddb-migrate report` (docs/REPORT.md): reads a migration's run summaries, dead letters,
/// progress and latest validation, computes the figures once (`ReportModel`) and writes
/// `report.md`, `report.json` and `report.html` — all of them or none.
public struct MigrationReport {
    public enum Format: String, CaseIterable, Sendable {
        case md, json, html, all
        var files: [String] {
            switch self {
            case .md: return ["report.md"]
            case .json: return ["report.json"]
            case .html: return ["report.html"]
            case .all: return ["report.md", "report.json", "report.html"]
            }
        }
    }

    let directory: GeneratedDirectory
    public let context: ReportModel.Context

    public init(directory: GeneratedDirectory, context: ReportModel.Context) {
        self.directory = directory; self.context = context
    }

    /// The inputs, from the run-local folder when `context.runsFolder` is set, else S3.
    public func inputs(s3: S3Client?) async throws -> ReportInputs {
        let m = directory.manifest
        let store: ReportStore
        if let folder = context.runsFolder {
            guard FileManager.default.fileExists(atPath: folder) else {
                throw ReportFailure("--runs \(folder) does not exist: give the folder 'run-local --work' wrote")
            }
            store = FolderReportStore(root: URL(fileURLWithPath: folder))
        } else {
            guard let s3 else { throw ReportFailure("no S3 access", unreachable: true) }
            store = S3ReportStore(s3: s3, bucket: m.s3.bucket, reportsPrefix: m.s3.reportsPrefix, deadLetterPrefix: m.s3.deadLetterPrefix)
        }
        return try await ReportLoader(store: store, manifest: m).load()
    }

    /// `report` needs AWS unless it reads a run-local folder with no config to check against
    /// (with a config, the config's agreement with the manifest is checked as `validate` does).
    public static func needsAWS(config: String?, runsFolder: String?) -> Bool { config != nil || runsFolder == nil }

    /// Where the files go unless told: `DIR/report`.
    public var defaultOut: URL { directory.url.appendingPathComponent("report") }

    /// Top partition key values per table, from the views. Any failure is the views' server
    /// failing (exit 3), named as such.
    public func hotKeys(_ connection: MySQLConnection) throws -> [String: [HotKey]] {
        var out: [String: [HotKey]] = [:]
        do {
            for t in directory.manifest.tables {
                out[t.name] = try HotKeyQuery.query(connection, view: t.view, partitionKey: t.partitionKey.name)
            }
        } catch {
            throw ReportFailure("counting items per partition key in the views: \(error)", unreachable: true)
        }
        return out
    }

    /// Renders `format` and writes it into `out`, all files or none; the paths written, in
    /// `format`'s order. A failure is the input's (exit 1), naming the folder.
    public static func publish(_ model: ReportModel, format: Format, to out: URL) throws -> [URL] {
        do {
            let files = try render(model, format: format)
            try write(files, to: out)
            return files.map { out.appendingPathComponent($0.name) }
        } catch {
            throw ReportFailure("cannot write the report into \(out.path): \(error)")
        }
    }

    /// The rendered files, by name.
    public static func render(_ model: ReportModel, format: Format) throws -> [(name: String, data: Data)] {
        try format.files.map { name in
            switch name {
            case "report.md": return (name, Data(ReportMarkdown.render(model).utf8))
            case "report.json": return (name, try ReportJSON.render(model))
            default: return (name, Data(ReportHTML.render(model).utf8))
            }
        }
    }

    /// Writes every file to a temp file in `out` first, then renames them into place: a failure
    /// leaves no partial file (a rename within one folder is atomic).
    public static func write(_ files: [(name: String, data: Data)], to out: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: out, withIntermediateDirectories: true)
        var temps: [(URL, URL)] = []
        defer { for (t, _) in temps { try? fm.removeItem(at: t) } }
        for f in files {
            let temp = out.appendingPathComponent(".ddbm-\(f.name)-\(UUID().uuidString).tmp")
            try f.data.write(to: temp)
            temps.append((temp, out.appendingPathComponent(f.name)))
        }
        for (temp, target) in temps {
            if rename(temp.path, target.path) != 0 {
                throw ReportFailure("cannot write \(target.path): \(String(cString: strerror(errno)))")
            }
        }
    }
}
