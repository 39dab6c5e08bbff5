import Foundation
import XCTest
@testable import Validation

final class ItemShapeTests: XCTestCase {
    /// The example of templates/glue/README.md, "Job spec", with its attributes completed.
    static let example = #"""
    {"spec_version": 2, "table": "Users", "view": "ddb_users_view", "pk": "PK", "sk": "SK",
     "gsi_keys": ["GSI1PK"], "attributes": [{"name": "PK", "type": "S"}, {"name": "SK", "type": "S"},
       {"name": "GSI1PK", "type": "S"}, {"name": "updated_at", "type": "S"}, {"name": "v", "type": "N"}],
     "write": {"mode": "if-newer", "version_attribute": "v"}, "bookmark_attribute": "updated_at",
     "entity_column": "_entity_type", "partition_column": "_partition_key",
     "sources": [
       {"entity": "USER", "view": "ddb_users__user_view", "columns": ["PK", "SK", "updated_at", "v"], "bounds": {"table": "users", "column": "id"}},
       {"entity": "CART", "view": "ddb_users__cart_view", "columns": ["PK", "SK", "v"], "bounds": null}]}
    """#

    func decode(_ text: String) throws -> ItemShape { try JSONDecoder().decode(ItemShape.self, from: Data(text.utf8)) }

    func message(_ text: String) -> String {
        do {
            _ = try decode(text)
            return "decoded"
        } catch let DecodingError.dataCorrupted(context) {
            return context.debugDescription
        } catch {
            return "\(error)"
        }
    }

    func testTheReadmeExampleDecodes() throws {
        let shape = try decode(Self.example)
        XCTAssertEqual(shape.keyNames, ["PK", "SK"])
        XCTAssertEqual(shape.attributes.map(\.name), ["PK", "SK", "GSI1PK", "updated_at", "v"])
        XCTAssertEqual(shape.attributes.map(\.type), [.S, .S, .S, .S, .N])
        XCTAssertEqual(shape.gsiKeys, ["GSI1PK"])
        XCTAssertEqual(shape.writeMode, .ifNewer)
        XCTAssertEqual(shape.versionAttribute, "v")
        XCTAssertEqual(shape.entityColumn, "_entity_type")
        XCTAssertEqual(shape.partitionColumn, "_partition_key")
        XCTAssertEqual(shape.sources.map(\.view), ["ddb_users__user_view", "ddb_users__cart_view"])
        XCTAssertEqual(shape.sources[0].bounds?.column, "id")
        XCTAssertNil(shape.sources[1].bounds)
    }

    func testAGeneratedSpecDecodes() throws {
        // The spec generate embedded in generated/coverage/glue/Books.py (a Python string literal of JSON).
        let script = try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../generated/coverage/glue/Books.py").standardized.path, encoding: .utf8)
        let line = try XCTUnwrap(script.split(separator: "\n").first { $0.hasPrefix("JOB_SPEC_JSON = \"") })
        let literal = String(line.dropFirst("JOB_SPEC_JSON = ".count))
        let json = try JSONDecoder().decode(String.self, from: Data(literal.utf8))  // a JSON string literal too
        let shape = try decode(json)
        XCTAssertEqual(shape.table, "Books")
        XCTAssertEqual(shape.versionAttribute, "version")
        XCTAssertNil(shape.entityColumn)
    }

    func testWhatTheJobWouldRefuseIsRefused() {
        func variant(_ from: String, _ to: String) -> String {
            XCTAssert(Self.example.contains(from), from)
            return Self.example.replacingOccurrences(of: from, with: to)
        }
        XCTAssertEqual(message(variant(#""spec_version": 2"#, #""spec_version": 3"#)),
                       "unsupported spec_version 3 (validate reads 2): regenerate the directory with this ddb-migrate")
        XCTAssert(message(variant(#""spec_version": 2,"#, "")).hasPrefix("unsupported spec_version null"))
        XCTAssert(message(variant(#""table": "Users","#, #""table": "Users", "extra": 1,"#)).hasPrefix("the job spec has unknown field(s) 'extra'"))
        XCTAssert(message(variant(#""bounds": null"#, #""bounds": null, "filter": "x""#)).hasPrefix("sources[1] has unknown field(s) 'filter'"))
        XCTAssertEqual(message(variant(#"{"name": "v", "type": "N"}"#, #"{"name": "v", "type": "X"}"#)), "attributes[4] ('v') has unknown type 'X'")
        XCTAssertEqual(message(variant(#""version_attribute": "v""#, #""version_attribute": null"#)),
                       "write.mode 'if-newer' needs write.version_attribute naming an attribute")
        XCTAssertEqual(message(variant(#"{"name": "SK", "type": "S"}"#, #"{"name": "SK", "type": "M"}"#)), "key attribute 'SK' must be S, N or B, not M")
        XCTAssertEqual(message(variant(#"{"name": "v", "type": "N"}"#, #"{"name": "_partition_key", "type": "N"}"#)),
                       "attribute '_partition_key' uses a reserved column name")
        XCTAssertEqual(message(variant(#""columns": ["PK", "SK", "v"]"#, #""columns": ["PK", "v"]"#)),
                       "sources[1].columns lacks key attribute 'SK': every item needs its table key")
        XCTAssertEqual(message(variant(#""gsi_keys": ["GSI1PK"]"#, #""gsi_keys": ["nope"]"#)), "GSI key attribute 'nope' is not in 'attributes'")
    }
}
