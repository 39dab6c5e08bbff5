import XCTest
import ContractSyntax
import Diagnostics
import MigrationIR
import SourceSchema
@testable import Backends

/// Decodes and checks an inline contract (against `schema` when given), failing the test on any error.
func checkedIR(_ json: String, schema: SchemaSnapshot? = nil, file: StaticString = #filePath, line: UInt = #line) -> MigrationIR? {
    let d = DiagnosticEngine()
    guard let ast = ContractParser.parse(bytes: Array(json.utf8), file: "c.json", diagnostics: d),
          let ir = Sema.check(ast, schema: schema, diagnostics: d) else {
        XCTFail(TextRenderer.render(d.sorted), file: file, line: line)
        return nil
    }
    return ir
}
