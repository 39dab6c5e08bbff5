import Foundation
import MCP
import Operations

/// `status`: each job's latest runs with their counters; `watch: true` follows the newest runs
/// with progress notifications until none is running.
struct StatusTool: MCPTool {
    let name = "status"
    let description = "Each job's latest runs: state, duration and counters from the run summaries (as 'ddb-migrate status --json'); watch: true follows the newest runs with live progress (notifications) until none is running. Reads only."
    let input = ObjectSchema([
        .required("dir", .string("A directory written by 'generate', under the root.")),
        .optional("config", .string("The migration config the directory was generated with; default: the server's --config.")),
        .optional("runs", .integer("Runs shown per job, newest first.", minimum: 1, maximum: 100)),
        .optional("watch", .boolean("Follow each job's newest run until none is running.")),
        .optional("poll_seconds", .number("With watch: seconds between polls.", minimum: 0.1, maximum: 3600)),
    ])
    let annotations = Tool.Annotations(readOnlyHint: true, openWorldHint: true)

    func call(_ arguments: Arguments, context: ToolContext) async throws -> ToolResult {
        let target = try context.deployTarget(arguments)
        if arguments.bool("watch") {
            let poll = arguments.double("poll_seconds") ?? 15
            let progress = context.progress
            do {
                _ = try await StatusWatch(directory: target.directory, services: target.services, pollSeconds: poll, progressSeconds: min(poll, 5))
                    .watch { lines in progress.step(lines.joined(separator: "\n")) }
            } catch { throw CommandFailure(DeployFailure.from(error, while: "watching the runs")) }
        }
        let statuses: [StatusReport.JobStatus]
        do {
            statuses = try await StatusReport(directory: target.directory, services: target.services, runsPerJob: arguments.int("runs") ?? 3).collect()
        } catch { throw CommandFailure(DeployFailure.from(error, while: "reading the runs")) }
        var rows: [[String]] = []
        for s in statuses {
            if !s.deployed { rows.append([s.table, "NOT DEPLOYED", "-", "-", "-", "-", "-", "-"]) }
            else if s.runs.isEmpty { rows.append([s.table, "NO RUNS", "-", "-", "-", "-", "-", "-"]) }
            else { rows += s.runs.map(\.row) }
        }
        let text = TextTable.render(header: RunProgress.header, rows: rows, rightAligned: [2, 3, 4, 5, 6])
        return ToolResult(summary: text, structured: try Value.json(StatusReport.json(statuses)))
    }

    /// One run as `status --json` shows it.
    static func record(_ r: RunProgress) -> Value {
        let data = (try? JSONSerialization.data(withJSONObject: StatusReport.record(r), options: [.sortedKeys])) ?? Data("{}".utf8)
        return (try? Value.json(data)) ?? .null
    }
}
