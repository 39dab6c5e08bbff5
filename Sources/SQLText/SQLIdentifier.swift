/// How MySQL text spells a name: the one identifier-quoting policy of every layer — the fragment
/// printer and the view lowering (`ContractSyntax`, `Backends`), the client, `apply-views` and
/// `preflight` (`MySQL`), the commands and the bench. Values are quoted elsewhere: contract
/// literals by `SQLPrinter.quoteString` (the same under every sql_mode), a connection's values by
/// `MySQLConnection.quote(_:)` (which needs its character set and SQL mode); names need only this.
public enum SQLIdentifier {
    /// `name` as a back-quoted identifier, with every back-quote inside doubled:
    /// ``quote("a`b")`` is ``"`a``b`"``. Safe for any name, including reserved words and spaces
    /// (MySQL 8.0 Reference Manual, 11.2 "Schema Object Names").
    public static func quote(_ name: String) -> String {
        // Fast path: names rarely hold a backquote, and both Foundation's `String.contains` and
        // `replacingOccurrences` are slow on Linux (a byte search is not: ~2 % of generate).
        guard name.utf8.contains(UInt8(ascii: "`")) else { return "`" + name + "`" }
        var out = "`"
        for c in name.unicodeScalars {
            if c == "`" { out += "``" } else { out.unicodeScalars.append(c) }
        }
        return out + "`"
    }

    /// `schema.name` with both parts quoted; `schema` nil gives just the quoted name.
    public static func quote(_ name: String, in schema: String?) -> String {
        guard let schema else { return quote(name) }
        return quote(schema) + "." + quote(name)
    }
}
