import MCP
import MigrationTarget
import MySQL
import Operations

/// `preflight`: the views' data checked before any write, on the server's `--mysql`.
struct PreflightTool: MCPTool {
    let name = "preflight"
    let description = "Check the views' data before any write (as 'ddb-migrate preflight'): NULL or empty keys, key collisions, items over 400 KB, per table. Give exactly one of dir (a directory written by 'generate', verified first: a changed artifact is refused and nothing runs) or contract (generated into a temporary directory first); the views and keys checked are the manifest's either way. A table that would lose or collide data makes this a tool error (exit class input) that still carries the reports. Reads only."
    let input = ObjectSchema([
        .optional("dir", .string("A directory written by 'generate', under the root.")),
        .optional("contract", .string("The migration contract (JSON), under the root.")),
        .optional("schema", .string("A schema snapshot written by 'introspect' (with contract only).")),
    ])
    let annotations = Tool.Annotations(readOnlyHint: true, openWorldHint: true)

    func call(_ arguments: Arguments, context: ToolContext) async throws -> ToolResult {
        let dir = try context.optionalPath(arguments, "dir")
        let contract = try context.optionalPath(arguments, "contract")
        let schema = try context.optionalPath(arguments, "schema")
        // The same choice as the CLI's PATH, by name here: a directory is `dir`, a file `contract`.
        let path: String
        switch (dir, contract) {
        case (let d?, nil):
            guard PreflightInput.form(of: d) == .directory else {
                throw CommandFailure(.input, "arguments.dir: \(context.display(d)) is not a directory; pass a contract as arguments.contract")
            }
            path = d
        case (nil, let c?):
            guard PreflightInput.form(of: c) == .contract else {
                throw CommandFailure(.input, "arguments.contract: \(context.display(c)) is a directory; pass a generated directory as arguments.dir")
            }
            path = c
        default:
            throw CommandFailure(.input, "give exactly one of arguments.dir (a directory written by 'generate') and arguments.contract")
        }
        let targets: [TargetTable]
        do { targets = try PreflightInput.targets(path, schema: schema) } catch let e as PreflightInput.OpenError {
            if case .contract = e {
                throw CommandFailure(.input, "\(context.display(path)): the contract has errors; run check_contract")
            }
            throw e.failure
        }
        let connection = try context.connectMySQL(for: name)
        defer { connection.close() }
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
