import Foundation
import XCTest
@testable import Diagnostics

/// `SourceLocation` stores its file as a number in `SourceFileNames`: everything a caller sees
/// (the name, equality, hashing, the encoded form, the engine's order) must be as with a name.
final class SourceLocationTests: XCTestCase {
    func testTheFileNameReadsBackAndCanBeChanged() {
        var location = SourceLocation(file: "contracts/shop.json", line: 3, column: 7)
        XCTAssertEqual(location.file, "contracts/shop.json")
        XCTAssertEqual(location.description, "contracts/shop.json:3:7")
        location.file = "other.json"
        location.line = 10
        XCTAssertEqual(location.description, "other.json:10:7")
        XCTAssertEqual(location.advanced(by: 4).description, "other.json:10:11")
    }

    func testEqualityAndHashingFollowTheNameWhicheverInitMadeIt() {
        let byName = SourceLocation(file: "a.json", line: 1, column: 2)
        let byID = SourceLocation(fileID: SourceFileNames.id(of: "a.json"), line: 1, column: 2)
        XCTAssertEqual(byName, byID)
        XCTAssertEqual(Set([byName, byID]).count, 1)
        XCTAssertNotEqual(byName, SourceLocation(file: "b.json", line: 1, column: 2))
        XCTAssertNotEqual(byName, SourceLocation(file: "a.json", line: 1, column: 3))
        XCTAssertEqual(SourceFileNames.id(of: "a.json"), SourceFileNames.id(of: "a.json"))
        XCTAssertNotEqual(SourceFileNames.id(of: "a.json"), SourceFileNames.id(of: "a.json "))
    }

    func testTheEncodedFormNamesTheFile() throws {
        let location = SourceLocation(file: "dir/c.json", line: 12, column: 34)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(location), as: UTF8.self)
        XCTAssertEqual(text, #"{"column":34,"file":"dir\/c.json","line":12}"#)
        XCTAssertEqual(try JSONDecoder().decode(SourceLocation.self, from: Data(text.utf8)), location)
    }

    func testTheEngineOrdersFilesByNameNotByNumber() {
        // "z.json" gets its number first; its diagnostics still sort after "a.json"'s.
        let z = SourceLocation(file: "z-\(UUID().uuidString).json", line: 1, column: 1)
        let a = SourceLocation(file: "a-\(UUID().uuidString).json", line: 9, column: 9)
        let engine = DiagnosticEngine()
        // Codes from the catalog: the engine asserts every code it is given is one (debug builds).
        engine.error("json-syntax", "in z", at: z)
        engine.error("json-syntax", "in a", at: a)
        engine.error("json-syntax", "in a, earlier", at: SourceLocation(file: a.file, line: 2, column: 1))
        XCTAssertEqual(engine.sorted.map(\.message), ["in a, earlier", "in a", "in z"])
    }

    func testLinesAndColumnsBeyond32BitsAreClampedNotACrash() {
        let far = SourceLocation(file: "big.json", line: Int.max, column: -5)
        XCTAssertEqual(far.line, Int(Int32.max))
        XCTAssertEqual(far.column, -5)
    }

    func testTheEngineCountsWhatItKeepsUpToItsLimit() {
        let engine = DiagnosticEngine(limit: 3)
        XCTAssertFalse(engine.hasErrors)
        engine.warning("unknown-key", "a warning", at: nil)
        XCTAssertFalse(engine.hasErrors)
        engine.warning("unknown-key", "another warning", at: nil)
        engine.error("json-syntax", "an error", at: nil)
        engine.error("json-syntax", "beyond the limit: dropped, not counted", at: nil)
        XCTAssertTrue(engine.hasErrors)
        XCTAssertEqual(engine.diagnostics.count, 3)
        XCTAssertEqual(engine.errorCount, engine.diagnostics.filter { $0.severity == .error }.count)
        XCTAssertEqual(engine.warningCount, 2)
    }
}
