/// The words the fragment parser treats specially. Kept in one place so the parser, the printer
/// and the documentation agree on them.
enum FragmentVocabulary {
    /// Words that start or structure a statement. None has a place in an expression, so one in a
    /// fragment is an injection attempt or a mistake: an error at the word (`fragment-keyword`).
    /// All but TRUNCATE are reserved in MySQL 8, so a column with such a name has to be backquoted
    /// anyway; non-reserved statement words (EXECUTE, HANDLER, ...) are left out because they are
    /// legal column names and cannot start a statement once `;` is rejected.
    static let statementKeywords: Set<String> = [
        "SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "DROP", "CREATE", "ALTER", "RENAME", "TRUNCATE",
        "UNION", "INTERSECT", "EXCEPT", "INTO", "OUTFILE", "DUMPFILE", "FROM", "WHERE", "HAVING", "GROUP", "ORDER",
        "LIMIT", "JOIN", "WITH", "WINDOW", "OVER", "GRANT", "REVOKE", "CALL", "LOAD", "LOCK", "UNLOCK", "SET",
        "USE", "KILL", "TABLE", "VALUES", "DATABASE", "SCHEMA", "PROCEDURE", "TRIGGER", "EXPLAIN", "DESCRIBE",
        "SHOW", "PURGE", "OPTIMIZE", "ANALYZE", "RELEASE", "SIGNAL", "RESIGNAL", "LEAVE", "ITERATE", "LOOP", "REPEAT",
        "WHILE", "DECLARE", "CURSOR", "FETCH",
    ]

    /// Statement keywords that are also ordinary MySQL functions (`REPLACE(s, a, b)`,
    /// `INSERT(s, pos, len, new)`, `TRUNCATE(x, d)`): allowed when a `(` follows.
    static let keywordFunctions: Set<String> = ["REPLACE", "INSERT", "TRUNCATE", "REPEAT"]

    /// Words that can never be a bare column name or a function name in an expression.
    static let reserved: Set<String> = [
        "AND", "OR", "XOR", "NOT", "IS", "NULL", "TRUE", "FALSE", "IN", "BETWEEN", "LIKE", "CASE", "WHEN", "THEN",
        "ELSE", "END", "DIV", "MOD", "DISTINCT", "AS", "INTERVAL", "ESCAPE", "REGEXP", "RLIKE", "EXISTS", "COLLATE",
        "BINARY", "ALL", "ANY", "SOME", "UNKNOWN", "SOUNDS",
    ]

    /// Functions with side effects or that stall the server (sleeping, locks, file reads). A view
    /// calling them would be a denial of service or a data leak: `fragment-function`.
    static let forbiddenFunctions: Set<String> = [
        "SLEEP", "BENCHMARK", "LOAD_FILE", "GET_LOCK", "RELEASE_LOCK", "RELEASE_ALL_LOCKS", "IS_FREE_LOCK",
        "IS_USED_LOCK", "MASTER_POS_WAIT", "SOURCE_POS_WAIT", "WAIT_FOR_EXECUTED_GTID_SET", "SYS_EXEC", "SYS_EVAL",
        "NAME_CONST", "SET_USER_ID",
    ]

    /// Functions whose value changes between calls or depends on the session (the clock, random
    /// numbers, the connection's user or database). A view using them gives another item on every
    /// read, so a re-run, `if-newer` and validation cannot reproduce it: `nondeterministic-function`
    /// (a warning). MySQL 8.0 Reference Manual 15.1 "... Functions": NOW()/CURDATE() follow the
    /// statement's start time and the session time zone; RAND(), UUID(), UUID_SHORT() differ per call.
    static let nondeterministicFunctions: Set<String> = [
        "NOW", "SYSDATE", "CURDATE", "CURTIME", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME",
        "LOCALTIMESTAMP", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP", "UNIX_TIMESTAMP", "RAND", "UUID", "UUID_SHORT",
        "USER", "CURRENT_USER", "SESSION_USER", "SYSTEM_USER", "DATABASE", "SCHEMA", "CONNECTION_ID", "VERSION",
        "LAST_INSERT_ID", "FOUND_ROWS", "ROW_COUNT",
    ]

    /// Aggregate functions, the only ones that take `DISTINCT`; `COUNT` alone takes `*`.
    static let aggregateFunctions: Set<String> = ["COUNT", "SUM", "AVG", "MIN", "MAX"]

    /// Functions the printer knows by name (rendered upper-case). Any other identifier-shaped
    /// name is still accepted and rendered bare: it cannot inject anything.
    static let knownFunctions: Set<String> = [
        "ABS", "ADDDATE", "ADDTIME", "ASCII", "AVG", "BIN", "BIT_LENGTH", "CEIL", "CEILING", "CHAR_LENGTH",
        "CHARACTER_LENGTH", "COALESCE", "CONCAT", "CONCAT_WS", "CONV", "CONVERT_TZ", "COUNT", "CRC32", "CURDATE",
        "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURTIME", "DATE", "DATE_ADD", "DATE_FORMAT", "DATE_SUB",
        "DATEDIFF", "DAY", "DAYNAME", "DAYOFMONTH", "DAYOFWEEK", "DAYOFYEAR", "ELT", "EXP", "FIELD", "FIND_IN_SET",
        "FLOOR", "FORMAT", "FROM_DAYS", "FROM_UNIXTIME", "GREATEST", "HEX", "HOUR", "IF", "IFNULL", "INSERT", "INSTR",
        "ISNULL", "JSON_ARRAY", "JSON_ARRAYAGG", "JSON_CONTAINS", "JSON_EXTRACT", "JSON_LENGTH", "JSON_OBJECT",
        "JSON_OBJECTAGG", "JSON_QUOTE", "JSON_TYPE", "JSON_UNQUOTE", "JSON_VALID", "LAST_DAY", "LCASE", "LEAST", "LOCALTIME", "LOCALTIMESTAMP",
        "LEFT", "LENGTH", "LN", "LOCATE", "LOG", "LOG10", "LOG2", "LOWER", "LPAD", "LTRIM", "MAKEDATE", "MAX", "MD5",
        "MICROSECOND", "MID", "MIN", "MINUTE", "MOD", "MONTH", "MONTHNAME", "NOW", "NULLIF", "OCT", "ORD", "PERIOD_ADD",
        "PERIOD_DIFF", "POSITION", "POW", "POWER", "QUARTER", "REPEAT", "REPLACE", "REVERSE", "RIGHT", "ROUND", "RPAD",
        "RTRIM", "SEC_TO_TIME", "SECOND", "SHA1", "SHA2", "SIGN", "SPACE", "SQRT", "STR_TO_DATE", "STRCMP", "SUBDATE",
        "SUBSTR", "SUBSTRING", "SUBSTRING_INDEX", "SUBTIME", "SUM", "TIME", "TIME_FORMAT", "TIME_TO_SEC", "TIMEDIFF",
        "TIMESTAMP", "TIMESTAMPADD", "TIMESTAMPDIFF", "TO_BASE64", "TO_DAYS", "TO_SECONDS", "TRIM", "TRUNCATE", "UCASE",
        "UNHEX", "UNIX_TIMESTAMP", "UPPER", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP", "UUID", "WEEK", "WEEKDAY",
        "WEEKOFYEAR", "YEAR", "YEARWEEK",
    ]

    /// Functions MySQL also accepts without parentheses; parsed as calls with no arguments.
    static let niladicFunctions: Set<String> = [
        "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP",
    ]

    /// Units of `INTERVAL n UNIT`.
    static let intervalUnits: Set<String> = [
        "MICROSECOND", "SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "QUARTER", "YEAR", "SECOND_MICROSECOND",
        "MINUTE_MICROSECOND", "MINUTE_SECOND", "HOUR_MICROSECOND", "HOUR_SECOND", "HOUR_MINUTE", "DAY_MICROSECOND",
        "DAY_SECOND", "DAY_MINUTE", "DAY_HOUR", "YEAR_MONTH",
    ]

    /// Target types of `CAST(x AS type)`; the value says which length arguments each takes
    /// (0: none, 1: `(n)` optional, 2: `(m[,d])` optional).
    static let castTypes: [String: Int] = [
        "CHAR": 1, "NCHAR": 1, "BINARY": 1, "DATE": 0, "DATETIME": 1, "TIME": 1, "YEAR": 0, "DECIMAL": 2,
        "SIGNED": 0, "UNSIGNED": 0, "JSON": 0, "DOUBLE": 0, "FLOAT": 1, "REAL": 0,
    ]

    /// `[A-Za-z_][A-Za-z0-9_]*`: the only names rendered without backquotes.
    static func isBareName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.isASCII, first == "_" || first.properties.isAlphabetic else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }
}
