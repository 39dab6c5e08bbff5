import Foundation

/// Renders diagnostics the way compilers do: `path:line:col: error: message`, the source line
/// with a caret, then notes and fix-its. `sources` maps a file path to its text, for the excerpt.
public enum TextRenderer {
    public static func render(_ diagnostics: [Diagnostic], sources: [String: String] = [:]) -> String {
        var lines: [String] = []
        var cache: [String: [Substring]] = [:]
        func sourceLine(_ loc: SourceLocation) -> Substring? {
            if cache[loc.file] == nil, let text = sources[loc.file] {
                cache[loc.file] = text.split(separator: "\n", omittingEmptySubsequences: false)
            }
            guard let all = cache[loc.file], loc.line >= 1, loc.line <= all.count else { return nil }
            let l = all[loc.line - 1]
            return l.unicodeScalars.count > 400 ? nil : l
        }
        for d in diagnostics {
            let prefix = d.location.map { "\($0): " } ?? ""
            lines.append("\(prefix)\(d.severity.rawValue): \(d.message)")
            if let loc = d.location, let text = sourceLine(loc) {
                lines.append("  " + text.replacingOccurrences(of: "\t", with: " "))
                lines.append("  " + String(repeating: " ", count: max(0, loc.column - 1)) + "^")
            }
            for n in d.notes {
                let p = n.location.map { "\($0): " } ?? ""
                lines.append("\(p)note: \(n.message)")
            }
            for f in d.fixIts {
                var s = "fix-it: \(f.message)"
                if f.location != nil || !f.replacement.isEmpty {
                    s += f.replacement.isEmpty ? "" : " (replace with \"\(f.replacement)\")"
                }
                lines.append(s)
            }
        }
        return lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
    }

    /// "2 errors, 1 warning" — the closing line of `check`.
    public static func summary(errors: Int, warnings: Int) -> String {
        "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }
}

/// `--format json`: one stable JSON document with every diagnostic.
public enum JSONRenderer {
    public static func render(_ diagnostics: [Diagnostic]) -> String {
        struct Doc: Encodable { var diagnostics: [Diagnostic]; var errors: Int; var warnings: Int }
        let doc = Doc(diagnostics: diagnostics,
                      errors: diagnostics.filter { $0.severity == .error }.count,
                      warnings: diagnostics.filter { $0.severity == .warning }.count)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? enc.encode(doc)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}
