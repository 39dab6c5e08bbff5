import MCP
@testable import MCPServer
import XCTest

/// Arguments are held to the schema `tools/list` shows: missing, unknown and mistyped fields
/// are refused with a message naming the field.
final class ArgumentSchemaTests: XCTestCase {
    let schema = ObjectSchema([
        .required("dir", .string("d")),
        .optional("runs", .integer("r", minimum: 1, maximum: 10)),
        .optional("tables", .array("t", items: .string("a table"))),
        .optional("on", .string("o", oneOf: ["local", "glue"])),
        .optional("wait", .boolean("w")),
    ])

    func message(_ fields: [String: Value]?) -> String? {
        do { _ = try Arguments(fields, schema: schema); return nil } catch let e as ArgumentError { return e.message } catch { return "\(error)" }
    }

    func testValidArgumentsPass() throws {
        let a = try Arguments(["dir": "out", "runs": 3, "tables": ["Users"], "on": "glue", "wait": true], schema: schema)
        XCTAssertEqual(a.string("dir"), "out")
        XCTAssertEqual(a.int("runs"), 3)
        XCTAssertEqual(a.strings("tables"), ["Users"])
        XCTAssertTrue(a.bool("wait"))
        // An integral double (JSON has one number type) is an integer.
        XCTAssertEqual(try Arguments(["dir": "x", "runs": .double(2)], schema: schema).int("runs"), 2)
    }

    func testMissingRequiredField() {
        XCTAssertEqual(message([:]), "arguments.dir is required")
        XCTAssertEqual(message(nil), "arguments.dir is required")
        XCTAssertEqual(message(["dir": .null]), "arguments.dir is required")
    }

    func testUnknownField() {
        XCTAssertEqual(message(["dir": "x", "password": "p"]), "arguments has no field 'password' (known: dir, runs, tables, on, wait)")
    }

    func testWrongTypes() {
        XCTAssertEqual(message(["dir": 3]), "arguments.dir must be a string, got a number")
        XCTAssertEqual(message(["dir": "x", "runs": "3"]), "arguments.runs must be an integer, got a string")
        XCTAssertEqual(message(["dir": "x", "runs": .double(1.5)]), "arguments.runs must be an integer, got a number")
        XCTAssertEqual(message(["dir": "x", "tables": "Users"]), "arguments.tables must be an array, got a string")
        XCTAssertEqual(message(["dir": "x", "tables": ["Users", 1]]), "arguments.tables[1] must be a string, got a number")
        XCTAssertEqual(message(["dir": "x", "wait": "yes"]), "arguments.wait must be a boolean, got a string")
    }

    func testRangesAndEnums() {
        XCTAssertEqual(message(["dir": "x", "runs": 0]), "arguments.runs must be at least 1, got 0")
        XCTAssertEqual(message(["dir": "x", "runs": 11]), "arguments.runs must be at most 10, got 11")
        XCTAssertEqual(message(["dir": "x", "on": "spark"]), "arguments.on must be one of local, glue, got 'spark'")
    }

    func testSchemaIsClosedAndListsRequired() {
        let v = schema.value.objectValue
        XCTAssertEqual(v?["type"], "object")
        XCTAssertEqual(v?["additionalProperties"], false)
        XCTAssertEqual(v?["required"], ["dir"])
        XCTAssertEqual(v?["properties"]?.objectValue?["runs"]?.objectValue?["minimum"], 1)
    }

    /// Every registered tool's schema is closed, and each of its required fields is a property.
    func testEveryToolSchemaIsWellFormed() {
        XCTAssertEqual(Set(ToolRegistry.all.map(\.name)).count, ToolRegistry.all.count)
        for tool in ToolRegistry.all {
            let v = tool.input.value.objectValue
            XCTAssertEqual(v?["additionalProperties"], false, tool.name)
            let properties = v?["properties"]?.objectValue ?? [:]
            for r in v?["required"]?.arrayValue ?? [] { XCTAssertNotNil(properties[r.stringValue ?? ""], "\(tool.name): \(r)") }
            XCTAssertFalse(tool.description.isEmpty)
        }
    }
}
