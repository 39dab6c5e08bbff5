import MCP
import MySQL
import Operations

/// `plan`: what `deploy` would create, update or leave alone, the checks it would run, and with
/// `estimate` each table's run estimate from the server's `--mysql`. Writes nothing to AWS.
struct PlanTool: MCPTool {
    let name = "plan"
    let description = "Show what 'deploy' would create, update or leave unchanged in AWS and the checks it runs before writing (as 'ddb-migrate plan'); with estimate: true, each table's run estimate (items, write units, cost, duration) from the server's MySQL, kept in DIR/.ddbm-state.json. A failing check makes this a tool error carrying the plan. Writes nothing to AWS."
    let input = ObjectSchema([
        .required("dir", .string("A directory written by 'generate', under the root.")),
        .optional("config", .string("The migration config the directory was generated with; default: the server's --config.")),
        .optional("estimate", .boolean("Also estimate each table's run from the views in the server's MySQL.")),
    ])
    let annotations = Tool.Annotations(readOnlyHint: true, openWorldHint: true)

    func call(_ arguments: Arguments, context: ToolContext) async throws -> ToolResult {
        let target = try context.deployTarget(arguments)
        let plan: DeployPlan
        let checks: CheckReport
        do {
            plan = try await DeployPlanner(directory: target.directory, services: target.services, tags: target.config.tags).plan()
            context.progress.step("planned \(plan.changes.count) resources")
        } catch { throw CommandFailure(DeployFailure.from(error, while: "planning")) }
        do {
            checks = try await Preconditions(manifest: target.directory.manifest, services: target.services).planChecks()
            context.progress.step("checked the preconditions")
        } catch { throw CommandFailure(DeployFailure.from(error, while: "checking preconditions")) }
        var text = plan.render() + "checks deploy runs before writing:\n" + checks.render()
        var structured: [String: Value] = [
            "changes": try Value.encoding(plan.changeRecords),
            "has_changes": .bool(plan.hasChanges),
            "checks": ["notes": .array(checks.notes.map { .string($0) }), "warnings": .array(checks.warnings.map { .string($0) }),
                       "problems": .array(checks.problems.map { .string($0) })],
        ]
        if arguments.bool("estimate") {
            let connection = try context.connectMySQL(for: name)
            defer { connection.close() }
            let reports = try MySQLAccess.preflight(connection, targets: target.directory.manifest.tables)
            let estimates = RunEstimate.estimate(reports, config: target.config)
            try RunEstimate.record(estimates, in: target.directory.url)
            text += RunEstimate.render(estimates, config: target.config)
            structured["estimate"] = .array(estimates.map { e in
                ["table": .string(e.table), "items": .int(e.items), "write_units": .int(e.writeUnits), "dollars": .double(e.dollars),
                 "seconds": e.seconds.map { .double($0) } ?? .null, "exceeds_timeout": .bool(e.exceedsTimeout)]
            })
        }
        if !checks.problems.isEmpty {
            throw ToolFailure(CommandFailure(.input, problems: ["deploy would refuse: \(checks.problems.count) check(s) failed"] + checks.problems),
                              details: .object(structured))
        }
        return ToolResult(summary: text, structured: .object(structured))
    }
}
