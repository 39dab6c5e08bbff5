import Foundation
import XCTest
@testable import Backends

/// `generate`'s validation job per table: its script embeds the load job's spec and the GSIs,
/// and no two tables may be generated into one script file.
final class ValidationJobGenerationTests: XCTestCase {
    static func contract(_ tables: [String]) -> String {
        let entries = tables.map { name in
            """
            {"table": "\(name)", "type": "single-entity", "source_table": "users", "pk": "PK", "sk": null,
             "satisfies": ["A1"], "estimated_item_size_bytes": 100,
             "gsis": [{"index_name": "ByEmail", "pk": "email", "projection": "KEYS_ONLY"}],
             "attributes": [
               {"name": "PK", "type": "S", "source_table": "users", "source_column": "id",
                "transformation": {"type": "string-format", "format": "USER#{id}"}},
               {"name": "email", "type": "S", "source_table": "users", "source_column": "email"}]}
            """
        }
        return #"{"tables": ["# + entries.joined(separator: ", ") + "]}"
    }

    func testTheValidationScriptEmbedsTheLoadJobsSpecAndTheIndexes() throws {
        let ir = try XCTUnwrap(checkedIR(Self.contract(["Users"])))
        let set = try ArtifactGenerator.generate(ir, contractFile: "c.json", contractBytes: [], options: .init())
        let script = String(decoding: try XCTUnwrap(set.files["glue/validate_Users.py"]), as: UTF8.self)
        let load = String(decoding: try XCTUnwrap(set.files["glue/Users.py"]), as: UTF8.self)
        let specLine = "JOB_SPEC_JSON = " + PythonLiteral.jsonText(GlueJobLowering.spec(for: ir.tables[0]))
        XCTAssertTrue(script.contains(specLine + "\n"))
        XCTAssertTrue(load.contains(specLine + "\n"))
        XCTAssertTrue(script.contains(#"INDEXES_JSON = "[{\"index\":\"ByEmail\",\"pk\":\"email\",\"sk\":null}]""# + "\n"), script)
        XCTAssertFalse(script.contains("{{"), "every placeholder rendered")
        XCTAssertNotNil(set.files["glue/ddbm_validate.py"])
    }

    func testTablesWhoseScriptsWouldShareAFileAreRefused() throws {
        for names in [["Users", "validate_Users"], ["ddbm_core", "Users"], ["ddbm_validate"]] {
            let ir = try XCTUnwrap(checkedIR(Self.contract(names)), "\(names)")
            XCTAssertThrowsError(try ArtifactGenerator.generate(ir, contractFile: "c.json", contractBytes: [], options: .init()), "\(names)") { error in
                XCTAssertTrue("\(error)".contains("rename"), "\(error)")
            }
        }
    }
}
