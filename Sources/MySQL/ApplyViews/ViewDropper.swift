/// A view a `views.sql` script creates: its name and the column names it defines, in order.
public struct ViewDefinition: Hashable, Sendable {
    public var view: CreatedViewName
    /// The names MySQL gives the view's columns, read from the statement (see `columns(of:)`);
    /// nil when some select item has no name this reader can tell (`*`, an unnamed expression).
    public var columns: [String]?

    public init(view: CreatedViewName, columns: [String]?) { self.view = view; self.columns = columns }
}

/// What the server holds under a view's name.
public enum ViewState: Hashable, Sendable {
    case absent
    /// A view, with its columns in order (INFORMATION_SCHEMA.COLUMNS by ORDINAL_POSITION).
    case view(columns: [String])
    /// Something else by that name (a base table): never dropped.
    case other(tableType: String)
}

/// The reverse of `ViewApplier`: finds the views a `views.sql` creates, reads what the server
/// holds under their names, and drops them — the `cleanup` side of `apply-views`.
public enum ViewDropper {
    /// Every `CREATE VIEW` of `script`, in creation order. Throws `SQLLexError` when the script
    /// cannot be split into statements.
    public static func definitions(_ script: String) throws -> [ViewDefinition] {
        try SQLStatementSplitter.split(script).compactMap { statement in
            guard let view = CreatedViewName.of(statement.text) else { return nil }
            return ViewDefinition(view: view, columns: columns(of: statement.text))
        }
    }

    /// The column names a `CREATE VIEW` statement gives its view: the explicit column list
    /// (`VIEW v (a, b) AS ...`) when there is one, else the name of each item of the first
    /// `SELECT`'s list (a `UNION` takes its names from the first), which is the item's alias or,
    /// for a bare column (`t.c`, `c`), the column's name. Nil when an item has neither (an
    /// unnamed expression, whose name MySQL derives from its text, or `*`): such a view cannot be
    /// recognised by its columns. Names longer than 64 characters, which MySQL replaces by
    /// `Name_exp_N`, are not modelled either; `generate` never writes them.
    public static func columns(of statement: String) -> [String]? {
        guard let tokens = try? SQLLexer.tokens(statement) else { return nil }
        guard let viewIndex = tokens.firstIndex(where: { $0.isWord("VIEW") }) else { return nil }
        var i = viewIndex + 1
        if i + 2 < tokens.count, tokens[i].isWord("IF"), tokens[i + 1].isWord("NOT"), tokens[i + 2].isWord("EXISTS") { i += 3 }
        guard i < tokens.count, isName(tokens[i]) else { return nil }
        i += 1
        if i + 1 < tokens.count, tokens[i].isSymbol("."), isName(tokens[i + 1]) { i += 2 }
        if i < tokens.count, tokens[i].isSymbol("(") {
            var names: [String] = []
            i += 1
            while i < tokens.count, !tokens[i].isSymbol(")") {
                if isName(tokens[i]) { names.append(tokens[i].value) } else if !tokens[i].isSymbol(",") { return nil }
                i += 1
            }
            return names.isEmpty ? nil : names
        }
        guard i + 1 < tokens.count, tokens[i].isWord("AS") else { return nil }
        i += 1
        while i < tokens.count, tokens[i].isSymbol("(") { i += 1 }  // AS (SELECT ...)
        guard i < tokens.count, tokens[i].isWord("SELECT") else { return nil }
        i += 1
        while i < tokens.count, ["ALL", "DISTINCT", "DISTINCTROW", "HIGH_PRIORITY", "STRAIGHT_JOIN", "SQL_SMALL_RESULT",
                                 "SQL_BIG_RESULT", "SQL_BUFFER_RESULT", "SQL_NO_CACHE", "SQL_CALC_FOUND_ROWS"].contains(where: tokens[i].isWord) {
            i += 1
        }
        // The select list ends at the first FROM, INTO, UNION, WHERE, ... or `)` at depth 0.
        let ends = ["FROM", "INTO", "UNION", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "WINDOW", "EXCEPT", "INTERSECT", "FOR", "LOCK"]
        var items: [[SQLToken]] = [[]]
        var depth = 0
        while i < tokens.count {
            let t = tokens[i]
            if depth == 0 && (t.kind == .semicolon || t.isSymbol(")") || ends.contains(where: t.isWord)) { break }
            if t.isSymbol("(") { depth += 1 } else if t.isSymbol(")") { depth -= 1 }
            if depth == 0 && t.isSymbol(",") { items.append([]) } else { items[items.count - 1].append(t) }
            i += 1
        }
        var names: [String] = []
        for item in items {
            guard let name = itemName(item) else { return nil }
            names.append(name)
        }
        return names.isEmpty ? nil : names
    }

    /// The name of one select item: `c`, `t.c`, `s.t.c` give the column's name; `expr AS name`
    /// and `expr name` the alias (a name after `)`, a word, a name or a string). Anything else —
    /// `a + b`, `*`, `t.*` — nil. The reader is made for what `generate` writes, where every
    /// computed item has an alias; an expression ending in a keyword operand (`x IS NULL`) would
    /// be mistaken for an aliased one.
    static func itemName(_ item: [SQLToken]) -> String? {
        guard let last = item.last, isName(last) else { return nil }
        if item.count == 1 { return last.value }
        let before = item[item.count - 2]
        if before.isSymbol(".") {
            // A dotted path: name . name [. name]
            guard item.count == 3 || item.count == 5 else { return nil }
            for (index, token) in item.enumerated() where index % 2 == 0 ? !isName(token) : !token.isSymbol(".") { return nil }
            return last.value
        }
        if isName(before) || before.kind == .string || before.isSymbol(")") { return last.value }
        return nil
    }

    private static func isName(_ t: SQLToken) -> Bool { t.kind == .word || t.kind == .quotedIdentifier }

    /// What the connection's server holds under `view`'s name: absent, a view with these columns,
    /// or something else. Reads INFORMATION_SCHEMA (TABLES, then COLUMNS by ORDINAL_POSITION) in
    /// the view's schema, or the connection's database; names are bound as quoted values.
    public static func state(of view: CreatedViewName, on connection: MySQLConnection) throws -> ViewState {
        let schema = try view.schema.map { try connection.quote($0) } ?? "DATABASE()"
        let name = try connection.quote(view.name)
        let tables = try connection.query("""
            SELECT TABLE_TYPE AS table_type FROM information_schema.TABLES
            WHERE TABLE_SCHEMA = \(schema) AND TABLE_NAME = \(name)
            """)
        guard let row = tables.first else { return .absent }
        let type = row["table_type"]?.text ?? ""
        guard type == "VIEW" else { return .other(tableType: type) }
        let columns = try connection.query("""
            SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = \(schema) AND TABLE_NAME = \(name)
            ORDER BY ORDINAL_POSITION
            """).namedRows.map { $0["name"]?.text ?? "" }
        return .view(columns: columns)
    }

    /// `DROP VIEW` for each view, in the order given (callers pass the reverse of creation
    /// order, so a view goes before the views it selects from). Plain `DROP VIEW`, not `IF
    /// EXISTS`: a view gone since it was inspected is an error worth reporting.
    public static func drop(_ views: [CreatedViewName], on connection: MySQLConnection) throws {
        for view in views {
            _ = try connection.execute("DROP VIEW \(view.quoted)")
        }
    }
}
