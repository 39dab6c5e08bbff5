import Diagnostics
import Foundation
import MCP
import Operations

/// `check`: every diagnostic of the contract (and schema snapshot) with its position, notes and
/// fix-its. Finding errors is this tool's answer, not a failure: `ok` says whether there were any.
struct CheckContractTool: MCPTool {
    let name = "check_contract"
    let description = "Check a migration contract (as 'ddb-migrate check'): every diagnostic with file, line, column, severity, message, notes and fix-its. Reads only."
    let input = ObjectSchema([
        .required("contract", .string("The migration contract (JSON), a path under the server's root.")),
        .optional("schema", .string("A schema snapshot written by 'introspect', to check tables, columns, types and keys.")),
    ])
    let annotations = Tool.Annotations(readOnlyHint: true, openWorldHint: false)

    func call(_ arguments: Arguments, context: ToolContext) async throws -> ToolResult {
        let contract = try context.path(arguments, "contract")
        let schema = try context.optionalPath(arguments, "schema")
        let engine = Compiler.run(.init(contract: contract, schema: schema, stage: .check)).diagnostics
        var document = try Value.json(Data(JSONRenderer.render(engine.sorted).utf8))
        // Files by the path the caller gave (relative to the root), not this machine's layout.
        document = Self.relativeFiles(document, context: context)
        if case .object(var o) = document {
            o["ok"] = Value.bool(!engine.hasErrors)
            document = .object(o)
        }
        return ToolResult(summary: TextRenderer.summary(errors: engine.errorCount, warnings: engine.warningCount), structured: document)
    }

    static func relativeFiles(_ value: Value, context: ToolContext) -> Value {
        switch value {
        case .object(var o):
            for (k, v) in o {
                if k == "file", let s = v.stringValue { o[k] = .string(context.display(s)) } else { o[k] = relativeFiles(v, context: context) }
            }
            return .object(o)
        case .array(let a): return .array(a.map { relativeFiles($0, context: context) })
        default: return value
        }
    }
}
