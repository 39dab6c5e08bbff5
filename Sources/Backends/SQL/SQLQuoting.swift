import ContractSyntax

/// Quoting of identifiers and literals. Contract text reaches SQL only through these. They are
/// the fragment printer's policy (`SQLPrinter`), so a literal in a fragment and one the lowering
/// writes itself are quoted alike: the same under every sql_mode, in both dialects.
enum SQLQuoting {
    /// `` `name` `` with backquotes doubled.
    static func identifier(_ s: String) -> String { SQLPrinter.quoteIdentifier(s) }

    /// A string literal that means the same under every sql_mode: quotes are doubled, and
    /// backslashes and NULs (whose meaning depends on NO_BACKSLASH_ESCAPES) become CHAR().
    static func string(_ s: String) -> String { SQLPrinter.quoteString(s) }
}
