import MCP

/// The JSON Schema (draft 2020-12 subset) of a tool's input, and the checker that holds every
/// call to it: the schema a client sees in `tools/list` is the one its arguments are checked
/// against, so the two cannot drift. Objects are closed (`additionalProperties: false`).
public indirect enum JSONSchema: Sendable {
    case string(String, oneOf: [String]? = nil)
    case integer(String, minimum: Int? = nil, maximum: Int? = nil)
    case number(String, minimum: Double? = nil, maximum: Double? = nil)
    case boolean(String)
    case array(String, items: JSONSchema)
    case object(ObjectSchema)

    public var value: Value {
        switch self {
        case .string(let description, let values):
            var o: [String: Value] = ["type": "string", "description": .string(description)]
            if let values { o["enum"] = .array(values.map { .string($0) }) }
            return .object(o)
        case .integer(let description, let minimum, let maximum):
            var o: [String: Value] = ["type": "integer", "description": .string(description)]
            if let minimum { o["minimum"] = .int(minimum) }
            if let maximum { o["maximum"] = .int(maximum) }
            return .object(o)
        case .number(let description, let minimum, let maximum):
            var o: [String: Value] = ["type": "number", "description": .string(description)]
            if let minimum { o["minimum"] = .double(minimum) }
            if let maximum { o["maximum"] = .double(maximum) }
            return .object(o)
        case .boolean(let description):
            return ["type": "boolean", "description": .string(description)]
        case .array(let description, let items):
            return ["type": "array", "description": .string(description), "items": items.value]
        case .object(let schema):
            return schema.value
        }
    }

    /// Checks `value` at `path` (`arguments.dir`, `arguments.tables[1]`); the first mismatch
    /// comes back as a message that names the field and what it should be.
    func check(_ value: Value, at path: String) throws {
        switch self {
        case .string(_, let values):
            guard case .string(let s) = value else { throw ArgumentError("\(path) must be a string, got \(Self.kind(value))") }
            if let values, !values.contains(s) {
                throw ArgumentError("\(path) must be one of \(values.joined(separator: ", ")), got '\(s)'")
            }
        case .integer(_, let minimum, let maximum):
            let n: Int
            switch value {
            case .int(let i): n = i
            case .double(let d) where d.rounded() == d && abs(d) < 9e15: n = Int(d)
            default: throw ArgumentError("\(path) must be an integer, got \(Self.kind(value))")
            }
            if let minimum, n < minimum { throw ArgumentError("\(path) must be at least \(minimum), got \(n)") }
            if let maximum, n > maximum { throw ArgumentError("\(path) must be at most \(maximum), got \(n)") }
        case .number(_, let minimum, let maximum):
            let d: Double
            switch value {
            case .int(let i): d = Double(i)
            case .double(let x): d = x
            default: throw ArgumentError("\(path) must be a number, got \(Self.kind(value))")
            }
            if let minimum, !(d >= minimum) { throw ArgumentError("\(path) must be at least \(minimum), got \(d)") }
            if let maximum, !(d <= maximum) { throw ArgumentError("\(path) must be at most \(maximum), got \(d)") }
        case .boolean:
            guard case .bool = value else { throw ArgumentError("\(path) must be a boolean, got \(Self.kind(value))") }
        case .array(_, let items):
            guard case .array(let elements) = value else { throw ArgumentError("\(path) must be an array, got \(Self.kind(value))") }
            for (i, e) in elements.enumerated() { try items.check(e, at: "\(path)[\(i)]") }
        case .object(let schema):
            guard case .object(let fields) = value else { throw ArgumentError("\(path) must be an object, got \(Self.kind(value))") }
            try schema.check(fields, at: path)
        }
    }

    /// The JSON type a value has, for messages.
    static func kind(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string, .data: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A closed object: its properties in the order shown, which of them are required.
public struct ObjectSchema: Sendable {
    public struct Property: Sendable {
        public var name: String
        public var schema: JSONSchema
        public var required: Bool
    }

    public var properties: [Property]

    public init(_ properties: [Property]) { self.properties = properties }

    public var value: Value {
        var props: [String: Value] = [:]
        for p in properties { props[p.name] = p.schema.value }
        return [
            "type": "object",
            "properties": .object(props),
            "required": .array(properties.filter(\.required).map { .string($0.name) }),
            "additionalProperties": false,
        ]
    }

    /// Every required field present, no unknown field, each of its type.
    func check(_ fields: [String: Value], at path: String) throws {
        let known = Set(properties.map(\.name))
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
            throw ArgumentError("\(path) has no field '\(unknown)' (known: \(properties.map(\.name).joined(separator: ", ")))")
        }
        for p in properties {
            guard let v = fields[p.name], v != .null else {
                if p.required { throw ArgumentError("\(path).\(p.name) is required") }
                continue
            }
            try p.schema.check(v, at: "\(path).\(p.name)")
        }
    }
}

/// Shorthands for the tools' schemas: `.required("dir", .string("..."))`.
extension ObjectSchema.Property {
    public static func required(_ name: String, _ schema: JSONSchema) -> Self { .init(name: name, schema: schema, required: true) }
    public static func optional(_ name: String, _ schema: JSONSchema) -> Self { .init(name: name, schema: schema, required: false) }
}

/// Arguments that do not fit the tool's schema: always exit class `input`.
public struct ArgumentError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
