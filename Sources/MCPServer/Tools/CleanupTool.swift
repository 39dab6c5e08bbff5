import Foundation
import MCP
import Operations

/// `cleanup`: what this migration created (Glue jobs, scripts, IAM role and policy, with
/// `views` its MySQL views) and what cleanup does with each. A dry run unless `confirm: true`,
/// and that only on a server started with `--allow-aws-writes` (as `deploy`). Never asks: the
/// call's `confirm` is the CLI's `--yes`. Never touches the DynamoDB tables.
struct CleanupTool: MCPTool {
    let name = "cleanup"
    let description = "List what this migration created and what cleanup does with each (delete, keep and why, absent, not ours): Glue jobs, uploaded scripts, IAM role and inline policy, with views: true the MySQL views on the server's MySQL, with all: true the objects under the dead-letter, reports and temp prefixes (as 'ddb-migrate cleanup'). A dry run unless confirm: true, which deletes them: refused unless the server was started with --allow-aws-writes. Resources not created by this migration, or job runs in flight, make it refuse before removing anything. Never deletes the DynamoDB tables."
    let input = ObjectSchema([
        .required("dir", .string("A directory written by 'generate', under the root.")),
        .optional("config", .string("The migration config the directory was generated with; default: the server's --config.")),
        .optional("confirm", .boolean("Delete (default: false, a dry run that changes nothing).")),
        .optional("all", .boolean("Also delete the objects under the dead-letter, reports and temp prefixes.")),
        .optional("views", .boolean("Also drop the views of DIR/views.sql on the server's MySQL.")),
    ])
    let annotations = Tool.Annotations(readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true)

    static let refusal = "cleanup with confirm: true deletes AWS resources: start the MCP server with --allow-aws-writes to allow it (without confirm it is a dry run)"

    func call(_ arguments: Arguments, context: ToolContext) async throws -> ToolResult {
        let confirm = arguments.bool("confirm")
        guard !confirm || context.allowAWSWrites else { throw CommandFailure(.input, Self.refusal) }
        let target = try context.deployTarget(arguments)
        let connection = arguments.bool("views") ? try context.connectMySQL(for: name) : nil
        defer { connection?.close() }
        let plan: CleanupPlan
        do {
            plan = try await CleanupPlanner(directory: target.directory, services: target.services, mysql: connection, all: arguments.bool("all")).plan()
        } catch { throw CommandFailure(DeployFailure.from(error, while: "planning the cleanup")) }
        let progress = context.progress
        progress.step("planned \(plan.actions.count) actions, \(plan.deletions.count) to delete")
        var structured: [String: Value] = [
            "actions": .array(plan.actions.map(Self.record)),
            "active_runs": .array(plan.activeRuns.map { ["job": .string($0.job), "run_id": .string($0.runId), "state": .string($0.state)] }),
            "tables_notice": .array(plan.tablesNotice.map { .string($0) }),
            "dry_run": .bool(!confirm),
        ]
        var text = ([plan.render()] + plan.tablesNotice.map { $0 + "\n" }).joined()
        if plan.refused {
            throw ToolFailure(CommandFailure(DeployFailure(.targetWrong, plan.refusal)), details: .object(structured))
        }
        guard confirm else {
            structured["deleted"] = []
            return ToolResult(summary: text + CleanupPlan.dryRunNote + " (pass confirm: true to delete)", structured: .object(structured))
        }
        guard !plan.deletions.isEmpty else {
            structured["deleted"] = []
            return ToolResult(summary: text + CleanupPlan.nothingToDelete, structured: .object(structured))
        }
        var deleted: [String] = []
        do {
            try await CleanupExecutor(services: target.services, mysql: connection).execute(plan) { line in
                deleted.append(line)
                progress.report(Double(deleted.count), total: Double(plan.deletions.count), line)
            }
        } catch {
            structured["deleted"] = .array(deleted.map { .string($0) })
            throw ToolFailure(CommandFailure(DeployFailure.from(error, while: "cleaning up")), details: .object(structured))
        }
        structured["deleted"] = .array(deleted.map { .string($0) })
        text += deleted.map { $0 + "\n" }.joined() + plan.doneSummary
        return ToolResult(summary: text, structured: .object(structured))
    }

    /// One action: the resource as the CLI names it, its kind, what cleanup does, and why.
    static func record(_ a: CleanupAction) -> Value {
        let (action, reason): (String, String?) = {
            switch a.disposition {
            case .delete: return ("delete", nil)
            case .keep(let why): return ("keep", why)
            case .absent: return ("absent", nil)
            case .notOurs(let why): return ("not_ours", why)
            }
        }()
        return ["resource": .string(a.label), "kind": .string(kind(a.resource)), "action": .string(action), "reason": reason.map { .string($0) } ?? .null]
    }

    static func kind(_ r: CleanupAction.Resource) -> String {
        switch r {
        case .glueJob: return "glue_job"
        case .script: return "script"
        case .prefix: return "prefix"
        case .rolePolicy: return "role_policy"
        case .role: return "role"
        case .view: return "view"
        case .dynamoDBTable: return "dynamodb_table"
        case .bucket: return "bucket"
        }
    }
}
