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
        var out: [UInt8] = []
        write(into: &out, indent: pretty ? 0 : nil)
        if pretty { out.append(0x0A) }
        return String(decoding: out, as: UTF8.self)
    }

    /// A number as the documents write it: integral values without a fraction.
    static func numberText(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
    }

    /// Appends in place, one piece at a time, as bytes: the manifest of a large contract is
    /// megabytes, and appending to a String (its capacity and ASCII checks on every piece) was
    /// most of its cost. `indent` is the level the value starts at (`ManifestEncoder` embeds
    /// documents mid-text); nil writes the compact form.
    func write(into out: inout [UInt8], indent: Int?) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: b ? "true".utf8 : "false".utf8)
        case .int(let i): JSONDocument.appendInt(i, to: &out)
        case .double(let d): out.append(contentsOf: JSONDocument.numberText(d).utf8)
        case .string(let s): JSONDocument.appendQuoted(s, to: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(0x5B)
            let inner = indent.map { $0 + 1 }
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                JSONDocument.newline(&out, indent: inner)
                item.write(into: &out, indent: inner)
            }
            JSONDocument.newline(&out, indent: indent)
            out.append(0x5D)
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(0x7B)
            let inner = indent.map { $0 + 1 }
            for (i, (k, v)) in members.enumerated() {
                if i > 0 { out.append(0x2C) }
                JSONDocument.newline(&out, indent: inner)
                JSONDocument.appendQuoted(k, to: &out)
                out.append(0x3A)
                if indent != nil { out.append(0x20) }
                v.write(into: &out, indent: inner)
            }
            JSONDocument.newline(&out, indent: indent)
            out.append(0x7D)
        }
    }

    /// A line break and two spaces per level when pretty-printing; nothing when compact. The
    /// spaces are copied from a run of them: appending `repeatElement` went element by element.
    static func newline(_ out: inout [UInt8], indent: Int?) {
        guard let indent else { return }
        out.append(0x0A)
        var left = 2 * indent
        while left > 0 {
            let n = min(left, spaces.count)
            out.append(contentsOf: spaces[..<n])
            left -= n
        }
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 64)

    /// Decimal digits of `i`, without the String `String(i)` allocates.
    static func appendInt(_ i: Int, to out: inout [UInt8]) {
        if i < 0 {
            // Int.min has no positive counterpart: leave it to the standard library.
            guard i != .min else { out.append(contentsOf: String(i).utf8); return }
            out.append(0x2D)
            appendInt(-i, to: &out)
            return
        }
        if i < 10 { out.append(0x30 + UInt8(i)); return }
        let start = out.count
        var v = i
        while v > 0 { out.append(0x30 + UInt8(v % 10)); v /= 10 }
        out[start...].reverse()
    }

    /// `s` quoted: as it is between quotes when it is plain (most names and values: one pass over
    /// its bytes, one copy), else escaped by `quote`.
    static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        var s = s
        let plain: Bool = s.withUTF8 { bytes in
            guard bytes.allSatisfy(isPlainByte) else { return false }
            out.append(0x22)
            out.append(contentsOf: bytes)
            out.append(0x22)
            return true
        }
        if !plain { out.append(contentsOf: quote(s).utf8) }
    }

    /// Printable ASCII with nothing to escape.
    private static func isPlainByte(_ b: UInt8) -> Bool { b >= 0x20 && b <= 0x7E && b != 0x22 && b != 0x5C }

    private static func isPlain(_ s: String) -> Bool { s.utf8.allSatisfy(isPlainByte) }

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
