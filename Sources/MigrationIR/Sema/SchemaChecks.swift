import ContractSyntax
import Diagnostics
import SourceSchema

/// Checks that need the schema snapshot: tables exist, joins meant to be N:1 are N:1, column
/// types suit the attribute types, key columns are not nullable.
extension BranchBuilder {
    /// With a schema, the table must exist (did-you-mean otherwise).
    func checkTableExists(_ t: LocatedString) {
        guard let schema, schema.table(named: t.value) == nil else { return }
        let names = schema.tables.map(\.name)
        error("unknown-table", "the source database has no table '\(t.value)'", at: t.location,
              fixIts: DidYouMean.suggestion(for: t.value, at: t.location.advanced(by: 1), among: names)?.fixIts ?? [])
    }

    /// A join meant to be N:1 whose equalities on the target do not cover its primary key or a
    /// unique key can match several rows: every item would be duplicated (a warning).
    func checkNToOne(_ condition: Expr, relation: RelationIR, at loc: SourceLocation) {
        guard let table = schema?.table(named: relation.table), !coversUniqueKey(condition, relation: relation) else { return }
        let keys = ([table.primaryKey] + table.uniqueKeys).filter { !$0.isEmpty }
        let described = keys.map { "(" + $0.joined(separator: ", ") + ")" }.joined(separator: ", ")
        diagnostics.warning("join-not-unique",
                            "join of '\(relation.name)' can match several rows of '\(table.name)': items would be duplicated",
                            at: loc, notes: [Note(keys.isEmpty ? "'\(table.name)' has no primary or unique key"
                                                  : "the condition's equalities must cover one of its unique keys: \(described)")])
    }

    /// Whether the schema proves `condition` matches at most one row of `relation`: its
    /// equalities bind every column of the target's primary key or of one of its unique keys
    /// to values from outside the target. False without a schema.
    func coversUniqueKey(_ condition: Expr, relation: RelationIR) -> Bool {
        guard let table = schema?.table(named: relation.table) else { return false }
        var bound = Set<String>()
        for c in ExprUtilities.conjuncts(condition) {
            guard case let .binary(op, a, b) = c.kind, op == .equal || op == .nullSafeEqual else { continue }
            for (x, y) in [(a, b), (b, a)] {
                if case let .column(q, n) = x.kind, q == relation.name,
                   !ExprUtilities.refers(y, to: relation.name) {
                    bound.insert(n.lowercased())
                }
            }
        }
        let keys = ([table.primaryKey] + table.uniqueKeys).filter { !$0.isEmpty }
        return keys.contains(where: { Set($0.map { $0.lowercased() }).isSubset(of: bound) })
    }

    /// The schema column a value reads directly, if it is a plain column.
    func schemaColumn(of v: ValueIR) -> ColumnSchema? {
        var ref: (String, String)?
        switch v {
        case let .column(r, n): ref = (r, n)
        case let .expr(e): if case let .column(r?, n) = e.kind { ref = (r, n) }
        case let .coalesce(x, _): return schemaColumn(of: x)
        default: break
        }
        guard let (r, n) = ref, let rel = scope.relation(named: r), let t = schema?.table(named: rel.table) else { return nil }
        return t.column(named: n)
    }

    /// Attribute type against the column type it is read from.
    func checkColumnType(_ a: AttributeIR, typeLocation: SourceLocation) {
        guard let col = schemaColumn(of: a.value) else { return }
        let t = col.dataType.lowercased()
        let integer: Set<String> = ["tinyint", "smallint", "mediumint", "int", "integer", "bigint", "bit", "bool", "boolean", "year"]
        let numeric = integer.union(["decimal", "numeric", "float", "double", "real"])
        let text: Set<String> = ["char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set"]
        let desc = "'\(col.name)' (\(col.columnType))"
        switch a.type {
        case .N where text.contains(t):
            diagnostics.warning("type-mismatch", "N attribute '\(a.name)' reads text column \(desc); non-numeric values will be dead-lettered",
                                at: typeLocation)
        case .N where !numeric.contains(t):
            error("type-mismatch", "N attribute '\(a.name)' cannot read \(t) column \(desc)", at: typeLocation,
                  fixIts: [FixIt(message: "use type S", location: typeLocation, length: 3, replacement: "\"S\"")])
        case .BOOL where !integer.contains(t):
            error("type-mismatch", "BOOL attribute '\(a.name)' needs an integer (0/1) column, not \(desc)", at: typeLocation)
        case .M, .L, .SS, .NS:
            if t != "json" && !text.contains(t) && t != "longtext" {
                error("type-mismatch", "\(a.type.rawValue) attribute '\(a.name)' needs JSON text, not \(desc)", at: typeLocation)
            }
        default: break
        }
    }
}
