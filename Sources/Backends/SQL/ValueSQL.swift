import ContractSyntax
import MigrationIR
import SQLText

/// Renders attribute values (docs/CONTRACT.md §4) and their DynamoDB-type conversions (§5).
struct ValueSQL {
    let dialect: SQLDialect
    /// Relations read under another name (see `JoinMerging`).
    var aliases: [String: String] = [:]
    /// Aggregates read from a grouped derived table the branch joins (`GroupedAggregate`,
    /// MariaDB): their derived table's alias.
    var grouped: [AggregateIR: String] = [:]

    func expr(_ e: Expr) -> String { ExprSQL.render(e, aliases: aliases) }

    func relation(_ r: RelationIR) -> Select.Source { .table(r.table, alias: r.name) }

    func render(_ v: ValueIR) -> String {
        switch v {
        case let .column(r, n): return SQLIdentifier.quote(aliases[r] ?? r) + "." + SQLIdentifier.quote(n)
        case let .expr(e): return expr(e)
        case let .text(s): return SQLQuoting.string(s)
        case .null: return "NULL"
        case let .coalesce(a, b): return "COALESCE(\(render(a)), \(render(b)))"
        case let .caseWhen(arms, els):
            var s = "CASE"
            for a in arms { s += " WHEN \(expr(a.when)) THEN \(render(a.then))" }
            return s + " ELSE \(els.map(render) ?? "NULL") END"
        case let .concat(parts, sep):
            // CONCAT_WS skips NULL parts; when every part is NULL the value is NULL (absent), not ''.
            let ps = parts.map(render)
            guard !ps.isEmpty else { return "NULL" }
            let all = ps.count == 1 ? ps[0] : "COALESCE(\(ps.joined(separator: ", ")))"
            return "CASE WHEN \(all) IS NULL THEN NULL ELSE CONCAT_WS(\(SQLQuoting.string(sep ?? "")), \(ps.joined(separator: ", "))) END"
        case let .template(parts):
            // CONCAT is NULL as soon as one placeholder is NULL: exactly the contract's rule.
            let ps = parts.map { p -> String in
                switch p {
                case let .literal(s): return SQLQuoting.string(s)
                case let .value(x): return "CAST(\(render(x)) AS CHAR)"
                }
            }
            return ps.count == 1 ? ps[0] : "CONCAT(\(ps.joined(separator: ", ")))"
        case let .aggregate(a):
            if let table = grouped[a] {
                let v = SQLIdentifier.quote(table) + "." + SQLIdentifier.quote(GroupedAggregate.valueColumn)
                return a.operation == .COUNT ? "COALESCE(\(v), 0)" : v
            }
            let arg = a.argument.map(expr) ?? "*"
            return dialect.subquery(Select(columns: [.init(sql: "\(a.operation.rawValue)(\(arg))")], from: relation(a.relation),
                                           condition: a.condition.map(expr)))
        case let .distinctArray(s):
            return dialect.distinctArrayAggregate(element: expr(s.select), from: relation(s.relation),
                                                  where: s.condition.map(expr))
        case let .jsonObject(fields):
            return jsonObject(fields)
        case let .jsonArray(a):
            let agg = dialect.jsonArrayAggregate(element: jsonObject(a.fields), from: relation(a.relation),
                                                 where: a.condition.map(expr),
                                                 orderBy: a.orderBy.map { Select.Ordering(sql: expr($0.expr), descending: $0.descending) },
                                                 limit: a.limit.map { UInt64(clamping: $0) })
            return "COALESCE(\(agg), JSON_ARRAY())"
        case let .dateAdd(x, amount, unit, subtract):
            return "\(subtract ? "DATE_SUB" : "DATE_ADD")(\(render(x)), INTERVAL \(amount) \(unit.rawValue.uppercased()))"
        case let .dateDiff(from, to, unit):
            return "TIMESTAMPDIFF(\(unit.rawValue.uppercased()), \(render(from)), \(render(to)))"
        case let .epochSeconds(x, add):
            // Difference from a literal, not UNIX_TIMESTAMP(): no session or server time zone leaks in.
            let base = "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', \(render(x)))"
            return add == 0 ? base : "(\(base) + \(add))"
        case let .dateFormat(x, tokens, source):
            let input: String
            switch source {
            case .timestamp: input = render(x)
            case .epoch: input = "FROM_UNIXTIME(\(render(x)))"
            case .epochMs: input = "FROM_UNIXTIME(\(render(x)) / 1000)"
            }
            return "DATE_FORMAT(\(input), \(SQLQuoting.string(Self.datePattern(tokens))))"
        case let .numberFormat(x, f):
            switch f {
            case let .fixedDecimals(d):
                return "CAST(\(render(x)) AS DECIMAL(65, \(d)))"
            case let .zeroPadded(width):
                // printf("%0*d") semantics: the sign comes first and counts toward the width
                // (-7 at width 8 is "-0000007"). LPAD truncates longer text, so wider numbers
                // are kept whole instead. The digits are the text without its '-': ABS would
                // overflow on the smallest BIGINT and fail the whole view.
                let i = "CAST(\(render(x)) AS SIGNED)"
                let digits = "TRIM(LEADING '-' FROM CAST(\(i) AS CHAR))"
                func padded(_ w: Int) -> String {
                    "CASE WHEN CHAR_LENGTH(\(digits)) >= \(w) THEN \(digits) ELSE LPAD(\(digits), \(w), '0') END"
                }
                return "CASE WHEN \(i) < 0 THEN CONCAT('-', \(padded(width - 1))) ELSE \(padded(width)) END"
            }
        case let .jsonParse(x):
            return render(x)
        }
    }

    func jsonObject(_ fields: [JSONFieldIR]) -> String {
        "JSON_OBJECT(" + fields.map { SQLQuoting.string($0.key) + ", " + expr($0.value) }.joined(separator: ", ") + ")"
    }

    /// The value as the view column of an attribute of `type` (docs/CONTRACT.md §5).
    /// `read(relation, column)` says how an `S` attribute that is a plain source column is read
    /// (`CastFreeColumns`): as it is, cast into latin1, or cast to CHAR.
    func column(_ v: ValueIR, type: DynamoType, read: (String, String) -> SourceColumnRead = { _, _ in .cast }) -> String {
        switch (type, v) {
        case (_, .null): return "NULL"
        case (.S, .text), (.S, .template): return render(v)
        case (.S, .column), (.S, .expr):
            switch Self.plainColumn(v).map(read) ?? .cast {
            case .asIs: return render(v)
            // MySQL 8.0 Reference Manual, 14.10 "Cast Functions and Operators": CAST(expr AS
            // CHAR ... CHARACTER SET charset_name), every 8.0 release; MariaDB Knowledge Base, "CAST".
            case .castToLatin1: return "CAST(\(render(v)) AS CHAR CHARACTER SET latin1)"
            case .cast: return "CAST(\(render(v)) AS CHAR)"
            }
        case (.S, _), (.M, _), (.L, _), (.SS, _), (.NS, _): return "CAST(\(render(v)) AS CHAR)"
        case (.BOOL, _): return "((\(render(v))) <> 0)"
        default: return render(v)
        }
    }

    /// The (relation, column) of a value that is one source column: the attribute's own column,
    /// or a join's selected value that is a plain column reference.
    static func plainColumn(_ v: ValueIR) -> (String, String)? {
        switch v {
        case let .column(relation, name): return (relation, name)
        case let .expr(e):
            guard let ref = e.asColumnReference, let relation = ref.qualifier else { return nil }
            return (relation, ref.name)
        default: return nil
        }
    }

    /// DATE_FORMAT pattern of the contract's tokens; literal `%` doubled.
    static func datePattern(_ tokens: [DateFormatToken]) -> String {
        tokens.map { t -> String in
            switch t {
            case .year: return "%Y"
            case .month: return "%m"
            case .day: return "%d"
            case .hour: return "%H"
            case .minute: return "%i"
            case .second: return "%s"
            // Foundation's replacingOccurrences bridges every literal to NSString (1 % of a
            // generate); most literals (`-`, `:`, ` `) hold no `%`.
            case let .literal(s): return s.utf8.contains(UInt8(ascii: "%")) ? s.replacingOccurrences(of: "%", with: "%%") : s
            }
        }.joined()
    }
}
