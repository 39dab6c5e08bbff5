import MCP
import MySQL
import Operations

/// `apply-views`: runs DIR/views.sql on the server's `--mysql`, reading every view back; one
/// progress notification per statement that created (or failed to create) a view.
struct ApplyViewsTool: MCPTool {
    let name = "apply_views"
    let description = "Run DIR/views.sql statement by statement on the server's MySQL (--mysql), then read every view back and report its rows (as 'ddb-migrate apply-views'). Writes MySQL views only."
    let input = ObjectSchema([
        .required("dir", .string("A directory written by 'generate', under the root.")),
    ])
    let annotations = Tool.Annotations(readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true)

    func call(_ arguments: Arguments, context: ToolContext) async throws -> ToolResult {
        let dir = try context.path(arguments, "dir")
        let script = try ViewApplication.open(dir)
        let connection = try context.connectMySQL(for: name)
        defer { connection.close() }
        let progress = context.progress
        var done = 0.0
        let outcome = try ViewApplication.apply(script, on: connection) { result, statements in
            done += 1
            progress.report(done, total: Double(statements), "\(result.view.description): \(Self.status(result))")
        }
        let views: Value = .array(outcome.results.map { r in
            var o: [String: Value] = ["view": .string(r.view.description),
                                      "line": .int(r.position.line), "column": .int(r.position.column)]
            switch r.outcome {
            case .verified(let rows): o["rows"] = .int(rows); o["status"] = "ok"
            case .failed(let e): o["status"] = "failed"; o["error"] = .string(e.description)
            }
            return .object(o)
        })
        if let failure = outcome.failure {
            throw ToolFailure(failure, details: ["views": views])
        }
        return ToolResult(summary: outcome.table, structured: ["views": views])
    }

    static func status(_ r: ViewApplyResult) -> String {
        if case .verified(let n) = r.outcome { return "\(n) rows" }
        return "FAILED"
    }
}
