import XCTest
import Diagnostics
@testable import ContractSyntax

/// The small languages the decoder parses inside contract strings (ParsedForms.swift): each
/// parsed form, and each error at the character it concerns. `fragment(_:)` places the opening
/// quote at 1:1, so scalar k of the text is at column k + 2.
final class ParsedFormsTests: XCTestCase {
    private func describe(_ t: Template) -> [String] {
        t.parts.map {
            switch $0 {
            case let .literal(s): return "text '\(s.value)'@\(lc(s.location(ofScalar: 0)))"
            case let .column(c): return "column \(c.name) (\(c.fragment.expr.kind))@\(lc(c.fragment.source.location(ofScalar: 0)))"
            }
        }
    }

    func testTemplatePartsAreLocated() throws {
        let engine = DiagnosticEngine()
        let t = try XCTUnwrap(FormParsers.template(fragment("USER#{ id }#{o.total}"), diagnostics: engine))
        XCTAssertEqual(engine.diagnostics.count, 0)
        XCTAssertEqual(describe(t), [
            "text 'USER#'@1:2",
            "column id (column(qualifier: nil, name: \"id\"))@1:8",
            "text '#'@1:13",
            "column o.total (column(qualifier: Optional(\"o\"), name: \"total\"))@1:15",
        ])
        // The placeholder's fragment spans the text between the braces, spaces included.
        guard case let .column(id) = t.parts[1] else { return XCTFail("column") }
        XCTAssertEqual(id.fragment.source.value, " id ")
        XCTAssertEqual(id.fragment.expr.end, 4)
        // Literal text only.
        let plain = try XCTUnwrap(FormParsers.template(fragment("CONST"), diagnostics: engine))
        XCTAssertEqual(describe(plain), ["text 'CONST'@1:2"])
    }

    func testTemplateErrorsPointAtTheCharacter() {
        for (text, message, position) in [
            ("a}b", "'}' without a matching '{'", "1:3"),
            ("ab{id", "'{' is never closed", "1:4"),
            ("x{a.b.c}", "placeholder '{a.b.c}' must be a column name or rel.column", "1:4"),
            ("{1st}", "placeholder '{1st}' must be a column name or rel.column", "1:3"),
        ] {
            let engine = DiagnosticEngine()
            XCTAssertNil(FormParsers.template(fragment(text), diagnostics: engine), text)
            XCTAssertEqual(engine.diagnostics.map { "\($0.code) \($0.message)@\(lc($0.location))" }, ["bad-template \(message)@\(position)"], text)
        }
    }

    /// Through the decoder: an escape before the placeholder shifts it in the file, and the
    /// location follows; a malformed template leaves no transformation and marks the attribute.
    func testTemplateInAContractKeepsFileLocations() throws {
        let contract = """
        {"tables": [{"table": "T", "type": "single-entity", "source_table": "t", "pk": "id", "satisfies": [], "estimated_item_size_bytes": 1,
          "attributes": [{"name": "id", "type": "S", "source_table": "t", "source_column": "id",
            "transformation": {"type": "string-format", "format": "\\u0041#{id}"}},
          {"name": "bad", "type": "S", "source_table": "t", "source_column": "id",
            "transformation": {"type": "string-format", "format": "{id"}}]}]}
        """
        let (ast, engine) = parseContract(contract)
        XCTAssertEqual(engine.diagnostics.map { "\($0.code)@\(lc($0.location))" }, ["bad-template@5:60"])
        let attributes = try XCTUnwrap(ast?.tables.first?.attributes)
        guard case let .stringFormat(t)? = attributes[0].transformation else { return XCTFail("string-format") }
        XCTAssertEqual(describe(t), ["text 'A#'@3:60", "column id (column(qualifier: nil, name: \"id\"))@3:68"])
        XCTAssertNil(attributes[1].transformation)
        XCTAssertTrue(attributes[1].rejectsValue)
    }

    func testOrderByTermsAndDirections() {
        let terms = FormParsers.orderBy(fragment("created_at DESC, COALESCE(a, b) asc ,'x,y', id"))
        XCTAssertEqual(terms.map { "\($0.expression.value)|\($0.descending)@\(lc($0.expression.location(ofScalar: 0)))" }, [
            "created_at|true@1:2",
            "COALESCE(a, b)|false@1:19",
            "'x,y'|false@1:39",
            "id|false@1:46",
        ])
        // An empty term is kept, located where it stands, for the fragment parser to report.
        let empty = FormParsers.orderBy(fragment("a,,b"))
        XCTAssertEqual(empty.map { "\($0.expression.value)@\(lc($0.expression.location))" }, ["a@1:1", "@1:3", "b@1:4"])
    }

    func testElseValueForms() {
        func form(_ text: String) -> String {
            switch FormParsers.elseValue(fragment(text)) {
            case let .sqlLiteral(s): return "sql \(s.value)"
            case let .column(q): return "column \(q.relation) \(q.column) \(q.fragment.expr.kind) end \(q.fragment.expr.end)"
            case let .text(s): return "text \(s.value)"
            }
        }
        XCTAssertEqual(form("'parent.name'"), "sql 'parent.name'")
        XCTAssertEqual(form("parent.name"), "column parent name column(qualifier: Optional(\"parent\"), name: \"name\") end 11")
        XCTAssertEqual(form("Uncategorized"), "text Uncategorized")
        XCTAssertEqual(form("a.b.c"), "text a.b.c")
        XCTAssertEqual(form("1.5"), "text 1.5")
        XCTAssertEqual(form("'"), "text '")
    }

    func testNumberFormats() {
        let engine = DiagnosticEngine()
        XCTAssertEqual(FormParsers.numberFormat(fragment("0.00"), diagnostics: engine), .fixedDecimals(2))
        XCTAssertEqual(FormParsers.numberFormat(fragment("00000000"), diagnostics: engine), .zeroPadded(width: 8))
        XCTAssertEqual(FormParsers.numberFormat(fragment("0"), diagnostics: engine), .zeroPadded(width: 1))
        XCTAssertEqual(FormParsers.numberFormat(fragment("0."), diagnostics: engine), .fixedDecimals(0))
        XCTAssertEqual(engine.diagnostics.count, 0)
        XCTAssertNil(FormParsers.numberFormat(fragment("#,##0.00"), diagnostics: engine))
        XCTAssertEqual(engine.diagnostics.map { "\($0.code)@\(lc($0.location)): \($0.message)" },
                       ["bad-number-format@1:1: number format '#,##0.00' is not supported"])
    }

    func testDateFormats() {
        let engine = DiagnosticEngine()
        XCTAssertEqual(FormParsers.dateFormat(fragment("YYYY-MM-DD HH:mm:ss"), diagnostics: engine),
                       [.year, .literal("-"), .month, .literal("-"), .day, .literal(" "), .hour, .literal(":"), .minute, .literal(":"), .second])
        XCTAssertEqual(FormParsers.dateFormat(fragment("ISO8601"), diagnostics: engine)?.count, 12)
        // Literal text of any script between the tokens, whole; a token is matched on its bytes,
        // so a combining mark after it is literal text of its own.
        XCTAssertEqual(FormParsers.dateFormat(fragment("YYYY年MM月DD日"), diagnostics: engine),
                       [.year, .literal("年"), .month, .literal("月"), .day, .literal("日")])
        XCTAssertEqual(FormParsers.dateFormat(fragment("YYYY\u{301}MMM"), diagnostics: engine),
                       [.year, .literal("\u{301}"), .month, .literal("M")])
        XCTAssertEqual(FormParsers.dateFormat(fragment("YYYYY"), diagnostics: engine), [.year, .literal("Y")])
        XCTAssertEqual(engine.diagnostics.count, 0)
        XCTAssertNil(FormParsers.dateFormat(fragment("%Y-%m"), diagnostics: engine))
        XCTAssertEqual(engine.diagnostics.map { "\($0.code)@\(lc($0.location))" }, ["bad-date-format@1:1"])
    }

    /// A format is parsed by the decoder: a bad one is reported at the string even when nothing
    /// else about the attribute is checked yet, and leaves no transformation.
    func testFormatsAreReportedByTheDecoder() throws {
        let (ast, engine) = parseContract("""
        {"tables": [{"table": "T", "type": "single-entity", "source_table": "t", "pk": "id", "satisfies": [], "estimated_item_size_bytes": 1,
          "attributes": [{"name": "id", "type": "S", "source_table": "t", "source_column": "id",
            "transformation": {"type": "number-format", "format": "0,0"}}]}]}
        """)
        XCTAssertEqual(engine.diagnostics.map { "\($0.code)@\(lc($0.location))" }, ["bad-number-format@3:59"])
        XCTAssertEqual(ast?.tables.first?.attributes?.first?.rejectsValue, true)
    }
}
