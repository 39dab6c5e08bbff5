import Foundation
import MySQL
import SourceSchema
import XCTest

final class IntrospectorTests: XCTestCase {
    private func modernizer() throws -> (TestDatabase, SchemaSnapshot) {
        let db = try makeTestDatabase("introspect")
        try db.run(sqlFile: modernizerSchemaPath())
        try db.run(sql: "CREATE VIEW not_a_source AS SELECT id FROM users")
        return (db, try Introspector.snapshot(db.connection))
    }

    func testTablesAreSortedAndViewsLeftOut() throws {
        let (db, snapshot) = try modernizer()
        XCTAssertEqual(snapshot.database, db.name)
        XCTAssertFalse(snapshot.serverVersion.isEmpty)
        XCTAssertEqual(snapshot.tables.map(\.name),
                       ["categories", "order_items", "orders", "products", "shopping_carts", "users"])
    }

    func testKeysOfEveryTable() throws {
        let (_, snapshot) = try modernizer()
        for table in snapshot.tables { XCTAssertEqual(table.primaryKey, ["id"], table.name) }
        let users = try XCTUnwrap(snapshot.table(named: "users"))
        XCTAssertEqual(users.uniqueKeys, [["email"], ["username"]])
        XCTAssertEqual(users.foreignKeys, [])
        let carts = try XCTUnwrap(snapshot.table(named: "shopping_carts"))
        XCTAssertEqual(carts.uniqueKeys, [["user_id", "product_id"]])
        XCTAssertEqual(carts.foreignKeys.map(\.columns), [["user_id"], ["product_id"]])
        XCTAssertEqual(carts.foreignKeys.map(\.referencedTable), ["users", "products"])
        XCTAssertEqual(carts.foreignKeys.map(\.referencedColumns), [["id"], ["id"]])
        let categories = try XCTUnwrap(snapshot.table(named: "categories"))
        XCTAssertEqual(categories.foreignKeys, [ForeignKeySchema(name: "categories_ibfk_1", columns: ["parent_id"],
                                                                 referencedTable: "categories", referencedColumns: ["id"])])
        let products = try XCTUnwrap(snapshot.table(named: "products"))
        XCTAssertEqual(products.foreignKeys.map { "\($0.columns[0])->\($0.referencedTable)" },
                       ["seller_id->users", "category_id->categories"])
        XCTAssertEqual(try XCTUnwrap(snapshot.table(named: "order_items")).uniqueKeys, [])
    }

    func testColumnsInTableOrderWithTypesAndNullability() throws {
        let (_, snapshot) = try modernizer()
        let users = try XCTUnwrap(snapshot.table(named: "users"))
        XCTAssertEqual(users.columns.map(\.name), ["id", "username", "email", "password_hash", "first_name",
                                                   "last_name", "is_seller", "super_admin", "created_at", "updated_at"])
        let id = try XCTUnwrap(users.column(named: "id"))
        XCTAssertEqual(id, ColumnSchema(name: "id", dataType: "int", columnType: "int(11)", nullable: false, autoIncrement: true))
        XCTAssertEqual(users.column(named: "username")?.nullable, false)
        XCTAssertEqual(users.column(named: "first_name")?.nullable, true)
        XCTAssertEqual(users.column(named: "first_name")?.columnType, "varchar(50)")
        XCTAssertEqual(users.column(named: "is_seller")?.columnType, "tinyint(1)")
        XCTAssertEqual(users.column(named: "email")?.autoIncrement, false)
        let products = try XCTUnwrap(snapshot.table(named: "products"))
        XCTAssertEqual(products.column(named: "price")?.dataType, "decimal")
        XCTAssertEqual(products.column(named: "price")?.columnType, "decimal(10,2)")
        XCTAssertEqual(products.column(named: "image_url")?.nullable, true)
        XCTAssertEqual(products.column(named: "description")?.dataType, "text")
        let orders = try XCTUnwrap(snapshot.table(named: "orders"))
        XCTAssertEqual(orders.column(named: "status")?.dataType, "enum")
        XCTAssertEqual(orders.column(named: "status")?.columnType, "enum('pending','completed','cancelled')")
    }

    func testRowEstimateIsReported() throws {
        let db = try makeTestDatabase("estimate")
        try db.run(sql: "CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t SELECT seq FROM seq_1_to_100; ANALYZE TABLE t")
        let snapshot = try Introspector.snapshot(db.connection)
        XCTAssertEqual(snapshot.tables.first?.estimatedRows, 100)
    }

    func testJSONEncodingIsByteStableAndRoundTrips() throws {
        let (db, snapshot) = try modernizer()
        let first = try SchemaSnapshotJSON.encode(snapshot)
        let second = try SchemaSnapshotJSON.encode(try Introspector.snapshot(db.connection))
        XCTAssertEqual(first, second)
        XCTAssertEqual(try SchemaSnapshotJSON.decode(first), snapshot)
        let text = String(decoding: first, as: UTF8.self)
        XCTAssertTrue(text.hasSuffix("}\n"))
        // Keys sorted: in each object "columns" precedes "estimatedRows" precedes "foreignKeys".
        let columns = try XCTUnwrap(text.range(of: "\"columns\""))
        let estimated = try XCTUnwrap(text.range(of: "\"estimatedRows\""))
        XCTAssertLessThan(columns.lowerBound, estimated.lowerBound)
    }

    func testUnknownDatabaseIsATypedError() throws {
        let db = try makeTestDatabase("unknown")
        XCTAssertThrowsError(try Introspector.snapshot(db.connection, database: "no_such_db_\(db.name)")) { error in
            XCTAssertEqual(error as? IntrospectError, .unknownDatabase("no_such_db_\(db.name)"))
        }
    }
}
