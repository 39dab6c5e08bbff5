/// What `cleanup` found: every action in execution order (Glue jobs, S3 objects, the role's
/// inline policy, the role, the views; then what is always kept), and the job runs still in
/// flight, which stop it like a resource that is not ours.
public struct CleanupPlan: Sendable {
    public struct ActiveRun: Sendable, Equatable {
        public var job: String
        public var runId: String
        public var state: String
    }

    public var actions: [CleanupAction]
    public var activeRuns: [ActiveRun]
    /// The region, for the commands printed for the user.
    public var region: String

    public var deletions: [CleanupAction] { actions.filter { $0.disposition == .delete } }
    public var notOurs: [CleanupAction] {
        actions.filter { if case .notOurs = $0.disposition { return true } else { return false } }
    }
    /// Nothing may be removed: some resource is not ours, or a job is running.
    public var refused: Bool { !notOurs.isEmpty || !activeRuns.isEmpty }

    /// One line per action (`- delete`, `= keep` with why, `. absent`, `! not ours` with why).
    public func render() -> String {
        var lines: [String] = []
        for a in actions {
            switch a.disposition {
            case .delete: lines.append("- delete   \(a.label)")
            case .keep(let why): lines.append("= keep     \(a.label): \(why)")
            case .absent: lines.append(". absent   \(a.label)")
            case .notOurs(let why): lines.append("! not ours \(a.label): \(why)")
            }
        }
        let absent = actions.filter { $0.disposition == .absent }.count
        let kept = actions.filter { if case .keep = $0.disposition { return true } else { return false } }.count
        lines.append("\(deletions.count) to delete, \(kept) kept, \(absent) absent, \(notOurs.count) not ours")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Why cleanup refuses, one problem per line, with the command to stop running jobs.
    public var refusal: [String] {
        var out: [String] = []
        if !notOurs.isEmpty {
            out.append("refusing to clean up: \(notOurs.count) resource(s) exist but were not created by this migration (no matching marker tag / definition); nothing was removed. Remove or rename them by hand if they are leftovers, or fix the config:")
            out += notOurs.map { a -> String in
                if case .notOurs(let why) = a.disposition { return "  - \(a.label): \(why)" }
                return "  - \(a.label)"
            }
        }
        if !activeRuns.isEmpty {
            out.append("refusing to clean up: Glue job runs are still in flight (deleting a job does not stop its run); nothing was removed. Wait for them or stop them:")
            for (job, runs) in Dictionary(grouping: activeRuns, by: \.job).sorted(by: { $0.key < $1.key }) {
                out.append("  - \(job): \(runs.map { "\($0.runId) (\($0.state))" }.joined(separator: ", "))")
                out.append("    aws glue batch-stop-job-run --region \(region) --job-name \(job) --job-run-ids \(runs.map(\.runId).joined(separator: " "))")
            }
        }
        return out
    }

    /// The closing line of a dry run (the CLI's `--dry-run`, the MCP tool without `confirm`).
    public static let dryRunNote = "dry run: nothing was changed"
    /// The closing line when everything is absent already: a second cleanup changes nothing.
    public static let nothingToDelete = "nothing to delete: everything this migration created is gone already"
    /// The closing line after the executor removed every deletion.
    public var doneSummary: String { "cleaned up: \(deletions.count) deleted; the DynamoDB tables were not touched" }

    /// What the user is told about the DynamoDB tables cleanup never deletes.
    public var tablesNotice: [String] {
        let tables = actions.compactMap { a -> String? in if case .dynamoDBTable(let name) = a.resource { return name } else { return nil } }
        guard !tables.isEmpty else { return [] }
        var out = ["The DynamoDB tables are never touched by cleanup: they hold the migrated data. To delete one by hand, take an on-demand backup first",
                   "(point-in-time recovery ends with the table: AWS keeps only a system backup, for 35 days; an on-demand backup stays until you delete it):"]
        for t in tables {
            out.append("  aws dynamodb create-backup --region \(region) --table-name \(t) --backup-name \(t)-before-delete")
            out.append("  aws dynamodb delete-table --region \(region) --table-name \(t)")
        }
        return out
    }
}
