/// The manifest embeds each table's job spec (`jobs[].job_spec`) as the very `JSONDocument` the
/// scripts carry. `ManifestEncoder` embeds it as it is; decoding reads any JSON value. Objects
/// are decoded as `[String: JSONDocument]` because Foundation's key strategies leave the keys of
/// a String-keyed dictionary alone (`.convertFromSnakeCase` would turn `spec_version` into
/// `specVersion`); their order is not kept, so members come back sorted by key.
extension JSONDocument: Codable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let o = try? c.decode([String: JSONDocument].self) { self = .object(o.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }) }
        else { self = .array(try c.decode([JSONDocument].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .object(let members):
            var c = encoder.container(keyedBy: NamedKey.self)
            for (k, v) in members { try c.encode(v, forKey: NamedKey(k)) }
        case .array(let items):
            var c = encoder.unkeyedContainer()
            for v in items { try c.encode(v) }
        case .string(let s): var c = encoder.singleValueContainer(); try c.encode(s)
        case .int(let i): var c = encoder.singleValueContainer(); try c.encode(i)
        case .double(let d): var c = encoder.singleValueContainer(); try c.encode(d)
        case .bool(let b): var c = encoder.singleValueContainer(); try c.encode(b)
        case .null: var c = encoder.singleValueContainer(); try c.encodeNil()
        }
    }
}
