import Foundation

/// Renders values as Python source literals. Contract text reaches a generated job only through
/// these: the result is pure ASCII, every quote, backslash and control character escaped, so no
/// value can end the literal or start code.
public enum PythonLiteral {
    public static func string(_ s: String) -> String {
        // Fast path (most of a job spec's JSON text): printable ASCII with nothing to escape is
        // copied whole instead of scalar by scalar.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E && $0 != 0x22 && $0 != 0x5C }) { return "\"" + s + "\"" }
        var r = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\r": r += "\\r"
            case "\t": r += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F { r += String(format: "\\x%02x", u.value) }
                else if u.value > 0xFFFF { r += String(format: "\\U%08x", u.value) }
                else if u.value > 0x7E { r += String(format: "\\u%04x", u.value) }
                else { r.unicodeScalars.append(u) }
            }
        }
        return r + "\""
    }

    /// A JSON document as a Python string literal holding its compact JSON text, read back by
    /// the job with `json.loads(...)`.
    public static func jsonText(_ doc: JSONDocument) -> String { string(doc.rendered(pretty: false)) }
}
