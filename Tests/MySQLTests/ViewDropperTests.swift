import Foundation
import MySQL
import XCTest

/// `ViewDropper`: the columns `views.sql` defines per view (what `cleanup` compares with
/// INFORMATION_SCHEMA to tell its views from look-alikes), the server state, and DROP VIEW.
final class ViewDropperTests: XCTestCase {
    func testReadsTheColumnsOfEveryGeneratedViewInCreationOrder() throws {
        let path = URL(fileURLWithPath: #filePath).appendingPathComponent("../../../generated/modernizer/views.sql").standardizedFileURL.path
        let definitions = try ViewDropper.definitions(try String(contentsOfFile: path, encoding: .utf8))
        XCTAssertEqual(definitions.map(\.view.name), ["ddb_categories_view", "ddb_products_view", "ddb_users__user_view",
                                                      "ddb_users__cart_view", "ddb_users__order_view", "ddb_users_view"])
        XCTAssertEqual(definitions[0].columns, ["_partition_key", "PK", "SK", "category_id", "parent_id", "parent_name", "category_name",
                                                "category_path", "level", "children_count", "product_count", "created_at", "GSI1PK", "GSI1SK"])
        // The union view: bare names and `NULL AS x` of its first SELECT.
        let union = try XCTUnwrap(definitions.last?.columns)
        XCTAssertEqual(Array(union.prefix(4)), ["_entity_type", "_partition_key", "PK", "SK"])
        XCTAssertEqual(union.last, "GSI3SK")
        XCTAssertEqual(union.count, 26)
        XCTAssertTrue(definitions.allSatisfy { $0.columns != nil })
    }

    func testColumnRules() {
        XCTAssertEqual(ViewDropper.columns(of: "CREATE VIEW v (a, `b c`) AS SELECT 1, 2"), ["a", "b c"])
        XCTAssertEqual(ViewDropper.columns(of: "CREATE VIEW s.v AS SELECT DISTINCT t.x, y, f(z) AS `w`, (1 + 2) q, 'k' r FROM t"), ["x", "y", "w", "q", "r"])
        XCTAssertEqual(ViewDropper.columns(of: "CREATE VIEW v AS SELECT a FROM t UNION SELECT b FROM u"), ["a"])
        XCTAssertEqual(ViewDropper.columns(of: "CREATE ALGORITHM = MERGE VIEW v AS SELECT CAST(a AS CHAR) AS `a` FROM t"), ["a"])
        // Names this reader cannot tell: the view is then never taken for ours.
        XCTAssertNil(ViewDropper.columns(of: "CREATE VIEW v AS SELECT * FROM t"))
        XCTAssertNil(ViewDropper.columns(of: "CREATE VIEW v AS SELECT t.* FROM t"))
        XCTAssertNil(ViewDropper.columns(of: "CREATE VIEW v AS SELECT a + b FROM t"))
        XCTAssertNil(ViewDropper.columns(of: "DROP VIEW v"))
    }

    func testStateAndDropOnTheServer() throws {
        let db = try makeTestDatabase("viewdrop")
        try db.run(sql: """
            CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10));
            CREATE VIEW `v``1` AS SELECT id AS `_partition_key`, name AS `PK` FROM t;
            CREATE VIEW v2 AS SELECT `_partition_key` FROM `v``1`;
            """)
        XCTAssertEqual(try ViewDropper.state(of: CreatedViewName(name: "v`1"), on: db.connection), .view(columns: ["_partition_key", "PK"]))
        XCTAssertEqual(try ViewDropper.state(of: CreatedViewName(name: "t"), on: db.connection), .other(tableType: "BASE TABLE"))
        XCTAssertEqual(try ViewDropper.state(of: CreatedViewName(name: "nope' OR '1'='1"), on: db.connection), .absent)
        try ViewDropper.drop([CreatedViewName(name: "v2"), CreatedViewName(name: "v`1")], on: db.connection)
        XCTAssertEqual(try ViewDropper.state(of: CreatedViewName(name: "v`1"), on: db.connection), .absent)
        XCTAssertEqual(try ViewDropper.state(of: CreatedViewName(name: "v2"), on: db.connection), .absent)
        XCTAssertEqual(try ViewDropper.state(of: CreatedViewName(name: "t"), on: db.connection), .other(tableType: "BASE TABLE"))
        XCTAssertThrowsError(try ViewDropper.drop([CreatedViewName(name: "v2")], on: db.connection))
    }
}
