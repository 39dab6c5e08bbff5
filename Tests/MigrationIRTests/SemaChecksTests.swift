import XCTest
import ContractSyntax
import Diagnostics
@testable import MigrationIR

/// What Sema's checks leave in the IR. The diagnostics themselves (code, position, notes,
/// fix-its) are folder cases: Tests/Cases/diagnostics/<name>/, run by DiagnosticCasesTests.
final class SemaChecksTests: XCTestCase {
    func testValidTableHasNoDiagnostics() {
        let r = SemaRun(singleTable([#"{"name": "name", "type": "S", "source_column": "username"}"#]))
        XCTAssertEqual(r.summary, [])
        XCTAssertNotNil(r.ir)
    }

    /// Found by the conformance suite: a schema-valid -1e300 must not become an Int (Int(Double)
    /// traps); the IR has no estimate then. (9.97e291, too large, is the folder case
    /// item-too-large-huge-number.)
    func testNegativeItemSizeIsNoCrash() {
        let negative = SemaRun(singleTable([], size: 0).replacingOccurrences(of: "\"estimated_item_size_bytes\": 0", with: "\"estimated_item_size_bytes\": -1e300"))
        XCTAssertNotNil(negative.ir)
        XCTAssertNil(negative.ir?.tables.first?.estimatedItemSize)
    }

    /// A source_column of a lone "." split into no parts and trapped on the first; it names an
    /// empty relation, which is not in scope.
    func testLoneDotSourceColumnIsAnUnknownRelation() {
        let r = SemaRun(singleTable([#"{"name": "odd", "type": "S", "source_column": "."}"#]))
        XCTAssertEqual(r.summary, ["error unknown-relation"])
        XCTAssertEqual(r.diagnostics.first?.message, "no relation named '' is in scope")
        XCTAssertNil(r.ir)
    }

    /// Two attributes joining the same relation with the same condition share one join
    /// (with different conditions it is the folder case join-conflict).
    func testSameRelationSameConditionSharesOneJoin() {
        let a = #"{"name": "a", "type": "S", "join": {"type": "foreign-key", "target_table": "orders", "join_condition": "orders.user_id = users.id", "select_column": "orders.status"}}"#
        let shared = SemaRun(singleTable([a, a.replacingOccurrences(of: "\"a\"", with: "\"c\"")]))
        XCTAssertEqual(shared.summary, [])
        XCTAssertEqual(shared.ir?.tables.first?.branches.first?.joins.count, 1)
    }

    /// A pk_template disagreeing with the PK attribute warns (folder case template-mismatch); an
    /// entity without the attribute gets its key from the template.
    func testEntityWithoutKeyAttributeTakesTheTemplate() {
        let json = ##"""
        {"tables": [{"table": "Tab", "type": "multi-entity", "pk": "PK", "sk": "SK", "satisfies": [], "estimated_item_size_bytes": 1,
         "entities": [
          {"entity_type": "U", "source_table": "users", "pk_template": "{email}", "sk_template": "PROFILE",
           "attributes": [{"name": "PK", "type": "S", "source_table": "users", "source_column": "email"},
                          {"name": "SK", "type": "S", "source_table": "users", "source_column": "id", "transformation": {"type": "string-format", "format": "#META"}}]},
          {"entity_type": "O", "source_table": "orders", "pk_template": "ORDER#{id}", "sk_template": "#META",
           "attributes": [{"name": "total", "type": "N", "source_table": "orders", "source_column": "total_amount"}]}]}]}
        """##
        let r = SemaRun(json)
        XCTAssertEqual(r.summary, ["warning template-mismatch"])
        let orderPK = r.ir?.tables.first?.branches.last?.attribute(named: "PK")
        XCTAssertEqual(orderPK?.type, .S)
        if case .template? = orderPK?.value {} else { XCTFail("PK from pk_template should be a template value") }
    }

    /// Sema re-checks every tree it is given, not only the fragment parser's (which refuses these
    /// first, so no folder case can show them): through the parseFragment seam, a tree with a
    /// function name, INTERVAL unit or CAST type the tool cannot lower is an error.
    func testTreesFromAnotherParserAreRechecked() throws {
        let json = singleTable([#"{"name": "x", "type": "S", "calculation": {"type": "case", "cases": [{"when": "W", "then": "'a'"}], "else": "'b'"}}"#])
        let column = Expr(.column(qualifier: nil, name: "id"), start: 0, end: 1)
        let trees: [(String, Expr.Kind)] = [
            ("bad-function", .function(name: "`f`", args: [], distinct: false, star: false)),
            ("bad-interval-unit", .function(name: "DATE_ADD", args: [column, Expr(.interval(column, unit: "FORTNIGHT"), start: 0, end: 1)], distinct: false, star: false)),
            ("bad-cast-type", .cast(column, type: "CHAR; DROP TABLE users")),
        ]
        for (code, kind) in trees {
            let engine = DiagnosticEngine()
            let ast = try XCTUnwrap(ContractParser.parse(bytes: Array(json.utf8), file: "c.json", diagnostics: engine))
            let ir = Sema.check(ast, schema: nil, parseFragment: { s, d in
                s.value == "W" ? Fragment(source: s, expr: Expr(kind, start: 0, end: 1)) : FragmentParser.parse(s, diagnostics: d)
            }, diagnostics: engine)
            XCTAssertEqual(engine.sorted.map(\.code), [code])
            XCTAssertNil(ir, code)
        }
    }

    /// A construction without select_columns (or with an empty object) was reported twice: by the
    /// decoder and again by Sema as missing-select-columns. The decoder's report is the only one.
    func testConstructionWithoutSelectColumnsIsReportedOnce() {
        for construction in [#"{"type": "object"}"#, #"{"type": "object", "select_columns": {}}"#] {
            let r = SemaRun(singleTable([#"{"name": "m", "type": "M", "join": {"type": "json-construction", "target_table": "users", "construction": \#(construction)}}"#]))
            XCTAssertEqual(r.diagnostics.map(\.code), [construction.contains("{}") ? "empty-select-columns" : "missing-key"], construction)
            XCTAssertNil(r.ir)
        }
    }
}
