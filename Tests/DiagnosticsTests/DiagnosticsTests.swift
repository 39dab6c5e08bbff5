import XCTest
@testable import Diagnostics

final class DiagnosticsTests: XCTestCase {
    func testDidYouMeanFindsCloseSpelling() {
        XCTAssertEqual(DidYouMean.suggest("join_conditon", among: ["join_condition", "join_alias"]), "join_condition")
        XCTAssertEqual(DidYouMean.suggest("tabel", among: ["table", "type"]), "table")
        XCTAssertNil(DidYouMean.suggest("zzzzzz", among: ["table", "type"]))
    }

    /// The one did-you-mean helper: the message part, and a fix-it over exactly the located word
    /// in each of the three wordings the stages use.
    func testSuggestionBuildsTheMessagePartAndTheFixIt() throws {
        let at = SourceLocation(file: "c.json", line: 3, column: 8)
        let name = try XCTUnwrap(DidYouMean.suggestion(for: "usrs", at: at, among: ["orders", "users"]))
        XCTAssertEqual(name.question, "did you mean 'users'?")
        XCTAssertEqual(name.fixIts, [FixIt(message: "did you mean 'users'?", location: at, length: 4, replacement: "users")])
        let key = try XCTUnwrap(DidYouMean.suggestion(for: "sourc_table", at: at, among: ["source_table"], wording: .replaceWord))
        XCTAssertEqual(key.fixIt, FixIt(message: "replace 'sourc_table' with 'source_table'", location: at, length: 11, replacement: "source_table"))
        let value = try XCTUnwrap(DidYouMean.suggestion(for: "singel-entité", at: nil, among: ["single-entity"], wording: .replaceValue))
        XCTAssertEqual(value.fixIt, FixIt(message: "replace with 'single-entity'", location: nil, length: 13, replacement: "single-entity"),
                       "the length counts Unicode scalars")
        XCTAssertNil(DidYouMean.suggestion(for: "zzzzzz", at: at, among: ["table", "type"]))
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
