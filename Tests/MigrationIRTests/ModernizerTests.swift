import XCTest
import ContractSyntax
import Diagnostics
import SourceSchema
@testable import MigrationIR

/// The real contract of the modernizer example has exactly these defects (docs/CONTRACT.md §3, §4.1).
final class ModernizerTests: XCTestCase {
    static let contractPath = URL(fileURLWithPath: #filePath)
        .appendingPathComponent("../../../contracts/modernizer/original/migrationContract.json").standardizedFileURL.path

    func check(schema: SchemaSnapshot?) throws -> (MigrationIR?, DiagnosticEngine) {
        let url = URL(fileURLWithPath: Self.contractPath)
        let bytes = try [UInt8](Data(contentsOf: url))
        let diags = DiagnosticEngine()
        let ast = try XCTUnwrap(ContractParser.parse(bytes: bytes, file: "migrationContract.json", diagnostics: diags))
        XCTAssertFalse(diags.hasErrors, "\(diags.diagnostics)")
        let ir = Sema.check(ast, schema: schema, diagnostics: diags)
        return (ir, diags)
    }

    func testExactDefectList() throws {
        let (ir, diags) = try check(schema: nil)
        XCTAssertNil(ir)
        let got = diags.sorted.map { "\($0.severity.rawValue) \($0.code) \($0.location?.line ?? 0):\($0.location?.column ?? 0)" }
        XCTAssertEqual(got, [
            "warning degenerate-join 78:36",           // users.id = users.id: object of the row itself
            "error degenerate-join 475:32",            // PK conditional: categories.id = categories.parent_id
            "error unknown-relation 477:28",           // else_value parent.name
            "error degenerate-join 506:32",            // parent_name foreign-key
            "error correlated-alias-required 539:32",  // level: inner = outer, no target_alias
            "error correlated-alias-required 552:32",  // children_count
            "error degenerate-join 585:32",            // GSI1PK conditional
            "error unknown-relation 587:28",           // else_value parent.id
        ], TextRenderer.render(diags.sorted))
        let elseDiag = try XCTUnwrap(diags.sorted.first { $0.code == "unknown-relation" })
        XCTAssertTrue(elseDiag.notes.contains { $0.message.contains("quote it ('parent.name')") })
        let degenerate = try XCTUnwrap(diags.sorted.first { $0.code == "degenerate-join" && $0.severity == .error })
        XCTAssertEqual(degenerate.fixIts.first?.message.hasPrefix("use a self-join with a join_alias"), true)
    }
}
