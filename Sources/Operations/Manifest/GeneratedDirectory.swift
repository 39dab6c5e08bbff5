import Backends
import Foundation

/// A directory written by `generate`, read back through its `manifest.json` (docs/MANIFEST.md,
/// the `Manifest` type generate encodes). Opening it verifies every artifact against the
/// manifest's SHA-256, so `deploy` and `run-local` never act on a hand-edited or half-copied directory.
public struct GeneratedDirectory {
    public struct OpenError: Error, CustomStringConvertible {
        public var description: String
    }

    public let url: URL
    public let manifest: Manifest

    public init(_ path: String) throws {
        url = URL(fileURLWithPath: path)
        let manifestURL = url.appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else {
            throw OpenError(description: "\(manifestURL.path) not found: is \(path) a directory written by 'ddb-migrate generate'?")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do { manifest = try decoder.decode(Manifest.self, from: data) } catch {
            throw OpenError(description: "\(manifestURL.path) is not a ddb-migrate manifest: \(error)")
        }
        guard manifest.manifestVersion == Manifest.version else {
            throw OpenError(description: "\(manifestURL.path) has manifest_version \(manifest.manifestVersion); this ddb-migrate reads version \(Manifest.version): regenerate the directory")
        }
        for a in manifest.artifacts {
            guard let bytes = FileManager.default.contents(atPath: url.appendingPathComponent(a.path).path) else {
                throw OpenError(description: "\(path)/\(a.path) is missing (listed in manifest.json): regenerate the directory")
            }
            guard SHA256Hex.of(bytes) == a.sha256 else {
                throw OpenError(description: "\(path)/\(a.path) differs from manifest.json (edited by hand?): regenerate the directory instead")
            }
        }
    }

    /// The job spec of `table` (`jobs[].job_spec`, the document both of its scripts embed as
    /// JOB_SPEC_JSON; templates/glue/README.md) as JSON bytes, from the manifest this directory was
    /// opened and verified with; keys sorted, so equal specs give equal bytes.
    public func jobSpecJSON(table: String) throws -> Data {
        guard let job = manifest.jobs.first(where: { $0.table == table }) else {
            throw OpenError(description: "\(url.path)/manifest.json has no job for table \(table); tables: \(manifest.jobs.map(\.table).joined(separator: ", "))")
        }
        guard case .object = job.jobSpec,
              let spec = try? JSONSerialization.jsonObject(with: Data(job.jobSpec.rendered(pretty: false).utf8)) else {
            throw OpenError(description: "\(url.path)/manifest.json: the job of table \(table) has no job_spec object: regenerate the directory")
        }
        return try JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    public func data(_ relativePath: String) throws -> Data {
        guard let d = FileManager.default.contents(atPath: url.appendingPathComponent(relativePath).path) else {
            throw OpenError(description: "cannot read \(url.path)/\(relativePath)")
        }
        return d
    }
}
