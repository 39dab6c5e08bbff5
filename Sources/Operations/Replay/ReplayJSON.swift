import Foundation
import Validation

/// The JSON that `replay` writes (summary, replayed.jsonl, dead letters): compact, object keys
/// sorted, numbers as exact text, so the same replay gives the same bytes (`report` and tests
/// compare them) and no digit of a key is lost on the way.
indirect enum ReplayJSON: Equatable {
    case null
    case bool(Bool)
    /// A JSON number's text, written as it is (already valid JSON number text).
    case number(String)
    case string(String)
    case array([ReplayJSON])
    case object([(String, ReplayJSON)])
    /// Already-rendered JSON (DynamoDB JSON from `dynamoDBJSON`), embedded as it is.
    case raw(String)

    static func == (a: ReplayJSON, b: ReplayJSON) -> Bool { a.text == b.text }

    static func int(_ n: Int) -> ReplayJSON { .number(String(n)) }

    init(_ value: ExactJSON) {
        switch value {
        case .null: self = .null
        case let .bool(b): self = .bool(b)
        case let .number(d): self = .number(d.canonicalText)
        case let .string(s): self = .string(s)
        case let .array(a): self = .array(a.map(ReplayJSON.init))
        case let .object(o): self = .object(o.map { ($0.key, ReplayJSON($0.value)) })
        }
    }

    var text: String {
        switch self {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .number(n): return n
        case let .string(s): return Self.quoted(s)
        case let .array(a): return "[" + a.map(\.text).joined(separator: ",") + "]"
        case let .object(o):
            return "{" + o.sorted { Array($0.0.utf16).lexicographicallyPrecedes(Array($1.0.utf16)) }
                .map { Self.quoted($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        case let .raw(r): return r
        }
    }

    /// A JSON string literal (RFC 8259): quote, backslash and control characters escaped,
    /// everything else as it is (UTF-8, as the job's `ensure_ascii=False`).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
