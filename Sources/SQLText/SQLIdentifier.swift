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
        // Written byte by byte into the new string: a back-quote (0x60) is never part of another
        // character's UTF-8 bytes. `utf8.contains` and two appends made ~240 instructions of
        // every one of the ~240,000 names a large generate quotes; Foundation's `contains` and
        // `replacingOccurrences` are slower still on Linux.
        var name = name
        return name.withUTF8 { bytes in
            var ticks = 0
            for b in bytes where b == 0x60 { ticks += 1 }
            return String(unsafeUninitializedCapacity: bytes.count + ticks + 2) { out in
                var k = 0
                out[k] = 0x60; k += 1
                for b in bytes {
                    out[k] = b; k += 1
                    if b == 0x60 { out[k] = 0x60; k += 1 }
                }
                out[k] = 0x60; k += 1
                return k
            }
        }
    }

    /// `schema.name` with both parts quoted; `schema` nil gives just the quoted name.
    public static func quote(_ name: String, in schema: String?) -> String {
        guard let schema else { return quote(name) }
        return quote(schema) + "." + quote(name)
    }
}
