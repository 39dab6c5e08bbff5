import Foundation
import MCP
import Operations

/// Turns one `tools/call` into its result, whatever happens: arguments are checked against the
/// tool's schema first; every failure becomes a tool error (`isError: true`) whose text is the
/// CLI's message and whose structured content names the exit class; nothing escapes as a crash.
/// Every result passes the secret scan on its way out.
public struct ToolDispatch: Sendable {
    public var context: ToolContext
    public var secrets: SecretScan

    public init(context: ToolContext, secrets: SecretScan) {
        self.context = context
        self.secrets = secrets
    }

    public static func definition(_ tool: any MCPTool) -> Tool {
        Tool(name: tool.name, description: tool.description, inputSchema: tool.input.value, annotations: tool.annotations)
    }

    public func call(_ tool: any MCPTool, arguments: [String: Value]?) async -> CallTool.Result {
        let result: CallTool.Result
        do {
            let checked = try Arguments(arguments, schema: tool.input)
            let answer = try await tool.call(checked, context: context)
            result = CallTool.Result(content: [.text(text: answer.summary, annotations: nil, _meta: nil)], structuredContent: Optional(answer.structured), isError: false)
        } catch {
            result = Self.errorResult(error)
        }
        return redacted(result)
    }

    /// The tool error for `error`: `{"error": {"message", "exit_class", "exit_code"}, "details"?}`.
    public static func errorResult(_ error: Error) -> CallTool.Result {
        let failure: CommandFailure
        var details: Value?
        switch error {
        case let e as ArgumentError: failure = CommandFailure(.input, e.message)
        case let e as CommandFailure: failure = e
        case let e as ToolFailure: failure = e.failure; details = e.details
        case let e as DeployFailure: failure = CommandFailure(e)
        default: failure = CommandFailure(.input, "\(error)")
        }
        var structured: [String: Value] = [
            "error": ["message": .string(failure.message), "exit_class": .string(failure.exitClass.rawValue),
                      "exit_code": .int(Int(failure.exitClass.exitCode))],
        ]
        if let details { structured["details"] = details }
        return CallTool.Result(content: [.text(text: "error: " + failure.message, annotations: nil, _meta: nil)], structuredContent: Optional(Value.object(structured)), isError: true)
    }

    /// The secret scan, and paths named relative to the root (as the caller gave them), so a
    /// result does not show where the root lies on this machine.
    func redacted(_ result: CallTool.Result) -> CallTool.Result {
        let scan = SecretScan(secrets: secrets.secrets, replacements: [context.root.path + "/": ""])
        let content: [Tool.Content] = result.content.map { c in
            if case .text(let text, let annotations, let meta) = c { return .text(text: scan.redact(text), annotations: annotations, _meta: meta) }
            return c
        }
        let structured: Value? = result.structuredContent.map(scan.redact)
        return CallTool.Result(content: content, structuredContent: structured, isError: result.isError)
    }
}
