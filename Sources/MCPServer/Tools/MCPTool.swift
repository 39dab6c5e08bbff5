import Foundation
import MCP
import Operations

/// One tool of the server: its name, what it does, its input schema and the call. A tool only
/// decodes its arguments, calls the Operations function the CLI command calls, and shapes the
/// answer; adding one is a file in Tools/ and a line in `ToolRegistry.all`.
public protocol MCPTool: Sendable {
    var name: String { get }
    var description: String { get }
    var input: ObjectSchema { get }
    /// Read-only, destructive, talks to the outside world: what a client may show or gate on.
    var annotations: Tool.Annotations { get }
    /// Throws `ArgumentError` (bad arguments), `CommandFailure` (what the CLI would exit 1 or 3
    /// with) or `ToolFailure` (the same, with the partial result the CLI would print first).
    func call(_ arguments: Arguments, context: ToolContext) async throws -> ToolResult
}

/// A tool's answer: a short text a person can read and the structured value an agent uses.
public struct ToolResult: Sendable {
    public var summary: String
    public var structured: Value
    public init(summary: String, structured: Value) {
        self.summary = summary
        self.structured = structured
    }
}

/// A `CommandFailure` that comes with what was found before it (the view table of a failed
/// `apply_views`, the reports of a blocked `preflight`).
public struct ToolFailure: Error {
    public var failure: CommandFailure
    public var details: Value
    public init(_ failure: CommandFailure, details: Value) {
        self.failure = failure
        self.details = details
    }
}

extension Value {
    /// Any Encodable as a Value, through JSON (dates ISO 8601, as the CLI's JSON has them).
    static func encoding<T: Encodable>(_ value: T) throws -> Value {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return try JSONDecoder().decode(Value.self, from: encoder.encode(value))
    }

    /// A JSON document the CLI prints (`check --format json`, `status --json`, `validate`).
    static func json(_ data: Data) throws -> Value { try JSONDecoder().decode(Value.self, from: data) }
}
