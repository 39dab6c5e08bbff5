/// The one escaping function for user-derived text in HTML and SVG (entity names, reasons,
/// details, keys: none of it is restricted the way table names are). Escapes the five
/// characters that can end a text node or an attribute value.
public func htmlEscape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for c in text {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(c)
        }
    }
    return out
}

/// Text for a Markdown table cell or line: `&`, `<` and `>` as entities (Markdown renders inline
/// HTML; quotes are harmless outside attributes, and stay readable), `|` escaped, and newlines
/// folded, so a detail cannot break the table or inject markup.
func markdownEscape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;")
        .replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r", with: " ")
        .replacingOccurrences(of: "\n", with: " ")
}
