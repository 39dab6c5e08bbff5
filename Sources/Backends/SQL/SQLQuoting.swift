import ContractSyntax

/// Quoting of literals. Contract text reaches SQL only through this and `SQLIdentifier` (names,
/// module `SQLText`). It is the fragment printer's policy (`SQLPrinter`), so a literal in a
/// fragment and one the lowering writes itself are quoted alike: the same under every sql_mode,
/// in both dialects.
enum SQLQuoting {
    /// A string literal that means the same under every sql_mode: quotes are doubled, and
    /// backslashes and NULs (whose meaning depends on NO_BACKSLASH_ESCAPES) become CHAR().
    static func string(_ s: String) -> String { SQLPrinter.quoteString(s) }
}
