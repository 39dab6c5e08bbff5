import MigrationIR

/// The source columns whose own value an `S` attribute reads without `CAST(... AS CHAR)`, which
/// costs time on every row: the schema snapshot's text columns and plain integer columns
/// (`MigrationIR.textColumns`, `integerColumns`; `Sema.isPlainInteger` says why the job writes
/// such an integer as the cast would). Without a snapshot there are none: every `S` attribute of
/// a column is cast (its type is unknown).
public struct CastFreeColumns: Sendable {
    let text: [String: Set<String>]
    let integer: [String: Set<String>]

    public static let none = CastFreeColumns(text: [:], integer: [:])

    public init(_ ir: MigrationIR) { self.init(text: ir.textColumns, integer: ir.integerColumns) }

    init(text: [String: Set<String>], integer: [String: Set<String>]) { self.text = text; self.integer = integer }

    func isText(table: String, column: String) -> Bool { text[table.lowercased()]?.contains(column.lowercased()) ?? false }

    func isInteger(table: String, column: String) -> Bool { integer[table.lowercased()]?.contains(column.lowercased()) ?? false }
}
