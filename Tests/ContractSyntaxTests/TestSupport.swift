import XCTest
import Diagnostics
@testable import ContractSyntax

/// Reads `text` as JSON, returning the value and the engine holding any diagnostics.
func readJSON(_ text: String, file: String = "c.json") -> (JSONValue?, DiagnosticEngine) {
    let engine = DiagnosticEngine()
    return (JSONReader.read(bytes: Array(text.utf8), file: file, diagnostics: engine), engine)
}

func readJSON(bytes: [UInt8]) -> (JSONValue?, DiagnosticEngine) {
    let engine = DiagnosticEngine()
    return (JSONReader.read(bytes: bytes, file: "c.json", diagnostics: engine), engine)
}

/// Parses a contract from text.
func parseContract(_ text: String) -> (ContractAST?, DiagnosticEngine) {
    let engine = DiagnosticEngine()
    return (ContractParser.parse(bytes: Array(text.utf8), file: "c.json", diagnostics: engine), engine)
}

/// "line:col" of a location, for compact assertions.
func lc(_ loc: SourceLocation?) -> String {
    guard let loc else { return "nil" }
    return "\(loc.line):\(loc.column)"
}

/// Asserts exactly one diagnostic with `code` exists, at `position` ("line:col"), and returns it.
@discardableResult
func assertDiagnostic(_ engine: DiagnosticEngine, code: String, at position: String, severity: Severity = .error,
                      file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
    let matching = engine.diagnostics.filter { $0.code == code }
    guard matching.count == 1, let d = matching.first else {
        XCTFail("expected one '\(code)' diagnostic, got: \(engine.diagnostics.map { "\($0.code)@\(lc($0.location)): \($0.message)" })",
                file: file, line: line)
        return nil
    }
    XCTAssertEqual(lc(d.location), position, d.message, file: file, line: line)
    XCTAssertEqual(d.severity, severity, d.message, file: file, line: line)
    return d
}

/// A fragment at line 1, column 1 of the file with no escapes: scalar offset k is column k + 2.
func fragment(_ text: String) -> LocatedString {
    LocatedString(text, at: SourceLocation(file: "c.json", line: 1, column: 1))
}

func parseFragment(_ text: String) -> (Fragment?, DiagnosticEngine) {
    let engine = DiagnosticEngine()
    return (FragmentParser.parse(fragment(text), diagnostics: engine), engine)
}
