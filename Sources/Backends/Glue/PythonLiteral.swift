/// Renders values as Python source literals. Contract text reaches a generated job only through
/// these: the result is pure ASCII, every quote, backslash and control character escaped, so no
/// value can end the literal or start code.
public enum PythonLiteral {
    public static func string(_ s: String) -> String {
        // Into a byte array, not a String: a job spec's JSON text is full of quotes, so nearly
        // every spec took the escaping path, and appending to a String piece by piece was most
        // of the Glue jobs' rendering.
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + s.utf8.count / 8 + 2)
        out.append(0x22)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out.append(0x5C); out.append(0x22)
            case "\\": out.append(0x5C); out.append(0x5C)
            case "\n": out.append(0x5C); out.append(0x6E)
            case "\r": out.append(0x5C); out.append(0x72)
            case "\t": out.append(0x5C); out.append(0x74)
            default:
                if u.value < 0x20 || u.value == 0x7F { escape(u.value, "x", digits: 2, into: &out) }
                else if u.value > 0xFFFF { escape(u.value, "U", digits: 8, into: &out) }
                else if u.value > 0x7E { escape(u.value, "u", digits: 4, into: &out) }
                else { out.append(UInt8(u.value)) }
            }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `\x1f`, `\u00e9`, `\U0001f600`: a backslash, the letter, `digits` lower-case hex digits.
    private static func escape(_ value: UInt32, _ letter: Unicode.Scalar, digits: Int, into out: inout [UInt8]) {
        out.append(0x5C)
        out.append(UInt8(letter.value))
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            out.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
        }
    }

    /// A JSON document as a Python string literal holding its compact JSON text, read back by
    /// the job with `json.loads(...)`.
    public static func jsonText(_ doc: JSONDocument) -> String { string(doc.rendered(pretty: false)) }
}
