import Foundation
import MCP
import Operations

/// `deploy`: checks the account, then uploads the scripts and creates or updates the role and
/// jobs; `run: true` starts one run per table. Refused unless the server was started with
/// `--allow-aws-writes`: an agent cannot write to AWS unless the person who configured it said so.
struct DeployTool: MCPTool {
    let name = "deploy"
    let description = "Check the target account, then upload scripts and create or update the IAM role and Glue jobs (as 'ddb-migrate deploy'); run: true starts one run per table, wait: true follows them to the end with progress notifications. Writes to AWS: refused unless the server was started with --allow-aws-writes."
    let input = ObjectSchema([
        .required("dir", .string("A directory written by 'generate', under the root.")),
        .optional("config", .string("The migration config the directory was generated with; default: the server's --config.")),
        .optional("run", .boolean("Start one run per table after deploying.")),
        .optional("wait", .boolean("With run: follow the runs until they finish.")),
        .optional("tables", .array("With run: only these tables.", items: .string("A table name."))),
        .optional("full", .boolean("With run: read every row again, ignoring the high-water mark of incremental tables.")),
        .optional("allow_no_pitr", .boolean("Allow run on tables without point-in-time recovery.")),
        .optional("max_parallel_runs", .integer("Runs in flight at once.", minimum: 1, maximum: 100)),
    ])
    let annotations = Tool.Annotations(readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true)

    static let refusal = "deploy writes to AWS: start the MCP server with --allow-aws-writes to allow it"

    func call(_ arguments: Arguments, context: ToolContext) async throws -> ToolResult {
        guard context.allowAWSWrites else { throw CommandFailure(.input, Self.refusal) }
        let run = arguments.bool("run")
        if arguments.bool("wait") && !run { throw ArgumentError("arguments.wait needs arguments.run") }
        if arguments.bool("full") && !run { throw ArgumentError("arguments.full needs arguments.run") }
        let target = try context.deployTarget(arguments)
        let progress = context.progress
        var log: [String] = []
        func note(_ line: String) { log.append(line); progress.step(line) }

        let outcome: Preconditions.Outcome
        do {
            outcome = try await Preconditions(manifest: target.directory.manifest, services: target.services)
                .verify(requirePointInTimeRecovery: run && !arguments.bool("allow_no_pitr"))
        } catch { throw CommandFailure(DeployFailure.from(error, while: "checking preconditions")) }
        note("account \(outcome.identity.account) (\(outcome.identity.arn)), region \(target.directory.manifest.region): preconditions hold")

        let plan: DeployPlan
        do {
            plan = try await DeployPlanner(directory: target.directory, services: target.services, tags: target.config.tags).plan()
        } catch { throw CommandFailure(DeployFailure.from(error, while: "planning")) }
        if plan.hasChanges {
            do {
                try await Deployer(directory: target.directory, services: target.services, tags: target.config.tags).apply(plan) { note($0) }
            } catch { throw CommandFailure(DeployFailure.from(error, while: "deploying")) }
            note(plan.appliedSummary)
        } else {
            note(plan.noChangesSummary)
        }
        var structured: [String: Value] = [
            "account": .string(outcome.identity.account),
            "region": .string(target.directory.manifest.region),
            "checks": ["notes": .array(outcome.report.notes.map { .string($0) }), "warnings": .array(outcome.report.warnings.map { .string($0) })],
            "changes": try Value.encoding(plan.changeRecords),
        ]
        if run {
            var options = RunCoordinator.Options()
            options.maxParallelRuns = arguments.int("max_parallel_runs") ?? 2
            options.wait = arguments.bool("wait")
            options.tables = arguments.strings("tables")
            if arguments.bool("full") { options.runArguments["--ddbm_full"] = "true" }
            let lines = LineCollector()
            let results: [RunProgress]
            do {
                results = try await RunCoordinator(directory: target.directory, services: target.services, options: options).run(
                    log: { line in lines.append(line); progress.step(line) },
                    progress: { block in progress.step(block.joined(separator: "\n")) })
            } catch { throw CommandFailure(DeployFailure.from(error, while: "running the jobs")) }
            log += lines.lines
            structured["runs"] = .array(results.map(StatusTool.record))
            let failed = results.filter(\.failed)
            if !failed.isEmpty {
                structured["log"] = .array(log.map { .string($0) })
                throw ToolFailure(CommandFailure(.unreachable, problems: failed.map {
                    "\($0.table): run \($0.jobRunId) \($0.state)\($0.errorMessage.map { ": \($0)" } ?? "")"
                }), details: .object(structured))
            }
        }
        structured["log"] = .array(log.map { .string($0) })
        return ToolResult(summary: log.joined(separator: "\n"), structured: .object(structured))
    }
}

/// Lines from callbacks that may come from another task.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) { lock.lock(); stored.append(line); lock.unlock() }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return stored }
}
