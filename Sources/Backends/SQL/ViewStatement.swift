import SQLText

/// The SQL the view lowering writes, as values: `CREATE OR REPLACE VIEW name AS` over one SELECT
/// or a UNION ALL of several, and the SELECTs of the aggregate subqueries inside their columns.
/// ViewLowering, ValueSQL and SQLDialect build these; `SQLDialect.render` is the one place that
/// spells their clauses, so every SELECT of views.sql is laid out by the same code.
struct ViewStatement: Equatable {
    /// The view's name (unquoted).
    var name: String
    /// The branches, joined by UNION ALL; one for a plain view.
    var selects: [Select]
    /// How the branches are laid out (views.sql is read by people reviewing a migration).
    var layout: Select.Layout
}

/// One SELECT. Column values and conditions are MySQL text the lowering already rendered (fragments
/// through `SQLPrinter`, values through `ValueSQL`); names are unquoted and quoted by the printer.
struct Select: Equatable {
    /// How the clauses are spread over lines.
    enum Layout: Equatable {
        /// `SELECT` then one column per indented line, each clause on its own line (a view's branch).
        case block
        /// The columns on the `SELECT` line, each clause on its own line (a UNION ALL over entity views).
        case lines
        /// All on one line (a subquery inside a column).
        case inline
    }

    /// What a SELECT reads.
    indirect enum Source: Equatable {
        /// `` `table` AS `alias` ``
        case table(String, alias: String)
        /// `` `view` ``: another view of the file, read under its own name.
        case view(String)
        /// `(SELECT ...) AS `alias``: a derived table.
        case derived(Select, alias: String)
    }

    struct Column: Equatable {
        var sql: String
        /// `AS alias`; nil for a column read under its own name.
        var alias: String?
    }

    /// The join kinds the lowering emits. Every join is LEFT: a missing related row must leave
    /// the attribute absent, never drop the item.
    enum JoinKind: Equatable {
        case left
    }

    struct Join: Equatable {
        var kind: JoinKind
        var source: Source
        var condition: String
    }

    struct Ordering: Equatable {
        var sql: String
        var descending: Bool
    }

    var distinct = false
    var columns: [Column]
    var from: Source
    var joins: [Join] = []
    var condition: String?
    /// `GROUP BY` expressions (a grouped aggregate's derived table, `GroupedAggregate`).
    var groupBy: [String] = []
    var orderBy: [Ordering] = []
    var limit: UInt64?
}

extension SQLDialect {
    /// `CREATE OR REPLACE VIEW` (MySQL 8.0 Reference Manual, 15.1.23 "CREATE VIEW Statement"),
    /// without the terminating `;`. SELECT syntax is the same in both dialects; what differs is
    /// which SELECTs the dialect builds (`jsonArrayAggregate`).
    func render(_ v: ViewStatement) -> String {
        "CREATE OR REPLACE VIEW " + SQLIdentifier.quote(v.name) + " AS\n"
            + v.selects.map { render($0, layout: v.layout) }.joined(separator: "\nUNION ALL\n")
    }

    /// A SELECT as a parenthesised subquery on one line.
    func subquery(_ s: Select) -> String { "(" + render(s, layout: .inline) + ")" }

    func render(_ s: Select, layout: Select.Layout) -> String {
        let columns = s.columns.map { c in c.alias.map { c.sql + " AS " + SQLIdentifier.quote($0) } ?? c.sql }
        let clause = layout == .inline ? " " : "\n"
        var out = "SELECT" + (s.distinct ? " DISTINCT" : "")
        out += layout == .block ? "\n  " + columns.joined(separator: ",\n  ") : " " + columns.joined(separator: ", ")
        out += clause + "FROM " + source(s.from)
        for j in s.joins {
            switch j.kind {
            case .left: out += clause + "LEFT JOIN " + source(j.source) + " ON " + j.condition
            }
        }
        if let c = s.condition { out += clause + "WHERE " + c }
        if !s.groupBy.isEmpty { out += clause + "GROUP BY " + s.groupBy.joined(separator: ", ") }
        if !s.orderBy.isEmpty { out += clause + orderBy(s.orderBy) }
        if let limit = s.limit { out += clause + "LIMIT \(limit)" }
        return out
    }

    /// `ORDER BY a DESC, b ASC`: of a SELECT, or inside an aggregate call (MariaDB's JSON_ARRAYAGG).
    func orderBy(_ orderings: [Select.Ordering]) -> String {
        "ORDER BY " + orderings.map { $0.sql + ($0.descending ? " DESC" : " ASC") }.joined(separator: ", ")
    }

    private func source(_ s: Select.Source) -> String {
        switch s {
        case let .table(table, alias): return SQLIdentifier.quote(table) + " AS " + SQLIdentifier.quote(alias)
        case let .view(name): return SQLIdentifier.quote(name)
        case let .derived(select, alias): return subquery(select) + " AS " + SQLIdentifier.quote(alias)
        }
    }
}
