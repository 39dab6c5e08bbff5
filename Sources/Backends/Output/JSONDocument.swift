import Foundation

/// A JSON value whose objects keep the order they were built in, rendered with two-space indent
/// and a trailing newline. Generated documents (IAM policies, manifest, job specs) read in a
/// deliberate order and are byte-stable from run to run.
public indirect enum JSONDocument: Equatable, Sendable {
    case object([(String, JSONDocument)])
    case array([JSONDocument])
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null

    public static func == (a: JSONDocument, b: JSONDocument) -> Bool { a.rendered(pretty: false) == b.rendered(pretty: false) }

    public func rendered(pretty: Bool = true) -> String {
        var out = ""
        write(into: &out, indent: pretty ? 0 : nil)
        if pretty { out += "\n" }
        return out
    }

    /// A number as the documents write it: integral values without a fraction.
    static func numberText(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
    }

    /// Appends in place, one piece at a time: the manifest of a large contract is megabytes, and
    /// building each line from temporary strings (indent, key, separator) was most of its cost.
    /// `indent` is the level the value starts at (`ManifestEncoder` embeds documents mid-text).
    func write(into out: inout String, indent: Int?) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += JSONDocument.numberText(d)
        case .string(let s): JSONDocument.appendQuoted(s, to: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            let inner = indent.map { $0 + 1 }
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                JSONDocument.newline(&out, indent: inner)
                item.write(into: &out, indent: inner)
            }
            JSONDocument.newline(&out, indent: indent)
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            let inner = indent.map { $0 + 1 }
            for (i, (k, v)) in members.enumerated() {
                if i > 0 { out += "," }
                JSONDocument.newline(&out, indent: inner)
                JSONDocument.appendQuoted(k, to: &out)
                out += indent == nil ? ":" : ": "
                v.write(into: &out, indent: inner)
            }
            JSONDocument.newline(&out, indent: indent)
            out += "}"
        }
    }

    /// A line break and two spaces per level when pretty-printing; nothing when compact.
    private static func newline(_ out: inout String, indent: Int?) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<indent { out += "  " }
    }

    static func appendQuoted(_ s: String, to out: inout String) {
        if isPlain(s) {
            out += "\""
            out += s
            out += "\""
        } else {
            out += quote(s)
        }
    }

    /// Plain printable ASCII with nothing to escape: most names and values.
    private static func isPlain(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E && $0 != 0x22 && $0 != 0x5C }
    }

    /// RFC 8259 string quoting; non-ASCII is escaped too, so the output is plain ASCII and can be
    /// embedded verbatim as a Python string literal's content.
    public static func quote(_ s: String) -> String {
        if isPlain(s) { return "\"" + s + "\"" }
        var r = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\r": r += "\\r"
            case "\t": r += "\\t"
            case "\u{08}": r += "\\b"
            case "\u{0C}": r += "\\f"
            default:
                if u.value < 0x20 || u.value > 0x7E {
                    for unit in String(u).utf16 { r += String(format: "\\u%04x", unit) }
                } else {
                    r.unicodeScalars.append(u)
                }
            }
        }
        return r + "\""
    }

    public static func strings(_ xs: [String]) -> JSONDocument { .array(xs.map { .string($0) }) }
}
