import AWS
import Foundation
import Validation

/// Which dead letters are settled (replay-contract.md, docs/REPORT.md "Resolution"): a dead
/// letter of run A is resolved when a later replay (by started_at) lists a row of the same
/// identity with outcome written, skipped or not-found, or when a later run that read every row
/// (no high-water mark, or a full one; succeeded; not a replay) has no dead letter of that
/// identity. A row's identity is (entity, table key) when it has the key attributes, else
/// (entity, _partition_key). A replay line matches on identity whatever run it re-drove: a
/// replay of a later run re-drives the same row.
struct DeadLetterResolution {
    struct Identity: Hashable { var entity: String?; var key: String?; var partitionKey: String? }

    private struct Settling { var started: Date; var identities: Set<Identity> }
    /// Per table: replays' resolving lines, and complete runs' dead letters (identities that
    /// are still failing as of that run).
    private var replays: [String: [Settling]] = [:]
    private var completeRuns: [String: [Settling]] = [:]
    private var unresolvedCount: [String: Int] = [:]
    private var keyNames: [String: [String]] = [:]

    init(_ inputs: ReportInputs) {
        for t in inputs.tables {
            let names = [t.shape.partitionKey.name] + (t.shape.sortKey.map { [$0.name] } ?? [])
            keyNames[t.name] = names
            for r in t.runs {
                guard let started = r.started else { continue }
                if r.summary.isReplay {
                    let ids = r.replayed.filter(\.resolves).map { Self.identity(entity: $0.entity, key: $0.key, partitionKey: $0.partitionKeyIdentity, keyNames: names) }
                    replays[t.name, default: []].append(Settling(started: started, identities: Set(ids)))
                } else if r.summary.readEveryRow && r.summary.status == "succeeded" {
                    let ids = r.deadLetters.map { Self.identity(entity: $0.entity, key: $0.key, partitionKey: $0.partitionKey, keyNames: names) }
                    completeRuns[t.name, default: []].append(Settling(started: started, identities: Set(ids)))
                }
            }
        }
        for t in inputs.tables {
            var unresolved = Set<Identity>()
            for r in t.runs {
                for d in r.deadLetters where !isResolved(table: t.name, run: r, letter: d) {
                    unresolved.insert(identity(table: t.name, d))
                }
            }
            unresolvedCount[t.name] = unresolved.count
        }
    }

    /// Distinct rows of the table with a dead letter not yet resolved.
    func unresolved(table: String) -> Int { unresolvedCount[table] ?? 0 }

    func isResolved(table: String, run: ReportInputs.Run, letter: DeadLetter) -> Bool {
        guard let started = run.started else { return false }
        let id = identity(table: table, letter)
        if replays[table, default: []].contains(where: { $0.started > started && $0.identities.contains(id) }) { return true }
        return completeRuns[table, default: []].contains { $0.started > started && !$0.identities.contains(id) }
    }

    private func identity(table: String, _ d: DeadLetter) -> Identity {
        Self.identity(entity: d.entity, key: d.key, partitionKey: d.partitionKey, keyNames: keyNames[table] ?? [])
    }

    static func identity(entity: String?, key: DynamoDBItem?, partitionKey: String?, keyNames: [String]) -> Identity {
        if let key, let bytes = try? CanonicalKey.bytes(of: key, keyNames: keyNames) {
            return Identity(entity: entity, key: Data(bytes).base64EncodedString(), partitionKey: nil)
        }
        return Identity(entity: entity, key: nil, partitionKey: partitionKey)
    }
}
