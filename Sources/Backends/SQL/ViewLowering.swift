import ContractSyntax
import MigrationIR

/// Lowers the IR to views.sql: one `CREATE OR REPLACE VIEW` per table, sorted by table name,
/// every identifier back-quoted and every literal escaped. Each statement ends with a `;`
/// on its own line, so a client can split the file without parsing SQL.
///
/// A multi-entity table gets one view per entity first (`_entity_type`, `_partition_key` and
/// that entity's own attributes), then the table view, a UNION ALL over them that pads each
/// entity's missing attributes with NULL. The Glue job reads the entity views, each by ranges of
/// its own row source's key: a query on a UNION ALL view makes the server build the whole union in
/// a temporary table before it sends a row (MySQL 8.0 Reference Manual, 25.5.2 "View Processing
/// Algorithms": a view with UNION cannot use MERGE), while on an entity view the range condition
/// reaches the row source's index (merged, or pushed into the view: MariaDB KB "Condition Pushdown
/// into Derived Tables"; MySQL 8.0.22+ `derived_condition_pushdown`).
public enum ViewLowering {
    public static func render(_ ir: MigrationIR, dialect: SQLDialect = .default, header: String) -> String {
        var out = header.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("--") || $0.isEmpty ? String($0) : "-- " + $0 }.joined(separator: "\n")
        if !out.isEmpty && !out.hasSuffix("\n") { out += "\n" }
        for t in ir.tables.sorted(by: { $0.name < $1.name }) {
            for statement in statements(t, dialect: dialect, textColumns: ir.isTextColumn) {
                out += "\n" + statement + "\n;\n"
            }
        }
        return out
    }

    /// The statements of one table, without their terminating `;` lines: the entity views of a
    /// multi-entity table, then the table view.
    public static func statements(_ t: TableIR, dialect: SQLDialect, textColumns: @escaping (String, String) -> Bool = { _, _ in false }) -> [String] {
        guard t.hasEntityType else { return [view(t, dialect: dialect, textColumns: textColumns)] }
        var out: [String] = []
        var selects: [String] = []
        for b in t.branches {
            guard let name = b.viewName else { preconditionFailure("ViewNames.assign names every entity view") }
            out.append("CREATE OR REPLACE VIEW " + SQLQuoting.identifier(name) + " AS\n"
                       + select(b, of: t, columns: ownColumns(b, of: t), dialect: dialect, textColumns: textColumns))
            let cols = ["`_entity_type`", "`_partition_key`"] + t.columns.map { c in
                let q = SQLQuoting.identifier(c.name)
                return b.attribute(named: c.name) == nil ? "NULL AS " + q : q
            }
            selects.append("SELECT " + cols.joined(separator: ", ") + "\nFROM " + SQLQuoting.identifier(name))
        }
        out.append("CREATE OR REPLACE VIEW " + SQLQuoting.identifier(t.viewName) + " AS\n" + selects.joined(separator: "\nUNION ALL\n"))
        return out
    }

    /// The columns a branch produces itself, in the table's column order (the job spec's
    /// `sources[].columns`).
    public static func ownColumns(_ b: RowSourceIR, of t: TableIR) -> [ViewColumn] {
        t.columns.filter { b.attribute(named: $0.name) != nil }
    }

    /// One table's view as a single statement (a single-entity table; a multi-entity table as one
    /// UNION ALL of its branches, the shape `statements` splits into entity views).
    public static func view(_ t: TableIR, dialect: SQLDialect, textColumns: @escaping (String, String) -> Bool = { _, _ in false }) -> String {
        let selects = t.branches.map { select($0, of: t, columns: t.columns, dialect: dialect, textColumns: textColumns) }
        return "CREATE OR REPLACE VIEW " + SQLQuoting.identifier(t.viewName) + " AS\n" + selects.joined(separator: "\nUNION ALL\n")
    }

    /// The SELECT of one branch with `columns` (a column the branch does not produce is NULL).
    static func select(_ b: RowSourceIR, of t: TableIR, columns: [ViewColumn], dialect: SQLDialect,
                       textColumns: @escaping (String, String) -> Bool) -> String {
        let merged = JoinMerging.merge(b.joins)
        let v = ValueSQL(dialect: dialect, aliases: merged.aliases)
        var tableOf = [b.relation.name: b.relation.table]
        for j in b.joins { tableOf[j.relation.name] = j.relation.table }
        // Only outside UNION ALL: branches mixing a column's own collation with CAST's would
        // be an "illegal mix of collations" there.
        let isText = { (relation: String, column: String) in
            !t.hasEntityType && (tableOf[relation].map { textColumns($0, column) } ?? false)
        }
        var cols: [String] = []
        if t.hasEntityType {
            cols.append(SQLQuoting.string(b.entityType ?? "") + " AS `_entity_type`")
        }
        switch b.partitionKey {
        case let .column(c): cols.append(SQLQuoting.identifier(b.relation.name) + "." + SQLQuoting.identifier(c) + " AS `_partition_key`")
        case .none: cols.append("CAST(NULL AS SIGNED) AS `_partition_key`")
        }
        for c in columns {
            let value = b.attribute(named: c.name).map { v.column($0.value, type: c.type, isText: isText) } ?? "NULL"
            cols.append(value + " AS " + SQLQuoting.identifier(c.name))
        }
        var s = "SELECT\n  " + cols.joined(separator: ",\n  ") + "\nFROM " + v.relation(b.relation)
        for j in merged.joins {
            s += "\nLEFT JOIN " + v.relation(j.relation) + " ON " + v.expr(j.condition)
        }
        if let f = b.filter { s += "\nWHERE " + v.expr(f) }
        return s
    }
}
