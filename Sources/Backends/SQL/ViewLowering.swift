import ContractSyntax
import MigrationIR

/// Lowers the IR to views.sql: one `CREATE OR REPLACE VIEW` per table, sorted by table name,
/// every identifier back-quoted and every literal escaped. Each statement ends with a `;`
/// on its own line, so a client can split the file without parsing SQL.
public enum ViewLowering {
    public static func render(_ ir: MigrationIR, dialect: SQLDialect = .default, header: String) -> String {
        var out = header.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("--") || $0.isEmpty ? String($0) : "-- " + $0 }.joined(separator: "\n")
        if !out.isEmpty && !out.hasSuffix("\n") { out += "\n" }
        for t in ir.tables.sorted(by: { $0.name < $1.name }) {
            out += "\n" + view(t, dialect: dialect, textColumns: ir.isTextColumn) + "\n;\n"
        }
        return out
    }

    /// One view's statement, without the terminating `;` line.
    public static func view(_ t: TableIR, dialect: SQLDialect, textColumns: @escaping (String, String) -> Bool = { _, _ in false }) -> String {
        let selects = t.branches.map { b -> String in
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
            for c in t.columns {
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
        return "CREATE OR REPLACE VIEW " + SQLQuoting.identifier(t.viewName) + " AS\n" + selects.joined(separator: "\nUNION ALL\n")
    }
}
