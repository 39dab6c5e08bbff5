/// `{{x}}`'s HTML escaping, with exactly swift-mustache's set (String.htmlEscape): `<` `>` `&`
/// `"` `'` become `&lt;` `&gt;` `&amp;` `&quot;` `&#39;`. swift-mustache compares whole
/// Characters, so a `<` that starts a grapheme cluster with a combining mark is not escaped;
/// the slow path does the same. The fast path: a text without any of the five bytes (all of
/// our texts, in practice) is appended as it is.
enum HTMLEscape {
    static func append(_ s: String, to out: inout [UInt8]) {
        guard s.utf8.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else {
            out.append(contentsOf: s.utf8); return
        }
        for c in s {
            switch c {
            case "<": out.append(contentsOf: "&lt;".utf8)
            case ">": out.append(contentsOf: "&gt;".utf8)
            case "&": out.append(contentsOf: "&amp;".utf8)
            case "\"": out.append(contentsOf: "&quot;".utf8)
            case "'": out.append(contentsOf: "&#39;".utf8)
            default: out.append(contentsOf: c.utf8)
            }
        }
    }
}
