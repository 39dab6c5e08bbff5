/// The lines `deploy` ends its writing with, for the CLI and the MCP `deploy` tool alike.
extension DeployPlan {
    /// After `Deployer.apply`: what was created, updated and left alone.
    public var appliedSummary: String {
        let counts = Dictionary(grouping: pending, by: \.action).mapValues(\.count)
        return "deployed: \(counts[.create] ?? 0) created, \(counts[.update] ?? 0) updated, \(changes.count - pending.count) unchanged"
    }

    /// When nothing needed writing.
    public var noChangesSummary: String { "no changes: \(changes.count) resources already match the directory" }

    /// The resource behind a change, by kind and name, for structured results.
    public var changeRecords: [[String: String]] {
        changes.map { c in
            ["resource": c.label, "action": c.action.rawValue, "details": c.details.joined(separator: "\n")]
        }
    }
}
