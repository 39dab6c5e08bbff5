import MigrationIR

/// How an `S` attribute that is a plain source column is read (`ValueSQL.column`), from the
/// schema snapshot:
/// - as it is, without `CAST(... AS CHAR)`, which costs time on every row: text columns and plain
///   integer columns (`MigrationIR.textColumns`, `integerColumns`; `Sema.isPlainInteger` says why
///   the job writes such an integer as the cast would);
/// - cast into latin1 (`CAST(... AS CHAR CHARACTER SET latin1)`): any other number or date column
///   (`MigrationIR.numberOrDateColumns`). Its text is ASCII either way, the same bytes on the wire,
///   but MySQL and MariaDB make that text in latin1, so a cast to the connection's utf8mb4
///   converts every value a second time: on the seeded shop a TIMESTAMP cast to CHAR added ~54 %
///   to a plain read of the column, cast into latin1 ~13 % (docs/VIEW-CASTS.md);
/// - cast to CHAR: everything else, and every column without a snapshot (its type is unknown).
public struct CastFreeColumns: Sendable {
    let text: [String: Set<String>]
    let integer: [String: Set<String>]
    let numberOrDate: [String: Set<String>]

    public static let none = CastFreeColumns(text: [:], integer: [:], numberOrDate: [:])

    public init(_ ir: MigrationIR) {
        self.init(text: ir.textColumns, integer: ir.integerColumns, numberOrDate: ir.numberOrDateColumns)
    }

    init(text: [String: Set<String>], integer: [String: Set<String>], numberOrDate: [String: Set<String>]) {
        self.text = text
        self.integer = integer
        self.numberOrDate = numberOrDate
    }

    func isText(table: String, column: String) -> Bool { Self.holds(text, table, column) }

    func isInteger(table: String, column: String) -> Bool { Self.holds(integer, table, column) }

    func isNumberOrDate(table: String, column: String) -> Bool { Self.holds(numberOrDate, table, column) }

    private static func holds(_ columns: [String: Set<String>], _ table: String, _ column: String) -> Bool {
        columns[table.lowercased()]?.contains(column.lowercased()) ?? false
    }
}

/// How `ValueSQL.column` reads an `S` attribute that is a plain source column.
enum SourceColumnRead: Sendable {
    /// Without a cast: the job turns the column's own value into the text the cast would make.
    case asIs
    /// `CAST(... AS CHAR CHARACTER SET latin1)`: a number or date, whose text is ASCII.
    case castToLatin1
    /// `CAST(... AS CHAR)`.
    case cast
}
