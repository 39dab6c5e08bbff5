import MCP

/// A call's arguments after `ObjectSchema.check` held: typed reads that cannot fail on type.
public struct Arguments: Sendable {
    public let fields: [String: Value]

    /// Checks `fields` against `schema`; throws `ArgumentError` naming the first bad field.
    public init(_ fields: [String: Value]?, schema: ObjectSchema) throws {
        let fields = fields ?? [:]
        try schema.check(fields, at: "arguments")
        self.fields = fields.filter { $0.value != .null }
    }

    public func string(_ name: String) -> String? { fields[name]?.stringValue }
    public func bool(_ name: String) -> Bool { fields[name]?.boolValue ?? false }
    public func double(_ name: String) -> Double? {
        switch fields[name] {
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d
        default: return nil
        }
    }
    public func int(_ name: String) -> Int? {
        switch fields[name] {
        case .int(let i)?: return i
        case .double(let d)?: return Int(d)
        default: return nil
        }
    }
    public func strings(_ name: String) -> [String] { fields[name]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    /// A required string the schema guarantees.
    public func require(_ name: String) throws -> String {
        guard let s = string(name) else { throw ArgumentError("arguments.\(name) is required") }
        return s
    }
}
