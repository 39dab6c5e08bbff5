import AWS
import Backends
import Foundation
import MigrationTarget
import Validation

/// Reads `ReportInputs` from a store. Strict where the report would otherwise be wrong: a
/// summary, dead letter, replay outcome or validation document that does not decode stops the
/// report (exit 1, nothing written) instead of being left out of the figures. Progress objects
/// are best effort, as everywhere (a half-published one only thins the throughput chart).
struct ReportLoader {
    let store: ReportStore
    let manifest: Manifest

    static let markFile = "high-water-mark.json"
    static let replayedFile = "replayed.jsonl"

    func load() async throws -> ReportInputs {
        let latest = try await latestValidation()
        var tables: [ReportInputs.Table] = []
        for shape in manifest.tables.sorted(by: { $0.name < $1.name }) {
            let runs = try await runs(of: shape)
            guard !runs.isEmpty else {
                throw ReportFailure("table \(shape.name) has no run summary yet (\(store.describe(store.reportsPrefix(table: shape.name)))): run its job first (deploy --run, or run-local)")
            }
            guard let validation = latest[shape.name] else {
                throw ReportFailure("no validation of table \(shape.name) found in \(store.describe(store.validationPrefix)): run 'ddb-migrate validate' first (it publishes its document there)")
            }
            tables.append(ReportInputs.Table(shape: shape, runs: runs, validation: validation))
        }
        return ReportInputs(tables: tables)
    }

    private func runs(of shape: TargetTable) async throws -> [ReportInputs.Run] {
        let prefix = store.reportsPrefix(table: shape.name)
        let names = try await store.list(prefix)
        let letters = try await deadLetters(of: shape)
        var runs: [ReportInputs.Run] = []
        for name in names where !name.contains("/") && name.hasSuffix(".json") && name != Self.markFile {
            let runId = String(name.dropLast(5))
            guard let summary = RunSummary.decode(try await store.read(prefix + name)) else {
                throw ReportFailure("\(store.describe(prefix + name)) is not a run summary the job writes (templates/glue/README.md)")
            }
            var run = ReportInputs.Run(runId: runId, summary: summary, deadLetters: letters[runId] ?? [])
            var parts: [ProgressObjects.Part] = []
            for p in names where p.hasPrefix("\(runId)/progress/") {
                let file = String(p.dropFirst("\(runId)/progress/".count))
                guard let data = try? await store.read(prefix + p),
                      case .part(let part)? = ProgressObjects.decode(data, name: file, runId: runId) else { continue }
                parts.append(part)
            }
            run.progress = parts.sorted { $0.partition < $1.partition }
            if summary.isReplay, names.contains("\(runId)/\(Self.replayedFile)") {
                let path = prefix + "\(runId)/\(Self.replayedFile)"
                run.replayed = try lines(try await store.read(path), path: path, what: "replay outcome (replay-contract.md)") {
                    ReplayedLine.decode(line: $0)
                }
            }
            runs.append(run)
        }
        return runs
    }

    /// Every dead letter of the table, by run id.
    private func deadLetters(of shape: TargetTable) async throws -> [String: [DeadLetter]] {
        let prefix = store.deadLettersPrefix(table: shape.name)
        let keys = [shape.partitionKey] + (shape.sortKey.map { [$0] } ?? [])
        var byRun: [String: [DeadLetter]] = [:]
        for name in try await store.list(prefix) {
            let parts = name.split(separator: "/")
            guard parts.count == 2, parts[1].hasPrefix("part-"), parts[1].hasSuffix(".jsonl") else { continue }
            byRun[String(parts[0]), default: []] += try lines(try await store.read(prefix + name), path: prefix + name,
                                                               what: "dead letter (templates/glue/README.md)") {
                DeadLetter.decode(line: $0, keys: keys)
            }
        }
        return byRun
    }

    private func lines<T>(_ data: Data, path: String, what: String, _ decode: (Data) -> T?) throws -> [T] {
        var out: [T] = []
        for (i, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.allSatisfy({ $0 == 32 || $0 == 13 }) {
            guard let value = decode(Data(line)) else {
                throw ReportFailure("\(store.describe(path)) line \(i + 1) is not a \(what)")
            }
            out.append(value)
        }
        return out
    }

    /// Per table, its entry in the newest validation document (by finished_at as an instant, then
    /// run id) that covers it. As instants: validate writes milliseconds, documents of earlier
    /// versions whole seconds, and as text "…:10Z" sorts after "…:10.400Z".
    private func latestValidation() async throws -> [String: ReportInputs.ValidationEntry] {
        let prefix = store.validationPrefix
        let decoder = JSONDecoder()
        var latest: [String: ReportInputs.ValidationEntry] = [:]
        for name in try await store.list(prefix) where !name.contains("/") && name.hasSuffix(".json") {
            let document: ValidationDocument
            do { document = try decoder.decode(ValidationDocument.self, from: try await store.read(prefix + name)) } catch let f as ReportFailure {
                throw f
            } catch {
                throw ReportFailure("\(store.describe(prefix + name)) is not a validation document 'validate' writes (docs/VALIDATE.md): \(error)")
            }
            for verdict in document.tables {
                let entry = ReportInputs.ValidationEntry(run: document.run, finishedAt: document.finishedAt,
                                                         minScore: document.minScore, verdict: verdict)
                let table = verdict.measurement.table
                if let have = latest[table], Self.order(have) >= Self.order(entry) { continue }
                latest[table] = entry
            }
        }
        return latest
    }

    /// A validation entry's place in time; one whose time does not parse is the oldest.
    private static func order(_ e: ReportInputs.ValidationEntry) -> (Double, String) {
        ((ProgressObjects.date(e.finishedAt) ?? .distantPast).timeIntervalSince1970, e.run)
    }
}
