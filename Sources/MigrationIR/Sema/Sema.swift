import ContractSyntax
import Diagnostics
import SourceSchema

/// Semantic analysis: checks a parsed contract against docs/CONTRACT.md §2–§6 (and, with a schema
/// snapshot, against the source database) and builds the typed IR every backend reads.
public enum Sema {
    /// Checks `ast` with ContractSyntax's fragment parser (each distinct fragment text parsed
    /// once: `FragmentParser.Memo`); see `check(_:schema:parseFragment:diagnostics:)`.
    public static func check(_ ast: consuming ContractAST, schema: SchemaSnapshot?, diagnostics: DiagnosticEngine) -> MigrationIR? {
        let memo = FragmentParser.Memo()
        return check(ast, schema: schema, parseFragment: { memo.parse($0, diagnostics: $1) }, diagnostics: diagnostics)
    }

    /// Checks `ast` and returns its IR, or nil when any error was reported. Every finding goes
    /// to `diagnostics` with its exact location; nothing is printed.
    /// - Parameter parseFragment: parses one SQL fragment (a seam for tests; normally `FragmentParser.parse`).
    ///
    /// `ast` is consumed: each table's declaration is released as soon as its IR is built, so the
    /// AST and the IR are never both whole in memory (when the caller's AST was its last use).
    public static func check(_ ast: consuming ContractAST, schema: SchemaSnapshot?, parseFragment: @escaping FragmentParsing,
                             diagnostics: DiagnosticEngine) -> MigrationIR? {
        let session = Session(schema: schema, parseFragment: parseFragment, diagnostics: diagnostics)
        let declared = ast.tables.count
        for index in 0..<declared {
            let decl = ast.tables[index]
            ast.tables[index] = TableDecl(location: decl.location)  // `decl` is now its only reference
            session.check(decl)
        }
        return session.finish()
    }

    /// Sema one table at a time, for a front end that hands over each table as it is decoded
    /// (`ContractLoading`): the AST then never exists whole, and with `keepsIR` false (a `check`
    /// that generates nothing) neither does the IR. The tables' checks are independent but for
    /// the duplicate-name check, kept here, and the view names, given in `finish`.
    public final class Session {
        private let diagnostics: DiagnosticEngine
        private let schema: SchemaSnapshot?
        private let resolver: FragmentResolver
        private let keepsIR: Bool
        private let errorsBefore: Int
        private var tables: [TableIR] = []
        private var names: [String: SourceLocation] = [:]
        private var declared = 0
        private var checked = 0

        /// With ContractSyntax's fragment parser, each distinct fragment text parsed once (`FragmentParser.Memo`).
        public convenience init(schema: SchemaSnapshot?, keepsIR: Bool = true, diagnostics: DiagnosticEngine) {
            let memo = FragmentParser.Memo()
            self.init(schema: schema, keepsIR: keepsIR, parseFragment: { memo.parse($0, diagnostics: $1) },
                      diagnostics: diagnostics)
        }

        public init(schema: SchemaSnapshot?, keepsIR: Bool = true, parseFragment: @escaping FragmentParsing,
                    diagnostics: DiagnosticEngine) {
            self.diagnostics = diagnostics
            self.schema = schema
            self.keepsIR = keepsIR
            self.resolver = FragmentResolver(diagnostics: diagnostics, schema: schema, parse: parseFragment)
            self.errorsBefore = diagnostics.errorCount
        }

        /// Checks the next table of the contract, in contract order.
        public func check(_ decl: consuming TableDecl) {
            declared += 1
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
            guard let table = checker.check() else { return }
            checked += 1
            if keepsIR { tables.append(table) }
        }

        /// The IR of every table checked, or nil when any error was reported since the session
        /// began or a table could not be checked. Without `keepsIR` its `tables` is empty: only
        /// whether the contract checked clean is kept.
        public func finish() -> MigrationIR? {
            guard diagnostics.errorCount == errorsBefore, checked == declared else { return nil }
            return MigrationIR(tables: ViewNames.assign(tables), textColumns: columns(schema, where: isText),
                               integerColumns: columns(schema, where: isPlainInteger),
                               numberOrDateColumns: columns(schema, where: isNumberOrDate))
        }
    }

    /// Text columns the job receives as the same text the cast makes. Not CHAR, ENUM or SET:
    /// Connector/J reports them as CHAR(n), and Spark pads a CHAR(n) value with spaces to n
    /// characters as it reads (spark.sql.readSideCharPadding, on by default since Spark 3.4;
    /// Spark SQL Guide, "CHAR type"), while `CAST(... AS CHAR)` is a VARCHAR, read as it is.
    static let textTypes: Set<String> = ["varchar", "tinytext", "text", "mediumtext", "longtext"]

    static func isText(_ c: ColumnSchema) -> Bool { textTypes.contains(c.dataType.lowercased()) }

    static let integerTypes: Set<String> = ["tinyint", "smallint", "mediumint", "int", "bigint"]

    /// An integer column whose value the Glue job turns into the same S text as
    /// `CAST(... AS CHAR)`. Spark's JDBC source reads TINYINT, SMALLINT and INT as IntegerType
    /// (INT UNSIGNED as LongType), BIGINT as LongType and BIGINT UNSIGNED as DecimalType(20,0)
    /// (Spark 3.5 `JdbcUtils.getCatalystType`), so the job has a Python `int` or a scale-0
    /// `Decimal`, which `ddbm_core._text` writes as plain decimal digits with a leading '-', as
    /// MySQL writes the number. Not these, whose text differs:
    /// - TINYINT(1) (and BOOL): Connector/J calls it BIT unless the URL says `tinyInt1isBit=false`
    ///   (the job adds it, but a connection URL that sets it wins), and Spark then hands over a
    ///   bool, "1" for a stored 2;
    /// - ZEROFILL: MySQL's text is zero-padded ("00042"), the job's number is not;
    /// - YEAR (Connector/J's yearIsDateType: a date), BIT, DECIMAL: not in `integerTypes`.
    static func isPlainInteger(_ c: ColumnSchema) -> Bool {
        let type = c.columnType.lowercased()
        return integerTypes.contains(c.dataType.lowercased()) && !type.hasPrefix("tinyint(1)") && !type.contains("zerofill")
    }

    /// Number and date types (information_schema DATA_TYPE; NUMERIC reads as decimal, REAL as
    /// double): MySQL writes their values as ASCII text, in its character set for numbers and
    /// dates, latin1 (`my_charset_numeric` in both servers' sources). Not BIT, whose text is the
    /// raw bytes.
    static let numberOrDateTypes: Set<String> = integerTypes.union(["decimal", "float", "double", "date", "datetime",
                                                                     "timestamp", "time", "year"])

    static func isNumberOrDate(_ c: ColumnSchema) -> Bool { numberOrDateTypes.contains(c.dataType.lowercased()) }

    /// The columns of every table that `include` accepts, by lower-cased table then column name.
    static func columns(_ schema: SchemaSnapshot?, where include: (ColumnSchema) -> Bool) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for t in schema?.tables ?? [] {
            let cols = t.columns.filter(include).map { $0.name.lowercased() }
            if !cols.isEmpty { out[t.name.lowercased()] = Set(cols) }
        }
        return out
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
/// "_", + "_view". Two tables that map to the same name get "_2", "_3" ... before "_view", in
/// contract order. A multi-entity table also gets one view per entity, named from the table's
/// stem, "__" and the entity type the same way (`ddb_users__cart_view`), after every table view
/// has its name, so a table view never changes because an entity view took its name. MySQL
/// identifiers hold at most 64 characters, so a long name is cut and ends in a short checksum of
/// what it was made from, which keeps distinct names apart.
public enum ViewNames {
    public static let maxLength = 64

    public static func base(for table: String) -> String { name(stem: stem(for: table), suffix: "") }

    static func stem(for table: String) -> String { fitted("ddb_" + sanitized(table), checksumOf: table) }

    static func entityStem(table: String, entity: String) -> String {
        fitted("ddb_" + sanitized(table) + "__" + sanitized(entity), checksumOf: table + "\u{0}" + entity)
    }

    static func sanitized(_ text: String) -> String {
        String(String.UnicodeScalarView(text.lowercased().unicodeScalars.map {
            ($0.isASCII && (("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_")) ? $0 : "_"
        }))
    }

    /// `stem` cut to leave room for "_view" and a collision counter, ending in a checksum of
    /// `source` when cut.
    static func fitted(_ stem: String, checksumOf source: String) -> String {
        let budget = maxLength - "_view".count - 4
        guard stem.count > budget else { return stem }
        var h: UInt32 = 2166136261  // FNV-1a: stable across runs and platforms.
        for b in source.utf8 { h = (h ^ UInt32(b)) &* 16777619 }
        let tag = String(h, radix: 16)
        return String(stem.prefix(budget - tag.count - 1)) + "_" + tag
    }

    static func name(stem: String, suffix: String) -> String { stem + suffix + "_view" }

    static func unique(stem: String, in used: inout Set<String>) -> String {
        var name = Self.name(stem: stem, suffix: ""), n = 2
        while used.contains(name) { name = Self.name(stem: stem, suffix: "_\(n)"); n += 1 }
        used.insert(name)
        return name
    }

    static func assign(_ tables: [TableIR]) -> [TableIR] {
        var used = Set<String>()
        var out = tables.map { t in
            var t = t
            t.viewName = unique(stem: stem(for: t.name), in: &used)
            return t
        }
        for i in out.indices where out[i].hasEntityType {
            for j in out[i].branches.indices {
                let entity = out[i].branches[j].entityType ?? ""
                out[i].branches[j].viewName = unique(stem: entityStem(table: out[i].name, entity: entity), in: &used)
            }
        }
        return out
    }
}
