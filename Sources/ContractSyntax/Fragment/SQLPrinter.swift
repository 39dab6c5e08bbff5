import SQLText

/// Renders an `Expr` back to MySQL text from its tree, never from the contract's text: identifiers
/// are always backquoted, string literals re-quoted, numbers emitted as the lexer validated them,
/// and every compound sub-expression parenthesised so the precedence is explicit.
///
/// This is the one quoting policy of the tool's SQL: names through `SQLIdentifier` (module
/// `SQLText`, which the client layer uses too), string literals by `quoteString`, the same under
/// every `sql_mode` (the view lowering's `SQLQuoting.string` is that function).
public enum SQLPrinter {
    /// Renders `e`, asking `column(qualifier, name)` for the full SQL of each column reference
    /// (the view lowering maps `rel.col` to the alias of the relation that reads it and quotes it).
    public static func render(_ e: Expr, column: (String?, String) -> String) -> String {
        var out = ""
        withoutActuallyEscaping(column) { column in
            write(e, Context(column: column), into: &out)
        }
        return out
    }

    /// How the column references are spelt.
    private struct Context {
        let column: (String?, String) -> String
    }

    /// Renders `e` with column references as written: `` `rel`.`col` `` or `` `col` ``.
    public static func render(_ e: Expr) -> String {
        render(e) { qualifier, name in
            qualifier.map { SQLIdentifier.quote($0) + "." + SQLIdentifier.quote(name) } ?? SQLIdentifier.quote(name)
        }
    }

    /// A string literal holding exactly `value` under every `sql_mode`: quotes are doubled (a
    /// literal stays closed either way), and backslashes and NULs, whose meaning depends on
    /// NO_BACKSLASH_ESCAPES (MySQL 8.0 Reference Manual, 11.1.1 "String Literals"), become
    /// `CHAR(n USING utf8mb4)` pieces of a `CONCAT`. Every other character is itself.
    public static func quoteString(_ value: String) -> String {
        var pieces: [String] = []
        var current = ""
        for c in value.unicodeScalars {
            if c == "\\" || c == "\0" {
                if !current.isEmpty { pieces.append("'" + current + "'") }
                pieces.append("CHAR(\(c.value) USING utf8mb4)")
                current = ""
            } else if c == "'" {
                current += "''"
            } else {
                current.unicodeScalars.append(c)
            }
        }
        if !current.isEmpty || pieces.isEmpty { pieces.append("'" + current + "'") }
        return pieces.count == 1 ? pieces[0] : "CONCAT(" + pieces.joined(separator: ", ") + ")"
    }

    /// Whether `e` needs parentheses when it is an operand of an operator.
    private static func isCompound(_ e: Expr) -> Bool {
        switch e.kind {
        case .unary, .binary, .isNull, .inList, .between, .like: return true
        case .column, .string, .number, .null, .boolean, .caseWhen, .function, .interval, .cast: return false
        }
    }

    /// An operand: parenthesised when compound. `INTERVAL` is never wrapped (MySQL rejects
    /// `(INTERVAL 1 DAY)`), and it is not compound, so `d + INTERVAL 1 DAY` stays valid.
    private static func writeOperand(_ e: Expr, _ ctx: Context, into out: inout String) {
        if isCompound(e) {
            out += "("
            write(e, ctx, into: &out)
            out += ")"
        } else {
            write(e, ctx, into: &out)
        }
    }

    private static func write(_ e: Expr, _ ctx: Context, into out: inout String) {
        switch e.kind {
        case .column(let qualifier, let name):
            out += ctx.column(qualifier, name)
        case .string(let s):
            out += quoteString(s)
        case .number(let n):
            out += numberLiteral(n)
        case .null:
            out += "NULL"
        case .boolean(let b):
            out += b ? "TRUE" : "FALSE"
        case .unary(let op, let operand):
            // "NOT x" needs the space; "-x" must not become "--x" (a comment): a unary operand is
            // compound, so it is parenthesised: "-(-1)".
            if !op.isPostfix { out += sql(op) }
            writeOperand(operand, ctx, into: &out)
            if op.isPostfix { out += sql(op) }
        case .binary(let op, let l, let r):
            writeOperand(l, ctx, into: &out)
            out += " " + sql(op) + " "
            writeOperand(r, ctx, into: &out)
        case .isNull(let x, let negated):
            writeOperand(x, ctx, into: &out)
            out += negated ? " IS NOT NULL" : " IS NULL"
        case .inList(let x, let items, let negated):
            writeOperand(x, ctx, into: &out)
            out += negated ? " NOT IN (" : " IN ("
            for (k, item) in items.enumerated() {
                if k > 0 { out += ", " }
                write(item, ctx, into: &out)
            }
            out += ")"
        case .between(let x, let low, let high, let negated):
            writeOperand(x, ctx, into: &out)
            out += negated ? " NOT BETWEEN " : " BETWEEN "
            writeOperand(low, ctx, into: &out)
            out += " AND "
            writeOperand(high, ctx, into: &out)
        case .like(let x, let pattern, let negated):
            writeOperand(x, ctx, into: &out)
            out += negated ? " NOT LIKE " : " LIKE "
            writeOperand(pattern, ctx, into: &out)
        case .caseWhen(let operand, let arms, let elseValue):
            out += "CASE"
            if let operand {
                out += " "
                writeOperand(operand, ctx, into: &out)
            }
            for arm in arms {
                out += " WHEN "
                write(arm.when, ctx, into: &out)
                out += " THEN "
                write(arm.then, ctx, into: &out)
            }
            if let elseValue {
                out += " ELSE "
                write(elseValue, ctx, into: &out)
            }
            out += " END"
        case .function(let name, let args, let distinct, let star):
            out += functionName(name) + "("
            if star {
                out += "*"
            } else {
                if distinct { out += "DISTINCT " }
                for (k, arg) in args.enumerated() {
                    if k > 0 { out += ", " }
                    write(arg, ctx, into: &out)
                }
            }
            out += ")"
        case .interval(let amount, let unit):
            out += "INTERVAL "
            writeOperand(amount, ctx, into: &out)
            out += " " + String(String.UnicodeScalarView(unit.uppercased().unicodeScalars.filter { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic) }))
        case .cast(let x, let type):
            out += "CAST("
            write(x, ctx, into: &out)
            out += " AS " + sanitisedType(type) + ")"
        }
    }

    /// The lexer's number text verbatim. A hand-built `Expr` may hold a negative number ("-5"):
    /// it is parenthesised so it can never join a preceding `-` into a `--` comment; text that is
    /// not a number at all is rendered as a string literal instead of being pasted.
    private static func numberLiteral(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        let negative = scalars.first == "-"
        if negative { scalars = scalars.dropFirst() }
        var sawDigit = false, sawDot = false, sawExponent = false
        var previous: Unicode.Scalar?
        var valid = !scalars.isEmpty
        for c in scalars {
            switch c {
            case "0"..."9": sawDigit = true
            case "." where !sawDot && !sawExponent: sawDot = true
            case "e" where sawDigit && !sawExponent, "E" where sawDigit && !sawExponent: sawExponent = true
            case "+" where previous == "e" || previous == "E", "-" where previous == "e" || previous == "E": break
            default: valid = false
            }
            previous = c
        }
        guard valid, sawDigit, let last = previous, ("0"..."9").contains(last) else { return quoteString(text) }
        return negative ? "(" + text + ")" : text
    }

    /// Each operator's one spelling, with the spaces it needs around its operand.
    private static func sql(_ op: UnaryOperator) -> String {
        switch op {
        case .negate: return "-"
        case .plus: return "+"
        case .not: return "NOT "
        case .isTrue: return " IS TRUE"
        case .isNotTrue: return " IS NOT TRUE"
        case .isFalse: return " IS FALSE"
        case .isNotFalse: return " IS NOT FALSE"
        }
    }

    /// Each operator's one spelling (`<>`, not `!=`; `AND`, not `&&`; `MOD`, not `%`).
    private static func sql(_ op: BinaryOperator) -> String {
        switch op {
        case .equal: return "="
        case .nullSafeEqual: return "<=>"
        case .notEqual: return "<>"
        case .less: return "<"
        case .lessOrEqual: return "<="
        case .greater: return ">"
        case .greaterOrEqual: return ">="
        case .add: return "+"
        case .subtract: return "-"
        case .multiply: return "*"
        case .divide: return "/"
        case .integerDivide: return "DIV"
        case .modulo: return "MOD"
        case .and: return "AND"
        case .or: return "OR"
        case .xor: return "XOR"
        }
    }

    /// Known functions upper-case; other plain names bare (they are `[A-Za-z_][A-Za-z0-9_]*`);
    /// anything else backquoted, which MySQL reads as a stored-function name and cannot escape.
    private static func functionName(_ name: String) -> String {
        let upper = name.uppercased()
        if FragmentVocabulary.knownFunctions.contains(upper) { return upper }
        return FragmentVocabulary.isBareName(name) ? name : SQLIdentifier.quote(name)
    }

    private static func sanitisedType(_ type: String) -> String {
        String(String.UnicodeScalarView(type.uppercased().unicodeScalars.filter {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "(" || $0 == ")" || $0 == ",")
        }))
    }
}
