/// Every diagnostic code the tool emits, in one place (like the Swift compiler's
/// `DiagnosticsParse.def`). Emission sites name their code as a string; the engine asserts in
/// debug builds that the code and severity are listed here, and `DiagnosticCatalogTests` scans
/// `Sources/` so that this list and the emitted codes are the same set. docs/DIAGNOSTICS.md is
/// generated from it and the folder cases (DiagnosticsDocTests).
public struct DiagnosticKind: Sendable, Hashable {
    public var code: String
    /// The severities the code is emitted with (most codes have one).
    public var severities: [Severity]
    /// One line a person reads in the docs.
    public var summary: String
    /// The docs section that defines the rule: "CONTRACT.md §2", "CONFIG.md".
    public var section: String
    /// Why no folder case under Tests/Cases/diagnostics/ can show this code (nil: one must).
    public var noFolderCase: String?

    init(_ code: String, _ severities: [Severity], _ section: String, _ summary: String, noFolderCase: String? = nil) {
        self.code = code
        self.severities = severities
        self.summary = summary
        self.section = section
        self.noFolderCase = noFolderCase
    }
}

public enum DiagnosticCatalog {
    private static let e: [Severity] = [.error], w: [Severity] = [.warning], ew: [Severity] = [.error, .warning]
    private static let document = "CONTRACT.md §1", table = "CONTRACT.md §2", scope = "CONTRACT.md §3",
                       attributes = "CONTRACT.md §4", joins = "CONTRACT.md §4.1", calculations = "CONTRACT.md §4.2",
                       transformations = "CONTRACT.md §4.3", items = "CONTRACT.md §5", writes = "CONTRACT.md §6",
                       config = "CONFIG.md", cli = "DESIGN.md#cli"

    /// Sorted by code.
    public static let all: [DiagnosticKind] = [
        .init("alias-in-use", e, joins, "a join_alias or target_alias already names another relation in scope"),
        .init("attribute-type-conflict", e, items, "an attribute has one type in one entity and another type in another"),
        .init("attributes-on-multi-entity", e, table, "a multi-entity table declares table-level \"attributes\""),
        .init("bad-bookmark-type", e, writes, "the incremental bookmark_attribute is not of type N or S"),
        .init("bad-cast-type", e, scope, "a CAST/CONVERT type holds characters no MySQL type has",
              noFolderCase: "the fragment parser refuses it first (fragment-syntax); Sema re-checks trees given through its parseFragment seam (SemaChecksTests)"),
        .init("bad-date-format", e, transformations, "a date-format pattern has none of the tokens YYYY MM DD HH mm ss"),
        .init("bad-function", e, scope, "a fragment calls something that is not a function name",
              noFolderCase: "the fragment parser refuses it first (fragment-syntax); Sema re-checks trees given through its parseFragment seam (SemaChecksTests)"),
        .init("bad-interval-unit", e, scope, "an INTERVAL names a unit MySQL does not have",
              noFolderCase: "the fragment parser refuses it first (fragment-syntax); Sema re-checks trees given through its parseFragment seam (SemaChecksTests)"),
        .init("bad-key-type", e, table, "a key attribute is not of type S, N or B"),
        .init("bad-number", e, scope, "a number where a whole number or number literal is needed is not one"),
        .init("bad-number-format", e, transformations, "a number-format pattern is not one of the supported forms"),
        .init("bad-schema-snapshot", e, cli, "the --schema file is not a snapshot written by 'introspect'"),
        .init("bad-table-name", e, table, "a DynamoDB table name is too short, too long or has a character DynamoDB refuses"),
        .init("bad-template", e, items, "a {column} template is unbalanced or has a placeholder that is not a column"),
        .init("bad-version-type", e, writes, "the if-newer version_attribute is not of type N or S"),
        .init("config-value", ew, config, "a config value is out of range, not one of the allowed values, or disagrees with the rest of the config"),
        .init("conflicting-target-alias", e, joins, "a json-construction join and its construction name different target_alias values"),
        .init("correlated-alias-required", e, joins, "a construction reads the row source's own table without a target_alias, so its columns are ambiguous"),
        .init("degenerate-join", ew, joins, "a join condition never refers to the joined relation, or compares the row source with itself"),
        .init("duplicate-attribute", e, attributes, "an attribute name is declared twice in one item"),
        .init("duplicate-entity-type", e, items, "two entities of a multi-entity table have the same entity_type"),
        .init("duplicate-index", e, table, "two GSIs of a table have the same index_name"),
        .init("duplicate-key", e, document, "a JSON object has the same key twice"),
        .init("duplicate-table", e, table, "two tables have the same name"),
        .init("empty-case", e, calculations, "a case calculation lists no {when, then} arm"),
        .init("empty-chain", e, joins, "a chain join lists no hop"),
        .init("empty-input", e, document, "the file is empty or only whitespace"),
        .init("empty-join-conditions", e, joins, "a multi-column join lists no condition"),
        .init("empty-select-columns", e, joins, "a json-construction's select_columns is empty"),
        .init("entities-on-single-entity", e, table, "a single-entity table declares \"entities\""),
        .init("file-not-found", e, cli, "an input file does not exist or is a directory"),
        .init("file-not-readable", e, cli, "an input file exists but cannot be read",
              noFolderCase: "git holds no unreadable file (and root reads any regular one); DiagnosticCasesTests binds a Unix socket at run time"),
        .init("fragment-comment", e, scope, "an SQL fragment holds a comment (#, -- or /* */)"),
        .init("fragment-empty", e, scope, "an SQL fragment is empty"),
        .init("fragment-function", e, scope, "an SQL fragment calls a function with side effects or one that stalls the server"),
        .init("fragment-keyword", e, scope, "an SQL fragment holds a statement keyword or a sub-select"),
        .init("fragment-statement", e, scope, "an SQL fragment holds ';'"),
        .init("fragment-syntax", e, scope, "an SQL fragment is not one MySQL expression"),
        .init("fragment-too-deep", e, scope, "an SQL fragment nests deeper than the tool accepts"),
        .init("fragment-variable", e, scope, "an SQL fragment reads a variable (@name, @@name)"),
        .init("ignored-key", w, attributes, "a key is valid here but has no effect in this combination"),
        .init("incremental-if-absent", w, writes, "incremental runs with write mode if-absent never deliver updates"),
        .init("input-too-large", e, cli, "an input file is larger than the limit for its kind",
              noFolderCase: "it takes a file over 1 MB (config) or 32 MB (contract); DiagnosticCasesTests makes a sparse one at run time"),
        .init("invalid-utf8", e, document, "the file is not valid UTF-8"),
        .init("invalid-value", e, document, "a string is not one of the words its key accepts"),
        .init("item-too-large", e, table, "estimated_item_size_bytes exceeds DynamoDB's 400 KB item limit"),
        .init("join-conflict", e, joins, "one relation is joined twice with different tables or conditions"),
        .init("join-not-unique", w, joins, "with a schema snapshot: a join meant to find one row can match several"),
        .init("join-target-in-scope", e, joins, "a join's target_table is already the row source and has no join_alias"),
        .init("json-syntax", e, document, "the file is not strict JSON (RFC 8259)"),
        .init("json-too-deep", e, document, "arrays and objects nest deeper than the reader accepts"),
        .init("key-type-conflict", e, items, "a key attribute has one type in one entity and another in another"),
        .init("missing-entities", e, table, "a multi-entity table lists no entity"),
        .init("missing-join-condition", e, joins, "an object built from another table has no join_condition"),
        .init("missing-key", ew, document, "a required key is missing (a warning for keys only reports use)"),
        .init("missing-parts", e, calculations, "a concat calculation has neither parts nor a source_column array"),
        .init("missing-projected-attributes", e, table, "an INCLUDE projection lists no projected_attributes"),
        .init("missing-source-column", e, calculations, "a calculation or transformation reads the attribute's source_column, which is missing or not one column"),
        .init("nondeterministic-function", w, scope, "a fragment calls a function that gives another value on every read (NOW(), RAND(), ...)"),
        .init("nullable-key", w, items, "with a schema snapshot: a key attribute reads a nullable column"),
        .init("reserved-attribute", e, attributes, "an attribute uses a name the view reserves (_entity_type, _partition_key)"),
        .init("secret-in-config", e, config, "a config key looks like a secret (password, access key)"),
        .init("source-column-array", e, attributes, "a plain attribute names several source columns"),
        .init("template-mismatch", w, items, "a pk/sk template disagrees with the key attribute of the same name"),
        .init("too-many-gsis", e, table, "a table declares more GSIs than DynamoDB allows"),
        .init("type-mismatch", ew, attributes, "an attribute's type does not fit what its column or transformation gives"),
        .init("unknown-attribute", e, table, "a bookmark, version or projected attribute is not an attribute of the table"),
        .init("unknown-column", e, scope, "with a schema snapshot: a relation's table has no such column"),
        .init("unknown-key", w, document, "a key the language (or config) does not define is ignored"),
        .init("unknown-key-attribute", e, table, "a table or index key names no attribute"),
        .init("unknown-relation", e, scope, "a name qualifies a column with a relation that is not in scope"),
        .init("unknown-table", e, scope, "with a schema snapshot: the source database has no such table"),
        .init("wrong-type", e, document, "a value has the wrong JSON type"),
    ]

    /// Whether `d`'s code is catalogued with `d`'s severity.
    public static func lists(_ d: Diagnostic) -> Bool { byCode[d.code]?.severities.contains(d.severity) == true }

    private static let byCode: [String: DiagnosticKind] = Dictionary(all.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
}
