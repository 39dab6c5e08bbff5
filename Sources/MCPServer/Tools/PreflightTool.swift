import Diagnostics
import MCP
import MySQL
import Operations

/// `preflight`: the views' data checked before any write, on the server's `--mysql`.
struct PreflightTool: MCPTool {
    let name = "preflight"
    let description = "Check the views' data before any write (as 'ddb-migrate preflight'): NULL or empty keys, key collisions, items over 400 KB, per table. A table that would lose or collide data makes this a tool error (exit class input) that still carries the reports. Reads only."
    let input = ObjectSchema([
        .required("contract", .string("The migration contract (JSON), under the root.")),
        .optional("schema", .string("A schema snapshot written by 'introspect'.")),
    ])
    let annotations = Tool.Annotations(readOnlyHint: true, openWorldHint: true)

    func call(_ arguments: Arguments, context: ToolContext) async throws -> ToolResult {
        let contract = try context.path(arguments, "contract")
        let schema = try context.optionalPath(arguments, "schema")
        let engine = DiagnosticEngine()
        let loaded = ContractLoading.load(contract: contract, schema: schema, diagnostics: engine)
        guard let ir = loaded.ir else {
            throw CommandFailure(.input, "\(context.display(contract)): the contract has errors; run check_contract")
        }
        let connection = try context.connectMySQL(for: name)
        defer { connection.close() }
        let targets = PreflightTargets.from(ir)
        let progress = context.progress
        var reports: [PreflightReport] = []
        for (i, target) in targets.enumerated() {
            reports += try MySQLAccess.preflight(connection, targets: [target])
            progress.report(Double(i + 1), total: Double(targets.count), "\(target.name): checked")
        }
        let structured: Value = ["tables": .array(reports.map(Self.record))]
        if let blocked = MySQLAccess.blocked(reports) { throw ToolFailure(blocked, details: structured) }
        return ToolResult(summary: PreflightText.render(reports), structured: structured)
    }

    static func record(_ r: PreflightReport) -> Value {
        [
            "table": .string(r.table), "view": .string(r.view), "rows": .int(r.rows),
            "missing_key_rows": .int(r.missingKeyRows), "colliding_keys": .int(r.collidingKeys),
            "colliding_rows": .int(r.collidingRows),
            "collision_examples": .array(r.collisionExamples.map { ["key": .array($0.key.map { .string($0) }), "rows": .int($0.rows)] }),
            "max_item_size_bytes": .int(r.maxItemSizeBytes), "mean_item_size_bytes": .double(r.meanItemSizeBytes),
            "oversize_items": .int(r.oversizeItems),
            "gsi_missing_key_rows": .object(r.gsiMissingKeyRows.mapValues { .int($0) }),
            "write_units": .int(r.writeUnits), "blocking": .bool(r.isBlocking),
        ]
    }
}
