/// Quoting of names for MySQL text. Values are quoted by `MySQLConnection.quote(_:)`, which needs
/// the connection's character set and SQL mode; names need only this.
public enum MySQLIdentifier {
    /// `name` as a back-quoted identifier, with every back-quote inside doubled:
    /// ``quote("a`b")`` is ``"`a``b`"``. Safe for any name, including reserved words and spaces.
    public static func quote(_ name: String) -> String {
        // Fast path: names rarely hold a backquote, and both Foundation's `String.contains` and
        // `replacingOccurrences` are slow on Linux (a byte search is not: ~2 % of generate).
        name.utf8.contains(UInt8(ascii: "`")) ? "`" + name.replacingOccurrences(of: "`", with: "``") + "`" : "`" + name + "`"
    }

    /// `schema.name` with both parts quoted; `schema` nil gives just the quoted name.
    public static func quote(_ name: String, in schema: String?) -> String {
        guard let schema else { return quote(name) }
        return quote(schema) + "." + quote(name)
    }
}
