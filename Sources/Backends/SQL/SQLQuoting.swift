import ContractSyntax

/// Quoting of identifiers and literals. Contract text reaches SQL only through these.
enum SQLQuoting {
    /// `` `name` `` with backquotes doubled.
    static func identifier(_ s: String) -> String { SQLPrinter.quoteIdentifier(s) }

    /// A string literal that means the same under every sql_mode: quotes are doubled, and
    /// backslashes and NULs (whose meaning depends on NO_BACKSLASH_ESCAPES) become CHAR().
    static func string(_ s: String) -> String {
        var pieces: [String] = []
        var current = ""
        for c in s.unicodeScalars {
            if c == "\\" || c == "\0" {
                pieces.append("'" + current + "'")
                pieces.append("CHAR(\(c.value) USING utf8mb4)")
                current = ""
            } else if c == "'" {
                current += "''"
            } else {
                current.unicodeScalars.append(c)
            }
        }
        pieces.append("'" + current + "'")
        let parts = pieces.filter { $0 != "''" }
        if parts.isEmpty { return "''" }
        return parts.count == 1 ? parts[0] : "CONCAT(" + parts.joined(separator: ", ") + ")"
    }
}
