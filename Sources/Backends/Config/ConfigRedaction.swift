/// The config's text as diagnostics may show it: the value of every key that looks like a
/// credential (`ConfigParser.looksLikeSecret`, at any depth) masked, so a config that wrongly
/// holds a password never prints it in an excerpt — on a terminal, in a CI log or in an MCP
/// tool result. Each masked character becomes one `*` (a multi-byte character too), so every
/// caret on the line still points at its column; only the value's length shows.
///
/// A byte scanner rather than the JSON tree: it must also mask a config that does not parse
/// (the excerpt is shown exactly then), so it only needs to find string tokens and the value
/// token after a key's `:`.
public enum ConfigRedaction {
    public static func masked(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        var i = 0
        var pendingKey: String?      // a string token just read, waiting to see whether ':' follows
        var maskNext = false         // the last tokens were a secret-looking key and its ':'
        var secretDepth = 0          // > 0: inside an object or array that is a secret's value
        while i < bytes.count {
            let b = bytes[i]
            let masking = maskNext || secretDepth > 0
            switch b {
            case UInt8(ascii: "\""):
                let end = stringEnd(bytes, from: i)
                if masking {
                    mask(&out, bytes, from: i + 1, to: end)
                    pendingKey = nil
                } else {
                    pendingKey = String(decoding: bytes[(i + 1)..<end], as: UTF8.self)
                }
                maskNext = false
                i = end + 1
            case UInt8(ascii: ":"):
                maskNext = secretDepth == 0 && (pendingKey.map(ConfigParser.looksLikeSecret) ?? false)
                pendingKey = nil
                i += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if masking { secretDepth += 1 }
                maskNext = false
                pendingKey = nil
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if secretDepth > 0 { secretDepth -= 1 }
                maskNext = false
                pendingKey = nil
                i += 1
            case UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                if b == UInt8(ascii: ",") { maskNext = false; pendingKey = nil }
                i += 1
            default:
                // A bare literal (number, true, false, null, or garbage): up to the next delimiter.
                var end = i
                while end < bytes.count, !isDelimiter(bytes[end]) { end += 1 }
                if masking { mask(&out, bytes, from: i, to: end) }
                maskNext = false
                pendingKey = nil
                i = end
            }
        }
        return out
    }

    /// The index of the closing quote of the string starting at `start`; for a string not closed
    /// on its line, the index of the line's end (or of the end of the input).
    private static func stringEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var j = start + 1
        while j < bytes.count {
            switch bytes[j] {
            case UInt8(ascii: "\\"): j = min(j + 2, bytes.count)
            case UInt8(ascii: "\""): return j
            case UInt8(ascii: "\n"): return j
            default: j += 1
            }
        }
        return bytes.count
    }

    /// One `*` per character of `bytes[from..<to]` (UTF-8 continuation bytes dropped): the text
    /// after it keeps its column, which counts characters, not bytes.
    private static func mask(_ out: inout [UInt8], _ bytes: [UInt8], from: Int, to: Int) {
        guard from < to else { return }
        let stars = bytes[from..<to].filter { $0 & 0xC0 != 0x80 }.map { _ in UInt8(ascii: "*") }
        let offset = out.count - bytes.count       // earlier masks may have shortened `out`
        out.replaceSubrange((from + offset)..<(to + offset), with: stars)
    }

    private static func isDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: " "), UInt8(ascii: "\t"),
             UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ":"), UInt8(ascii: "\""):
            return true
        default: return false
        }
    }
}
