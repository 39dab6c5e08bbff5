import AWS
import Foundation

/// What a run has published so far: its driver object and one object per partition.
public struct ProgressSnapshot: Sendable, Equatable {
    public var driver: ProgressObjects.Driver?
    public var parts: [ProgressObjects.Part]

    public init(driver: ProgressObjects.Driver? = nil, parts: [ProgressObjects.Part] = []) {
        self.driver = driver
        self.parts = parts.sorted { $0.partition < $1.partition }
    }

    public var isEmpty: Bool { driver == nil && parts.isEmpty }
    public var read: Int { parts.reduce(0) { $0 + $1.counters.read } }
    public var written: Int { parts.reduce(0) { $0 + $1.counters.written } }
    public var skipped: Int { parts.reduce(0) { $0 + $1.counters.skipped } }
    public var deadLettered: Int { parts.reduce(0) { $0 + $1.counters.deadLettered } }
    /// Items with a final outcome (written, skipped or dead-lettered): what "done" counts.
    public var done: Int { written + skipped + deadLettered }
    public var throttledRetries: Int { parts.reduce(0) { $0 + $1.throttledRetries } }
    public var consumedWriteUnits: Double { parts.reduce(0) { $0 + $1.consumedWriteUnits } }
    public var partsDone: Int { parts.filter(\.done).count }
    /// The newest `updated_at` among the objects (the job's clock).
    public var updatedAt: Date? {
        (parts.map(\.updatedAt) + [driver?.updatedAt].compactMap { $0 }).compactMap(ProgressObjects.date).max()
    }
}

/// Reads a run's progress objects. Implementations remember what they read and fetch an object
/// again only when it changed, so polling every few seconds costs one listing per run.
public protocol ProgressSource: Sendable {
    func snapshot() async -> ProgressSnapshot
}

/// Progress in S3: ListObjectsV2 under the run's progress prefix, GetObject only for new ETags.
public actor S3ProgressSource: ProgressSource {
    let s3: S3Client
    let bucket: String
    let prefix: String
    let runId: String
    private var cache: [String: (eTag: String?, object: ProgressObjects.Decoded)] = [:]

    public init(s3: S3Client, bucket: String, reportsPrefix: String, table: String, runId: String) {
        self.s3 = s3
        self.bucket = bucket
        self.prefix = ProgressObjects.prefix(reports: reportsPrefix, table: table, runId: runId)
        self.runId = runId
    }

    public func snapshot() async -> ProgressSnapshot {
        // A listing that fails (not yet created, throttled) leaves the last snapshot standing.
        guard let listed = try? await s3.listAllObjects(bucket: bucket, prefix: prefix, maxPages: 20) else { return assemble() }
        var seen = Set<String>()
        for object in listed {
            let name = String(object.key.dropFirst(prefix.count))
            seen.insert(object.key)
            if let cached = cache[object.key], cached.eTag != nil, cached.eTag == object.eTag { continue }
            guard let data = try? await s3.getObject(bucket: bucket, key: object.key),
                  let decoded = ProgressObjects.decode(data, name: name, runId: runId) else { continue }
            cache[object.key] = (object.eTag, decoded)
        }
        cache = cache.filter { seen.contains($0.key) }
        return assemble()
    }

    private func assemble() -> ProgressSnapshot { ProgressSnapshot.assemble(cache.values.map(\.object)) }
}

/// Progress in a local folder (`run-local`: `file://<work>/<table>/reports`).
public final class FileProgressSource: ProgressSource, @unchecked Sendable {
    let folder: URL
    let runId: String
    private let lock = NSLock()
    private var cache: [String: (stamp: String, object: ProgressObjects.Decoded)] = [:]

    public init(reportsFolder: URL, table: String, runId: String) {
        folder = URL(fileURLWithPath: ProgressObjects.prefix(reports: reportsFolder.path + "/", table: table, runId: runId))
        self.runId = runId
    }

    public func snapshot() async -> ProgressSnapshot { read() }

    /// Synchronous form, for callers outside Swift concurrency (run-local's child watch).
    public func read() -> ProgressSnapshot {
        lock.lock(); defer { lock.unlock() }
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
        var next: [String: (stamp: String, object: ProgressObjects.Decoded)] = [:]
        for name in names where name.hasSuffix(".json") {
            let path = folder.appendingPathComponent(name).path
            let attributes = try? fm.attributesOfItem(atPath: path)
            let stamp = "\((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)/\(attributes?[.size] as? Int ?? 0)"
            if let cached = cache[name], cached.stamp == stamp { next[name] = cached; continue }
            // A file caught half-written (or of another version) does not decode: it is skipped
            // now and read on the next poll.
            guard let data = fm.contents(atPath: path), let decoded = ProgressObjects.decode(data, name: name, runId: runId) else { continue }
            next[name] = (stamp, decoded)
        }
        cache = next
        return ProgressSnapshot.assemble(cache.values.map(\.object))
    }
}

extension ProgressSnapshot {
    static func assemble(_ objects: [ProgressObjects.Decoded]) -> ProgressSnapshot {
        var driver: ProgressObjects.Driver?
        var parts: [Int: ProgressObjects.Part] = [:]
        for o in objects {
            switch o {
            case .driver(let d): driver = d
            case .part(let p): parts[p.partition] = p
            }
        }
        return ProgressSnapshot(driver: driver, parts: Array(parts.values))
    }
}
