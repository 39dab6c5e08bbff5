import ContractSyntax
import MigrationIR
import SQLText

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
        let castFree = CastFreeColumns(ir)
        for t in ir.tables.sorted(by: { $0.name < $1.name }) {
            for statement in statements(t, dialect: dialect, castFree: castFree) {
                out += "\n" + statement + "\n;\n"
            }
        }
        return out
    }

    /// The statements of one table, without their terminating `;` lines: the entity views of a
    /// multi-entity table, then the table view.
    public static func statements(_ t: TableIR, dialect: SQLDialect, castFree: CastFreeColumns = .none) -> [String] {
        viewStatements(t, dialect: dialect, castFree: castFree).map(dialect.render)
    }

    /// The views of one table as values (see `statements`).
    static func viewStatements(_ t: TableIR, dialect: SQLDialect, castFree: CastFreeColumns) -> [ViewStatement] {
        guard t.hasEntityType else { return [view(t, dialect: dialect, castFree: castFree)] }
        var out: [ViewStatement] = []
        var selects: [Select] = []
        for b in t.branches {
            guard let name = b.viewName else { preconditionFailure("ViewNames.assign names every entity view") }
            out.append(ViewStatement(name: name, selects: [select(b, of: t, columns: ownColumns(b, of: t), dialect: dialect, castFree: castFree)],
                                     layout: .block))
            let cols = ["_entity_type", "_partition_key"].map { Select.Column(sql: SQLIdentifier.quote($0)) } + t.columns.map { c in
                b.attribute(named: c.name) == nil ? Select.Column(sql: "NULL", alias: c.name) : Select.Column(sql: SQLIdentifier.quote(c.name))
            }
            selects.append(Select(columns: cols, from: .view(name)))
        }
        out.append(ViewStatement(name: t.viewName, selects: selects, layout: .lines))
        return out
    }

    /// The columns a branch produces itself, in the table's column order (the job spec's
    /// `sources[].columns`).
    public static func ownColumns(_ b: RowSourceIR, of t: TableIR) -> [ViewColumn] {
        t.columns.filter { b.attribute(named: $0.name) != nil }
    }

    /// One table's view as a single statement (a single-entity table; a multi-entity table as one
    /// UNION ALL of its branches, the shape `statements` splits into entity views).
    static func view(_ t: TableIR, dialect: SQLDialect, castFree: CastFreeColumns) -> ViewStatement {
        ViewStatement(name: t.viewName,
                      selects: t.branches.map { select($0, of: t, columns: t.columns, dialect: dialect, castFree: castFree) },
                      layout: .block)
    }

    /// The SELECT of one branch with `columns` (a column the branch does not produce is NULL).
    static func select(_ b: RowSourceIR, of t: TableIR, columns: [ViewColumn], dialect: SQLDialect,
                       castFree: CastFreeColumns) -> Select {
        let merged = JoinMerging.merge(b.joins)
        var v = ValueSQL(dialect: dialect, aliases: merged.aliases)
        let groupedAggregates = dialect == .mariadb
            ? GroupedAggregate.plan(columns.compactMap { b.attribute(named: $0.name)?.value },
                                    reserved: Set([b.relation.name] + b.joins.map(\.relation.name)))
            : []
        for g in groupedAggregates { v.grouped[g.aggregate] = g.alias }
        var tableOf = [b.relation.name: b.relation.table]
        for j in b.joins { tableOf[j.relation.name] = j.relation.table }
        // How view column `c` reads a plain source column (`CastFreeColumns`). Always
        // CAST(... AS CHAR) where the column is mixed with another entity's: several entities'
        // values of one column meet in the table view's UNION ALL, where a column's own collation
        // (or latin1's) next to CAST's would be an "illegal mix of collations", and in the job's
        // unionByName, where an integer next to text would leave the type to Spark's coercion;
        // one entity's column is padded with NULL there, which mixes with anything. Also in the
        // bookmark attribute: the job's MAX and `>=` mark filter compare the view column, and the
        // stored mark keeps its type (ddbm_core.plan_incremental, mark_filter), so text must stay
        // text, in the collation it has always been compared in.
        func read(for c: ViewColumn) -> (String, String) -> SourceColumnRead {
            let mixed = t.hasEntityType && t.branches.filter { $0.attribute(named: c.name) != nil }.count > 1
            let bookmark = c.name == t.bookmarkAttribute
            return { relation, column in
                guard !mixed, let table = tableOf[relation] else { return .cast }
                if castFree.isText(table: table, column: column) { return .asIs }
                if bookmark { return .cast }
                if castFree.isInteger(table: table, column: column) { return .asIs }
                return castFree.isNumberOrDate(table: table, column: column) ? .castToLatin1 : .cast
            }
        }
        var cols: [Select.Column] = []
        if t.hasEntityType {
            cols.append(.init(sql: SQLQuoting.string(b.entityType ?? ""), alias: "_entity_type"))
        }
        switch b.partitionKey {
        case let .column(c): cols.append(.init(sql: SQLIdentifier.quote(b.relation.name) + "." + SQLIdentifier.quote(c), alias: "_partition_key"))
        case .none: cols.append(.init(sql: "CAST(NULL AS SIGNED)", alias: "_partition_key"))
        }
        for c in columns {
            let value = b.attribute(named: c.name).map { v.column($0.value, type: c.type, read: read(for: c)) } ?? "NULL"
            cols.append(.init(sql: value, alias: c.name))
        }
        return Select(columns: cols, from: v.relation(b.relation),
                      joins: merged.joins.map { .init(kind: .left, source: v.relation($0.relation), condition: v.expr($0.condition)) }
                          + groupedAggregates.map { $0.join(outer: v, inner: ValueSQL(dialect: dialect)) },
                      condition: b.filter.map(v.expr))
    }
}
