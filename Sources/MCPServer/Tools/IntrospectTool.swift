import Foundation
import MCP
import Operations

/// `introspect`: the schema snapshot of the server's `--mysql` database, written under the root.
struct IntrospectTool: MCPTool {
    let name = "introspect"
    let description = "Write a schema snapshot (tables, columns, keys, row estimates) of the server's MySQL database (--mysql) for check_contract's 'schema' (as 'ddb-migrate introspect')."
    let input = ObjectSchema([
        .required("out", .string("Where to write schema.json, under the root.")),
    ])
    let annotations = Tool.Annotations(readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true)

    func call(_ arguments: Arguments, context: ToolContext) async throws -> ToolResult {
        let out = try context.path(arguments, "out", allowRoot: false)
        let connection = try context.connectMySQL(for: name)
        defer { connection.close() }
        try MySQLAccess.introspect(connection, to: out)
        let snapshot = try Value.json(Data(contentsOf: URL(fileURLWithPath: out)))
        let tables = snapshot.objectValue?["tables"]?.arrayValue?.count ?? 0
        return ToolResult(summary: "wrote \(context.display(out)) (\(tables) tables)",
                          structured: ["out": .string(context.display(out)), "snapshot": snapshot])
    }
}
