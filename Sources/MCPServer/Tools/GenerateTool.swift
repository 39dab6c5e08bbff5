import Backends
import Diagnostics
import Foundation
import MCP
import Operations

/// `generate`: the artifacts into a directory under the root; answers with the manifest's summary.
struct GenerateTool: MCPTool {
    let name = "generate"
    let description = "Check a contract and write its artifacts (views.sql, Glue jobs, IAM policies, manifest, runbooks) into a directory under the root, replaced as a whole, atomically (as 'ddb-migrate generate'). Returns the manifest summary; the files are then readable as resources."
    let input = ObjectSchema([
        .required("contract", .string("The migration contract (JSON).")),
        .required("out", .string("Output directory under the root (not the root itself).")),
        .optional("config", .string("The migration config; default: the server's --config.")),
        .optional("schema", .string("A schema snapshot written by 'introspect'.")),
        .optional("dialect", .string("The SQL dialect of views.sql.", oneOf: ["mysql8", "mariadb"])),
    ])
    let annotations = Tool.Annotations(readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false)

    func call(_ arguments: Arguments, context: ToolContext) async throws -> ToolResult {
        let contract = try context.path(arguments, "contract")
        let out = try context.path(arguments, "out", allowRoot: false)
        let schema = try context.optionalPath(arguments, "schema")
        let config = try context.optionalPath(arguments, "config") ?? context.config
        let dialect = arguments.string("dialect").flatMap(SQLDialect.init(rawValue:)) ?? .mysql8
        let outcome = Compiler.run(.init(contract: contract, schema: schema, config: config, dialect: dialect, stage: .generate(out: out)))
        let engine = outcome.diagnostics
        guard outcome.artifacts != nil else {
            let diagnostics = CheckContractTool.relativeFiles(try Value.json(Data(JSONRenderer.render(engine.sorted).utf8)), context: context)
            let message = outcome.writeError ?? ("the contract has errors:\n" + TextRenderer.render(engine.sorted, sources: [:])
                + TextRenderer.summary(errors: engine.errorCount, warnings: engine.warningCount))
            throw ToolFailure(CommandFailure(.input, message), details: diagnostics)
        }
        let directory = try GeneratedDirectory(out)
        let m = directory.manifest
        let structured: Value = [
            "out": .string(context.display(out)),
            "files": .array(outcome.written.map { .string($0) }),
            "resources": .array(outcome.written.map { .string(GeneratedResources.uri(context.display(out) + "/" + $0)) }),
            "manifest": [
                "region": .string(m.region), "account_id": .string(m.accountId),
                "contract": ["file": .string(m.contract.file), "sha256": .string(m.contract.sha256)],
                "bucket": .string(m.s3.bucket), "role": .string(m.iam.roleName), "glue_connection": .string(m.glueConnection),
                "tables": .array(m.tables.map { .string($0.name) }),
                "jobs": .array(m.jobs.map { .string($0.name) }),
            ],
        ]
        return ToolResult(summary: outcome.summary(out: context.display(out)), structured: structured)
    }
}
