import Foundation

/// What a generated Glue job reads, taken from the generated output itself: `manifest.json`
/// lists the jobs (script, table, default arguments) and each script embeds its job spec as
/// `JOB_SPEC_JSON = "<JSON text as a Python string literal>"` (templates/glue/README.md). The
/// bench reads sources from there rather than guessing them from view names, so it measures
/// what the job would read even when the compiler changes how it names or splits views.
struct JobSpec: Decodable {
    struct Source: Decodable {
        struct Bounds: Decodable {
            let table: String
            let column: String
        }

        /// The entity's type name; nil for a single-entity table.
        let entity: String?
        let view: String
        /// The attributes this view delivers (the reserved columns come on top, see `readColumns`).
        let columns: [String]
        /// Where MIN/MAX of the partition key come from; nil: no integer key, one reader.
        let bounds: Bounds?

        var label: String { entity ?? view }
    }

    static let supportedVersion = 2

    let specVersion: Int
    let table: String
    /// The whole table as one view (UNION ALL of the entity views); the job does not read it.
    let view: String
    let entityColumn: String?
    let partitionColumn: String
    let sources: [Source]

    enum CodingKeys: String, CodingKey {
        case specVersion = "spec_version", table, view, entityColumn = "entity_column"
        case partitionColumn = "partition_column", sources
    }

    /// The columns the job selects from `source`, in its order: the partition key, the entity
    /// column when the table has one, then the source's attributes (ddbm_core `read_columns`).
    func readColumns(_ source: Source) -> [String] {
        [partitionColumn] + (entityColumn.map { [$0] } ?? []) + source.columns
    }
}

/// One job of a generated output: its table's spec and the number of readers it runs with.
struct GeneratedJob {
    let script: String
    let spec: JobSpec
    /// `--ddbm_partitions` of the job's default arguments (P: ranges per source); nil if unset.
    let partitions: Int?
    /// `--ddbm_min_range_keys` of the job's default arguments; nil if unset.
    let minRangeKeys: Int?
}

enum GeneratedOutput {
    private struct Manifest: Decodable {
        struct Job: Decodable {
            let table: String
            let script: String
            let defaultArguments: [String: String]?

            enum CodingKeys: String, CodingKey { case table, script, defaultArguments = "default_arguments" }
        }

        let jobs: [Job]
    }

    static let specAssignment = "JOB_SPEC_JSON = "

    /// Every job of the generated output under `directory`, in manifest order.
    static func jobs(in directory: String) throws -> [GeneratedJob] {
        let manifestPath = (directory as NSString).appendingPathComponent("manifest.json")
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: manifestPath)))
        } catch {
            throw BenchFailure("\(manifestPath): cannot read the jobs: \(error)")
        }
        return try manifest.jobs.map { job in
            let path = (directory as NSString).appendingPathComponent(job.script)
            let spec = try spec(ofScript: path)
            guard spec.table == job.table else {
                throw BenchFailure("\(path): its job spec is for table \(spec.table), the manifest says \(job.table)")
            }
            func positive(_ name: String) throws -> Int? {
                try job.defaultArguments?[name].map { text -> Int in
                    guard let value = Int(text), value >= 1 else {
                        throw BenchFailure("\(manifestPath): job \(job.table) has \(name) \(text), not a positive integer")
                    }
                    return value
                }
            }
            return GeneratedJob(script: path, spec: spec, partitions: try positive("--ddbm_partitions"),
                                minRangeKeys: try positive("--ddbm_min_range_keys"))
        }
    }

    /// The job spec embedded in one generated script.
    static func spec(ofScript path: String) throws -> JobSpec {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw BenchFailure("\(path): cannot read: \(error.localizedDescription)")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.hasPrefix(specAssignment) }
        guard lines.count == 1, let line = lines.first else {
            throw BenchFailure("\(path): expected one line `\(specAssignment)\"...\"`, found \(lines.count)")
        }
        let literal = String(line.dropFirst(specAssignment.count)).trimmingCharacters(in: .whitespaces)
        let json: String
        do { json = try PythonStringLiteral.decode(literal) } catch {
            throw BenchFailure("\(path): JOB_SPEC_JSON: \(error)")
        }
        let spec: JobSpec
        do { spec = try JSONDecoder().decode(JobSpec.self, from: Data(json.utf8)) } catch {
            throw BenchFailure("\(path): JOB_SPEC_JSON is not a job spec: \(error)")
        }
        guard spec.specVersion == JobSpec.supportedVersion else {
            throw BenchFailure("\(path): job spec version \(spec.specVersion); this bench reads version \(JobSpec.supportedVersion)")
        }
        guard !spec.sources.isEmpty else { throw BenchFailure("\(path): the job spec lists no sources") }
        return spec
    }
}

/// Decodes the Python string literals the compiler writes (Backends' `PythonLiteral.string`:
/// double quotes; `\"`, `\\`, `\n`, `\r`, `\t`, `\xNN`, `\uNNNN`, `\UNNNNNNNN` escapes). Anything
/// else is refused rather than guessed, so a changed literal format cannot yield a wrong spec.
enum PythonStringLiteral {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    static func decode(_ literal: String) throws -> String {
        let scalars = Array(literal.unicodeScalars)
        guard scalars.count >= 2, scalars.first == "\"", scalars.last == "\"" else {
            throw Malformed(description: "not a double-quoted string literal")
        }
        var out = String.UnicodeScalarView()
        var index = 1
        let end = scalars.count - 1
        func hex(_ digits: Int) throws -> Unicode.Scalar {
            guard index + digits <= end,
                  let value = UInt32(String(String.UnicodeScalarView(scalars[index..<index + digits])), radix: 16),
                  let scalar = Unicode.Scalar(value) else {
                throw Malformed(description: "bad \(digits)-digit escape at offset \(index)")
            }
            index += digits
            return scalar
        }
        while index < end {
            let scalar = scalars[index]
            index += 1
            if scalar == "\"" { throw Malformed(description: "unescaped quote at offset \(index - 1)") }
            guard scalar == "\\" else { out.append(scalar); continue }
            guard index < end else { throw Malformed(description: "dangling backslash") }
            let escape = scalars[index]
            index += 1
            switch escape {
            case "\"", "\\", "'": out.append(escape)
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "x": out.append(try hex(2))
            case "u": out.append(try hex(4))
            case "U": out.append(try hex(8))
            default: throw Malformed(description: "unsupported escape \\\(escape) at offset \(index - 2)")
            }
        }
        return String(out)
    }
}
