import AWS
import Backends
import Foundation

/// A directory written by `generate`, read back through its `manifest.json` (docs/MANIFEST.md).
/// Opening it verifies every artifact against the manifest's SHA-256, so `deploy` and
/// `run-local` never act on a hand-edited or half-copied directory.
public struct GeneratedDirectory {
    public struct Manifest: Decodable {
        public var manifestVersion: Int
        public var region: String
        public var accountId: String
        public var contract: Contract
        /// views.sql's dialect (`mysql8`, `mariadb`) and the oldest server it loads on.
        public var views: Views
        public var s3: S3
        public var iam: IAM
        public var glueConnection: String
        /// The Secrets Manager secret the role may read for the connection (`glue.connection_secret_arn`).
        public var glueConnectionSecretArn: String?
        public var artifacts: [Artifact]
        public var jobs: [Job]
        public var tables: [Table]
        public var operations: [String]

        public struct Contract: Decodable { public var file: String; public var sha256: String }
        public struct Views: Decodable { public var dialect: String; public var minimumServer: String }
        public struct S3: Decodable {
            public var bucket: String, scriptsPrefix: String, tempPrefix: String, deadLetterPrefix: String, reportsPrefix: String
        }
        public struct IAM: Decodable {
            public var roleName: String, roleArn: String, trustPolicy: String, policyName: String, policy: String
        }

        /// The AWS partition (`aws`, `aws-cn`, ...), read from the role's ARN.
        public var partition: String {
            let parts = iam.roleArn.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            return parts.count > 1 && !parts[1].isEmpty ? String(parts[1]) : "aws"
        }

        /// The ARN Glue tags job `name` under.
        public func jobARN(_ name: String) -> String {
            GlueClient.jobARN(partition: partition, region: region, account: accountId, name: name)
        }

        /// The marker tag deploy puts on what it creates, and cleanup looks for (`MigrationMarker`).
        public var marker: (key: String, value: String) { (MigrationMarker.key, MigrationMarker.value(roleName: iam.roleName)) }

        public struct Artifact: Decodable {
            public var path: String, sha256: String, bytes: Int
            public var becomes: Becomes
            public struct Becomes: Decodable { public var kind: String; public var bucket: String?; public var key: String? }
        }
        public struct Job: Decodable {
            public var name: String, table: String, script: String, scriptLocation: String, extraPyFiles: String
            public var glueVersion: String, workerType: String, numberOfWorkers: Int, timeoutMinutes: Int
            public var maxConcurrentRuns: Int, maxRetries: Int, connections: [String], roleArn: String
            public var defaultArguments: [String: String], tags: [String: String]
            /// The table's validation job (docs/MANIFEST.md): deployed with this job's role, Glue
            /// version, workers, timeout, connections and tags.
            public var validation: Validation
        }
        public struct Validation: Decodable {
            public var name: String, script: String, scriptLocation: String, extraPyFiles: String
            public var defaultArguments: [String: String]
        }
        public struct Key: Decodable, Equatable { public var name: String; public var type: String }
        public struct Index: Decodable {
            public var name: String, partitionKey: Key, sortKey: Key?, projection: String, projectedAttributes: [String]
        }
        public struct Table: Decodable {
            public var name: String, arn: String, view: String, writeMode: String
            public var partitionKey: Key, sortKey: Key?, globalSecondaryIndexes: [Index]
            public var attributes: [Key]

            /// Every attribute that keys some GSI, each once, in index order (as `TableIR.gsiKeyNames`).
            public var gsiKeyNames: [String] {
                var names: [String] = []
                for g in globalSecondaryIndexes {
                    for k in [g.partitionKey.name, g.sortKey?.name].compactMap({ $0 }) where !names.contains(k) { names.append(k) }
                }
                return names
            }
        }
    }

    public struct OpenError: Error, CustomStringConvertible {
        public var description: String
    }

    public let url: URL
    public let manifest: Manifest
    /// The bytes `manifest` was decoded from, for the parts read as raw JSON (`jobSpecJSON`).
    private let manifestData: Data

    public init(_ path: String) throws {
        url = URL(fileURLWithPath: path)
        let manifestURL = url.appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else {
            throw OpenError(description: "\(manifestURL.path) not found: is \(path) a directory written by 'ddb-migrate generate'?")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        manifestData = data
        do { manifest = try decoder.decode(Manifest.self, from: data) } catch {
            throw OpenError(description: "\(manifestURL.path) is not a ddb-migrate manifest: \(error)")
        }
        guard manifest.manifestVersion == ManifestBuilder.version else {
            throw OpenError(description: "\(manifestURL.path) has manifest_version \(manifest.manifestVersion); this ddb-migrate reads version \(ManifestBuilder.version): regenerate the directory")
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
        let root = try? JSONSerialization.jsonObject(with: manifestData) as? [String: Any]
        let jobs = root?["jobs"] as? [[String: Any]] ?? []
        guard let job = jobs.first(where: { $0["table"] as? String == table }) else {
            throw OpenError(description: "\(url.path)/manifest.json has no job for table \(table); tables: \(manifest.jobs.map(\.table).joined(separator: ", "))")
        }
        guard let spec = job["job_spec"] as? [String: Any] else {
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
