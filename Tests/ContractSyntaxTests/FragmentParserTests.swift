import XCTest
import Diagnostics
@testable import ContractSyntax

final class FragmentParserTests: XCTestCase {
    private func parsed(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Expr? {
        let (f, engine) = parseFragment(text)
        XCTAssertTrue(engine.diagnostics.isEmpty, "\(text): \(engine.diagnostics.map(\.message))", file: file, line: line)
        return f?.expr
    }

    func testPositionsOfNodes() throws {
        let (f, _) = parseFragment("users.id = shopping_carts.user_id")
        let fragment = try XCTUnwrap(f)
        XCTAssertEqual(fragment.expr.start, 0)
        XCTAssertEqual(fragment.expr.end, 33)
        guard case .binary(.equal, let l, let r) = fragment.expr.kind else { return XCTFail("\(fragment.expr.kind)") }
        XCTAssertEqual(l.kind, .column(qualifier: "users", name: "id"))
        XCTAssertEqual([l.start, l.end, r.start, r.end], [0, 8, 11, 33])
        XCTAssertEqual(lc(fragment.location(of: r)), "1:13")

        let e = try XCTUnwrap(parsed("CASE WHEN a IS NULL THEN 'x' ELSE COUNT(*) END"))
        XCTAssertEqual([e.start, e.end], [0, 46])
        let nodes = e.allNodes
        XCTAssertEqual(nodes.map { "\($0.start)-\($0.end)" }, ["0-46", "10-19", "10-11", "25-28", "34-42"])
    }

    func testPositionsMapThroughJSONEscapes() throws {
        // In the file: "a = \"x\"; DROP" — the `;` is scalar 7 of the value but column 17 of the line.
        let (json, _) = readJSON(#"{"f": "a = \"x\"; DROP"}"#)
        let s = try XCTUnwrap(json?["f"]?.stringValue)
        let engine = DiagnosticEngine()
        XCTAssertNil(FragmentParser.parse(s, diagnostics: engine))
        assertDiagnostic(engine, code: "fragment-statement", at: "1:17")
    }

    func testNondeterministicFunctionsWarnAtTheirCall() throws {
        let (parsed, engine) = parseFragment("DATEDIFF(NOW(), created_at) > 30 AND RAND() < 0.5")
        XCTAssertNotNil(parsed, "a warning, not an error: the view still works")
        XCTAssertEqual(engine.sorted.map { "\($0.code) \(lc($0.location))" },
                       ["nondeterministic-function 1:11", "nondeterministic-function 1:39"])
        XCTAssertTrue(engine.sorted.allSatisfy { $0.severity == .warning })
        // Reproducible: the clock only without an argument, and plain row functions.
        for text in ["UNIX_TIMESTAMP(created_at)", "DATE_FORMAT(created_at, '%Y')", "CONCAT(a, b)"] {
            let (_, clean) = parseFragment(text)
            XCTAssertEqual(clean.sorted.map(\.code), [], text)
        }
        let (_, niladic) = parseFragment("CURRENT_TIMESTAMP")
        XCTAssertEqual(niladic.sorted.map(\.code), ["nondeterministic-function"])
    }

    func testInjectionAttemptsAreRejectedAtTheirCharacter() {
        // Fragment at 1:1 (the opening quote): scalar offset k is column k + 2.
        let cases: [(String, String, Int)] = [
            ("1; DROP TABLE users", "fragment-statement", 3),
            ("x /* y */", "fragment-comment", 4),
            ("x /*! UNION */", "fragment-comment", 4),
            ("(SELECT 1)", "fragment-keyword", 3),
            ("a = (select max(id) from t)", "fragment-keyword", 7),
            ("a -- b", "fragment-comment", 4),
            ("a--b", "fragment-comment", 3),
            ("a # b", "fragment-comment", 4),
            ("@v", "fragment-variable", 2),
            ("a = @@version", "fragment-variable", 6),
            ("x UNION SELECT 1", "fragment-keyword", 4),
            ("1 INTO OUTFILE '/tmp/x'", "fragment-keyword", 4),
            ("a = 1 OR SLEEP(5)", "fragment-function", 11),
            ("benchmark(1000000, md5('x'))", "fragment-function", 2),
            ("EXISTS (SELECT 1)", "fragment-keyword", 10),
            ("EXISTS (1)", "fragment-keyword", 2),
            ("a) OR (1=1", "fragment-syntax", 3),
            ("(a = 1", "fragment-syntax", 2),
            ("f(a", "fragment-syntax", 3),
            ("a b", "fragment-syntax", 4),
            ("a = 'abc", "fragment-syntax", 6),
            ("`a", "fragment-syntax", 2),
            ("a || b", "fragment-syntax", 4),
            ("a := 1", "fragment-syntax", 4),
            ("a << 2", "fragment-syntax", 4),
            ("a>>2", "fragment-syntax", 3),
            ("a | b", "fragment-syntax", 4),
            ("a = ?", "fragment-syntax", 6),
            ("0x41", "fragment-syntax", 3),
            ("t.*", "fragment-syntax", 4),
            ("db.t.c", "fragment-syntax", 6),
            ("", "fragment-empty", 2),
            ("   ", "fragment-empty", 2),
            ("a IN ()", "fragment-syntax", 8),
            ("CASE END", "fragment-syntax", 7),
            ("CAST(a AS VARCHAR(10))", "fragment-syntax", 12),
            ("SUM(*)", "fragment-syntax", 6),
            ("UPPER(DISTINCT a)", "fragment-syntax", 8),
            ("a AND", "fragment-syntax", 7),
            ("a = \u{7}", "fragment-syntax", 6),
        ]
        for (text, code, column) in cases {
            let (f, engine) = parseFragment(text)
            XCTAssertNil(f, text)
            XCTAssertEqual(engine.diagnostics.count, 1, text)
            XCTAssertEqual(engine.diagnostics.first?.code, code, "\(text): \(engine.diagnostics.first?.message ?? "")")
            XCTAssertEqual(lc(engine.diagnostics.first?.location), "1:\(column)", "\(text): \(engine.diagnostics.first?.message ?? "")")
        }
    }

    /// The two-scalar sequences are matched on the scalars (FragmentLexer); each message names the
    /// sequence written.
    func testTwoCharacterSequencesAreNamedInTheirMessage() {
        for (text, quoted) in [("a << 1", "'<<'"), ("a >> 1", "'>>'"), ("a || b", "'||'"), ("a := 1", "':='"), ("a -- b", "'--'"), ("a /* b */", "'/*'")] {
            let (_, engine) = parseFragment(text)
            XCTAssertTrue(engine.diagnostics.first?.message.contains(quoted) == true, "\(text): \(engine.diagnostics.first?.message ?? "none")")
        }
    }

    func testStatementWordsStillUsableWhereTheyCannotStartAStatement() {
        XCTAssertEqual(parsed("t.order")?.kind, .column(qualifier: "t", name: "order"))
        XCTAssertEqual(parsed("`select`")?.kind, .column(qualifier: nil, name: "select"))
        XCTAssertNotNil(parsed("REPLACE(name, 'a', 'b')"))
        XCTAssertNotNil(parsed("TRUNCATE(price, 2)"))
        guard case .function("MOD", let margs, _, _)? = parsed("mod(a, 2)")?.kind else { return XCTFail("MOD()") }
        XCTAssertEqual(margs.count, 2)
        // Parsed as a call (it also warns: nondeterministic-function).
        guard case .function("CURRENT_TIMESTAMP", [], _, _)? = parseFragment("current_timestamp").0?.expr.kind else { return XCTFail("niladic") }
        XCTAssertNotNil(parsed("a = 'SELECT * FROM users; DROP TABLE x -- '"))
    }

    func testDeepNestingIsLimited() {
        for text in [String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000),
                     String(repeating: "NOT ", count: 10_000) + "a",
                     String(repeating: "-", count: 1) + String(repeating: " -", count: 10_000) + "1",
                     Array(repeating: "1", count: 20_000).joined(separator: " + "),
                     String(repeating: "f(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)] {
            let start = Date()
            let (f, engine) = parseFragment(text)
            XCTAssertNil(f)
            XCTAssertEqual(engine.diagnostics.map(\.code), ["fragment-too-deep"])
            XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        }
        XCTAssertNotNil(parsed(Array(repeating: "a", count: 50).joined(separator: " AND ")))
    }

    func testPrecedenceFollowsMySQL() {
        let cases: [(String, String)] = [
            ("a OR b AND c", "`a` OR (`b` AND `c`)"),
            ("a AND b OR c", "(`a` AND `b`) OR `c`"),
            ("a XOR b OR c AND d", "(`a` XOR `b`) OR (`c` AND `d`)"),
            ("NOT a = b", "NOT (`a` = `b`)"),
            ("!a = b", "(NOT `a`) = `b`"),
            ("a + b * c", "`a` + (`b` * `c`)"),
            ("1 - 2 - 3", "(1 - 2) - 3"),
            ("a * b DIV c MOD d % e", "(((`a` * `b`) DIV `c`) MOD `d`) MOD `e`"),
            ("-a * b", "(-`a`) * `b`"),
            ("a - -1", "`a` - (-1)"),
            ("- -1", "-(-1)"),
            ("a = b + 1", "`a` = (`b` + 1)"),
            ("a BETWEEN 1 AND 2 AND c", "(`a` BETWEEN 1 AND 2) AND `c`"),
            ("a NOT BETWEEN b + 1 AND c", "`a` NOT BETWEEN (`b` + 1) AND `c`"),
            ("a IS NOT NULL AND b IS NULL", "(`a` IS NOT NULL) AND (`b` IS NULL)"),
            ("a = 1 IS TRUE", "(`a` = 1) IS TRUE"),
            ("x NOT IN (1, 2) OR y LIKE 'a%'", "(`x` NOT IN (1, 2)) OR (`y` LIKE 'a%')"),
            ("a && b", "`a` AND `b`"),
            ("a != b", "`a` <> `b`"),
            ("a <=> NULL", "`a` <=> NULL"),
            ("a<=b OR a>=b OR a<>b OR a<b OR a>b", "((((`a` <= `b`) OR (`a` >= `b`)) OR (`a` <> `b`)) OR (`a` < `b`)) OR (`a` > `b`)"),
            ("a - - b", "`a` - (-`b`)"),
        ]
        for (text, printed) in cases {
            guard let e = parsed(text) else { continue }
            XCTAssertEqual(SQLPrinter.render(e), printed, text)
        }
    }

    func testLiteralsAndSpecialForms() {
        XCTAssertEqual(parsed("'it''s \\n \\% x'")?.kind, .string("it's \n \\% x"))
        XCTAssertEqual(parsed("\"say \\\"hi\\\"\"")?.kind, .string("say \"hi\""))
        XCTAssertEqual(parsed("10.50")?.kind, .number("10.50"))
        XCTAssertEqual(parsed(".5e-3")?.kind, .number(".5e-3"))
        XCTAssertEqual(parsed("null")?.kind, .null)
        XCTAssertEqual(parsed("True")?.kind, .boolean(true))
        XCTAssertEqual(parsed("`we``ird`.`c`")?.kind, .column(qualifier: "we`ird", name: "c"))
        guard case .function("COUNT", [], false, true)? = parsed("count(*)")?.kind else { return XCTFail("COUNT(*)") }
        guard case .function("COUNT", let args, true, false)? = parsed("COUNT(DISTINCT o.id)")?.kind else { return XCTFail("DISTINCT") }
        XCTAssertEqual(args.first?.kind, .column(qualifier: "o", name: "id"))
        guard case .cast(_, "DECIMAL(10,2)")? = parsed("CAST(x AS decimal( 10 , 2 ))")?.kind else { return XCTFail("cast") }
        guard case .cast(_, "SIGNED")? = parsed("CONVERT(x, SIGNED INTEGER)")?.kind else { return XCTFail("convert") }
        guard case .function("DATE_ADD", let dargs, _, _)? = parsed("DATE_ADD(created_at, INTERVAL 30 day)")?.kind,
              case .interval(_, "DAY") = dargs[1].kind else { return XCTFail("interval") }
        guard case .caseWhen(let operand?, let arms, nil)? = parsed("CASE status WHEN 1 THEN 'a' WHEN 2 THEN 'b' END")?.kind else {
            return XCTFail("simple case")
        }
        XCTAssertEqual(operand.kind, .column(qualifier: nil, name: "status"))
        XCTAssertEqual(arms.count, 2)
    }

    func testColumnReferencesInSourceOrder() throws {
        let e = try XCTUnwrap(parsed("COALESCE(a.x, b) + CASE WHEN c.y > 0 THEN z END"))
        XCTAssertEqual(e.columnReferences.map { $0.asColumnReference.map { "\($0.qualifier ?? "-").\($0.name)" } },
                       ["a.x", "-.b", "c.y", "-.z"])
        XCTAssertEqual(e.columnReferences.map(\.start), [9, 14, 29, 42])
        XCTAssertFalse(e.isColumnReference)
        XCTAssertTrue(try XCTUnwrap(parsed("users.email")).isColumnReference)
        XCTAssertTrue(try XCTUnwrap(parsed("COUNT(o.id)")).containsAggregate)
    }
}

/// `FragmentParser.Memo`: a repeated fragment text parses once and is diagnosed at every place.
final class FragmentMemoTests: XCTestCase {
    private func at(_ text: String, line: Int, column: Int) -> LocatedString {
        LocatedString(text, at: SourceLocation(file: "c.json", line: line, column: column))
    }

    func testARepeatedFragmentHasTheSameTreeWithItsOwnLocation() throws {
        let memo = FragmentParser.Memo(), engine = DiagnosticEngine()
        let first = try XCTUnwrap(memo.parse(at("users.id = carts.user_id", line: 3, column: 5), diagnostics: engine))
        let second = try XCTUnwrap(memo.parse(at("users.id = carts.user_id", line: 9, column: 7), diagnostics: engine))
        XCTAssertEqual(first.expr, second.expr)
        XCTAssertEqual(first.expr, FragmentParser.parse(fragment("users.id = carts.user_id"), diagnostics: DiagnosticEngine())?.expr)
        guard case .binary(_, _, let r) = second.expr.kind else { return XCTFail("\(second.expr.kind)") }
        XCTAssertEqual([lc(first.location(of: r)), lc(second.location(of: r))], ["3:17", "9:19"])
        XCTAssertTrue(engine.diagnostics.isEmpty)
    }

    func testAnErrorAndAWarningAreReportedAtEveryOccurrence() {
        let memo = FragmentParser.Memo(), engine = DiagnosticEngine()
        for line in [2, 4] {
            XCTAssertNil(memo.parse(at("a = 1; DROP", line: line, column: 1), diagnostics: engine))
            XCTAssertNotNil(memo.parse(at("RAND() < 0.5", line: line + 10, column: 1), diagnostics: engine))
        }
        XCTAssertEqual(engine.sorted.map { "\($0.code) \(lc($0.location))" },
                       ["fragment-statement 2:7", "fragment-statement 4:7",
                        "nondeterministic-function 12:2", "nondeterministic-function 14:2"])
    }
}
