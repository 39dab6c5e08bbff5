import ContractSyntax
import Diagnostics
import SourceSchema

/// Semantic analysis: checks a parsed contract against CONTRACT.md §2–§6 (and, with a schema
/// snapshot, against the source database) and builds the typed IR every backend reads.
public enum Sema {
    /// Checks `ast` and returns its IR, or nil when any error was reported. Every finding goes
    /// to `diagnostics` with its exact location; nothing is printed.
    /// - Parameter parseFragment: parses one SQL fragment (ContractSyntax's fragment parser).
    public static func check(_ ast: ContractAST, schema: SchemaSnapshot?, parseFragment: @escaping FragmentParsing,
                             diagnostics: DiagnosticEngine) -> MigrationIR? {
        let errorsBefore = diagnostics.errorCount
        let resolver = FragmentResolver(diagnostics: diagnostics, schema: schema, parse: parseFragment)
        var tables: [TableIR] = []
        var names: [String: SourceLocation] = [:]
        for decl in ast.tables {
            if let name = decl.name {
                TableNameRules.check(name, diagnostics: diagnostics)
                if let first = names[name.value] {
                    diagnostics.error("duplicate-table", "table '\(name.value)' is declared twice", at: name.location,
                                      notes: [Note("first declared here", at: first)])
                } else {
                    names[name.value] = name.location
                }
            }
            let checker = TableChecker(decl: decl, diagnostics: diagnostics, schema: schema, resolver: resolver)
            if let t = checker.check() { tables.append(t) }
        }
        guard diagnostics.errorCount == errorsBefore, tables.count == ast.tables.count else { return nil }
        return MigrationIR(tables: ViewNames.assign(tables))
    }
}

/// DynamoDB table names: 3–255 characters of `A-Za-z0-9_.-`.
enum TableNameRules {
    static func check(_ name: LocatedString, diagnostics: DiagnosticEngine) {
        let n = name.value.unicodeScalars
        if !(3...255).contains(n.count) {
            diagnostics.error("bad-table-name", "table name '\(name.value)' must be 3 to 255 characters long (it has \(n.count))", at: name.location)
        }
        if let i = n.firstIndex(where: { !($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0))) }) {
            let offset = n.distance(from: n.startIndex, to: i)
            diagnostics.error("bad-table-name", "table name '\(name.value)' contains '\(n[i])'; only A-Z a-z 0-9 _ . - are allowed",
                              at: name.location(ofScalar: offset))
        }
    }
}

/// View names: "ddb_" + the lower-cased table name with every character outside [a-z0-9_] as
/// "_". Two tables that map to the same name get "_2", "_3" ... in contract order.
public enum ViewNames {
    public static func base(for table: String) -> String {
        "ddb_" + String(String.UnicodeScalarView(table.lowercased().unicodeScalars.map {
            ($0.isASCII && (("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_")) ? $0 : "_"
        }))
    }

    static func assign(_ tables: [TableIR]) -> [TableIR] {
        var used = Set<String>()
        return tables.map { t in
            var t = t
            let base = base(for: t.name)
            var name = base, n = 2
            while used.contains(name) { name = "\(base)_\(n)"; n += 1 }
            used.insert(name)
            t.viewName = name
            return t
        }
    }
}
