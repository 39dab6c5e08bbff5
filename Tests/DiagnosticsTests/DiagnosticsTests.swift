import XCTest
@testable import Diagnostics

final class DiagnosticsTests: XCTestCase {
    func testDidYouMeanFindsCloseSpelling() {
        XCTAssertEqual(DidYouMean.suggest("join_conditon", among: ["join_condition", "join_alias"]), "join_condition")
        XCTAssertEqual(DidYouMean.suggest("tabel", among: ["table", "type"]), "table")
        XCTAssertNil(DidYouMean.suggest("zzzzzz", among: ["table", "type"]))
    }

    func testTextRendererPointsAtColumn() {
        let d = Diagnostic.error("x", "bad thing", at: SourceLocation(file: "c.json", line: 2, column: 3),
                                 notes: [Note("because")], fixIts: [FixIt(message: "do this")])
        let out = TextRenderer.render([d], sources: ["c.json": "{\n  \"a\": 1\n}"])
        XCTAssertEqual(out, "c.json:2:3: error: bad thing\n    \"a\": 1\n    ^\nnote: because\nfix-it: do this\n")
    }

    func testEngineSortsByPosition() {
        let e = DiagnosticEngine()
        e.error("json-syntax", "second", at: SourceLocation(file: "f", line: 5, column: 1))
        e.warning("unknown-key", "first", at: SourceLocation(file: "f", line: 1, column: 9))
        XCTAssertEqual(e.sorted.map(\.message), ["first", "second"])
        XCTAssertEqual(e.errorCount, 1)
        XCTAssertEqual(e.warningCount, 1)
    }
}
