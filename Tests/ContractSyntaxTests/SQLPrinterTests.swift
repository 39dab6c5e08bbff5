import XCTest
import Diagnostics
import SQLText
@testable import ContractSyntax

final class SQLPrinterTests: XCTestCase {
    /// The tree without positions, for comparing a parse of the printed text with the original.
    private func shape(_ e: Expr) -> String {
        switch e.kind {
        case .column(let q, let n): return "col(\(q ?? "-"),\(n))"
        case .string(let s): return "str(\(s.debugDescription))"
        case .number(let n): return "num(\(n))"
        case .null: return "null"
        case .boolean(let b): return "bool(\(b))"
        case .unary(let op, let x): return "\(op)(\(shape(x)))"
        case .binary(let op, let l, let r): return "\(op)(\(shape(l)),\(shape(r)))"
        case .isNull(let x, let n): return "isnull\(n ? "!" : "")(\(shape(x)))"
        case .inList(let x, let items, let n): return "in\(n ? "!" : "")(\(shape(x));\(items.map(shape).joined(separator: ",")))"
        case .between(let x, let lo, let hi, let n): return "between\(n ? "!" : "")(\(shape(x)),\(shape(lo)),\(shape(hi)))"
        case .like(let x, let p, let n): return "like\(n ? "!" : "")(\(shape(x)),\(shape(p)))"
        case .caseWhen(let o, let arms, let e):
            return "case(\(o.map(shape) ?? "-");\(arms.map { shape($0.when) + "=>" + shape($0.then) }.joined(separator: ","));\(e.map(shape) ?? "-"))"
        case .function(let name, let args, let d, let s): return "\(name)\(d ? "[d]" : "")\(s ? "[*]" : "")(\(args.map(shape).joined(separator: ",")))"
        case .interval(let x, let u): return "interval(\(shape(x)),\(u))"
        case .cast(let x, let t): return "cast(\(shape(x)),\(t))"
        }
    }

    private func expr(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Expr? {
        let (f, engine) = parseFragment(text)
        XCTAssertTrue(engine.diagnostics.isEmpty, "\(text): \(engine.diagnostics.map(\.message))", file: file, line: line)
        return f?.expr
    }

    func testRoundTripIsStable() {
        let fragments = [
            "users.id = shopping_carts.user_id",
            "parent_id IS NULL",
            "'ROOT'",
            "deleted_at IS NULL AND status <> 'archived'",
            "o.k DESC".replacingOccurrences(of: " DESC", with: ""),
            "COALESCE(p.name, '') ",
            "CONCAT(first_name, ' ', last_name)",
            "COUNT(DISTINCT o.id) * 2 + 1",
            "CASE WHEN qty > 10 THEN 'bulk' WHEN qty > 0 THEN 'some' ELSE 'none' END",
            "CASE status WHEN 1 THEN 'a' END",
            "DATE_ADD(created_at, INTERVAL 30 DAY)",
            "created_at + INTERVAL 1 HOUR",
            "CAST(price AS DECIMAL(10,2))",
            "CAST(-price AS CHAR)",
            "x NOT IN (1, 2, 3) OR y NOT LIKE 'a_%'",
            "a NOT BETWEEN 1 AND 10",
            "NOT (a = 1 OR b = 2) XOR c",
            "a <=> b",
            "- -1",
            "-(-(x))",
            "`weird``name`.`col with space` = 'it''s'",
            "'line\\nbreak\\Zz'",
            "my_udf(a, 'b')",
            "IF(a IS TRUE, 1, 0)",
            "a IS NOT FALSE",
            "1e10 / 3 DIV 2 MOD 7 % 2",
            "SUBSTRING_INDEX(email, '@', -1)",
            "é = 'ü'",
        ]
        for text in fragments {
            guard let e = expr(text) else { continue }
            let printed = SQLPrinter.render(e)
            guard let again = expr(printed) else { XCTFail("printed text does not parse: \(printed)"); continue }
            XCTAssertEqual(shape(again), shape(e), "\(text) → \(printed)")
            XCTAssertEqual(SQLPrinter.render(again), printed, "printing is a fixed point")
        }
    }

    func testExactRendering() {
        let cases: [(String, String)] = [
            ("users.email", "`users`.`email`"),
            ("count(*)", "COUNT(*)"),
            ("coalesce(a, 'x')", "COALESCE(`a`, 'x')"),
            ("my_Func(a)", "MY_FUNC(`a`)"),
            // Backslashes and NULs never depend on NO_BACKSLASH_ESCAPES: they are CHAR() pieces.
            ("'a''b\\\\c'", "CONCAT('a''b', CHAR(92 USING utf8mb4), 'c')"),
            ("'\\0'", "CHAR(0 USING utf8mb4)"),
            ("y NOT LIKE 'a\\_%'", "`y` NOT LIKE CONCAT('a', CHAR(92 USING utf8mb4), '_%')"),
            ("''", "''"),
            ("\"dq 'x'\"", "'dq ''x'''"),
            ("date_add(d, interval 2 week)", "DATE_ADD(`d`, INTERVAL 2 WEEK)"),
            ("cast(x as unsigned int)", "CAST(`x` AS UNSIGNED)"),
            ("a = -5", "`a` = (-5)"),
        ]
        for (text, printed) in cases {
            guard let e = expr(text) else { continue }
            XCTAssertEqual(SQLPrinter.render(e), printed, text)
        }
    }

    func testColumnRewriting() throws {
        let e = try XCTUnwrap(expr("cat.id = products.category_id AND name LIKE 'x%'"))
        let printed = SQLPrinter.render(e) { qualifier, name in
            let alias = ["cat": "j1", "products": "r"][qualifier ?? "products"] ?? "?"
            return "`\(alias)`.`\(name)`"
        }
        XCTAssertEqual(printed, "(`j1`.`id` = `r`.`category_id`) AND (`r`.`name` LIKE 'x%')")
    }

    func testHostileValuesCannotEscapeTheirQuotes() {
        let values = ["'; DROP TABLE users; --", "\\'; DROP TABLE x; #", "a`b", "\\", "'", "\u{0}", "x\n-- y"]
        for v in values {
            let literal = SQLPrinter.quoteString(v)
            XCTAssertEqual(decodeLiteral(literal), v, literal)
            let ident = SQLIdentifier.quote(v == "\u{0}" ? "n" : v)
            let (g, e2) = parseFragment(ident)
            XCTAssertTrue(e2.diagnostics.isEmpty, "\(ident): \(e2.diagnostics.map(\.message))")
            XCTAssertEqual(g?.expr.kind, .column(qualifier: nil, name: v == "\u{0}" ? "n" : v), ident)
        }
        // Hand-built trees: a negative number never merges with a minus into a comment, and text
        // that is not a number or an unknown operator is never pasted.
        let minus = Expr(.unary(op: .negate, Expr(.number("-1"), start: 0, end: 0)), start: 0, end: 0)
        XCTAssertEqual(SQLPrinter.render(minus), "-(-1)")
        let bogus = Expr(.number("1; DROP TABLE t"), start: 0, end: 0)
        XCTAssertEqual(SQLPrinter.render(bogus), "'1; DROP TABLE t'")
        let fn = Expr(.function(name: "x(); DROP", args: [], distinct: false, star: false), start: 0, end: 0)
        XCTAssertEqual(SQLPrinter.render(fn), "`x(); DROP`()")
    }

    /// Every operator the AST can hold prints as MySQL the parser reads back as that operator:
    /// one vocabulary, no operator that only one side knows.
    func testEveryOperatorPrintsAndParsesBack() throws {
        let a = Expr(.column(qualifier: nil, name: "a"), start: 0, end: 0)
        let b = Expr(.column(qualifier: nil, name: "b"), start: 0, end: 0)
        for op in BinaryOperator.allCases {
            let printed = SQLPrinter.render(Expr(.binary(op: op, a, b), start: 0, end: 0))
            guard case .binary(let back, _, _)? = expr(printed)?.kind else { XCTFail("\(op): \(printed)"); continue }
            XCTAssertEqual(back, op, printed)
        }
        for op in UnaryOperator.allCases {
            let printed = SQLPrinter.render(Expr(.unary(op: op, a), start: 0, end: 0))
            guard case .unary(let back, _)? = expr(printed)?.kind else { XCTFail("\(op): \(printed)"); continue }
            XCTAssertEqual(back, op, printed)
        }
        // MySQL's other spellings are the same operator, printed one way.
        let spellings: [(String, String)] = [("a != b", "`a` <> `b`"), ("a && b", "`a` AND `b`"), ("a % b", "`a` MOD `b`"), ("!a", "NOT `a`"),
                                             ("a IS NOT TRUE", "`a` IS NOT TRUE"), ("a is false", "`a` IS FALSE")]
        for (text, printed) in spellings {
            XCTAssertEqual(SQLPrinter.render(try XCTUnwrap(expr(text))), printed, text)
        }
    }

    /// The value a literal of `SQLPrinter.quoteString` holds under either sql_mode: `'...'` pieces
    /// whose only escape is a doubled quote (no backslash inside), and `CHAR(n USING utf8mb4)`
    /// pieces, concatenated. Nil for any other shape.
    private func decodeLiteral(_ literal: String) -> String? {
        var s = Substring(literal)
        let concat = s.hasPrefix("CONCAT(")
        if concat {
            guard s.hasSuffix(")") else { return nil }
            s = s.dropFirst("CONCAT(".count).dropLast()
        }
        var value = ""
        var pieces = 0
        while !s.isEmpty {
            if pieces > 0 {
                guard s.hasPrefix(", ") else { return nil }
                s = s.dropFirst(2)
            }
            pieces += 1
            if s.hasPrefix("CHAR(") {
                s = s.dropFirst(5)
                let digits = s.prefix { $0.isASCII && $0.isNumber }
                s = s.dropFirst(digits.count)
                guard s.hasPrefix(" USING utf8mb4)"), let n = UInt32(digits), let scalar = Unicode.Scalar(n) else { return nil }
                s = s.dropFirst(" USING utf8mb4)".count)
                value.unicodeScalars.append(scalar)
                continue
            }
            guard s.first == "'" else { return nil }
            s = s.dropFirst()
            while true {
                guard let c = s.first, c != "\\" else { return nil }
                s = s.dropFirst()
                if c == "'" {
                    if s.first == "'" { value.append("'"); s = s.dropFirst() } else { break }
                } else {
                    value.append(c)
                }
            }
        }
        return pieces == 1 || (concat && pieces > 1) ? value : nil
    }
}
