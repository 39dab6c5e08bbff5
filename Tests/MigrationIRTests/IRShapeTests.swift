import XCTest
import ContractSyntax
@testable import MigrationIR

/// The shape of the IR for a valid contract: view names, column order, shared joins, values.
final class IRShapeTests: XCTestCase {
    func testSingleEntityShape() throws {
        let r = SemaRun(singleTable([
            #"{"name": "price", "type": "N", "source_column": "id", "join": {"type": "foreign-key", "target_table": "orders", "join_condition": "orders.user_id = users.id", "select_column": "orders.total_amount"}}"#,
            #"{"name": "status", "type": "S", "source_column": "id", "join": {"type": "foreign-key", "target_table": "orders", "join_condition": "orders.user_id = users.id", "select_column": "orders.status"}}"#,
            #"{"name": "SK", "type": "S", "source_column": "id", "calculation": {"type": "aggregate", "operation": "COUNT", "target_table": "orders", "target_alias": "o", "join_condition": "o.user_id = users.id", "select_column": "id"}}"#,
        ], extra: #" "sk": "SK", "write": {"mode": "if-newer", "version_attribute": "price"},"#))
        XCTAssertEqual(r.summary, [])
        let t = try XCTUnwrap(r.ir?.tables.first)
        XCTAssertEqual(t.viewName, "ddb_users_view")
        XCTAssertEqual(t.pk, KeyAttributeIR(name: "PK", type: .S))
        XCTAssertEqual(t.sk, KeyAttributeIR(name: "SK", type: .S))
        XCTAssertEqual(t.columns.map(\.name), ["PK", "SK", "price", "status"])
        XCTAssertEqual(t.write, WriteIR(mode: .ifNewer, versionAttribute: "price"))
        let b = try XCTUnwrap(t.branches.first)
        XCTAssertNil(b.entityType)
        XCTAssertEqual(b.relation, RelationIR(table: "users", name: "users"))
        XCTAssertEqual(b.partitionKey, .column("id"))
        XCTAssertEqual(b.joins.map(\.relation), [RelationIR(table: "orders", name: "orders")], "two attributes share one join")
        guard case let .aggregate(a)? = b.attribute(named: "SK")?.value else { return XCTFail("SK should be an aggregate") }
        XCTAssertEqual(a.operation, .COUNT)
        XCTAssertEqual(a.relation, RelationIR(table: "orders", name: "o"))
        guard case let .column(q, n)? = a.argument?.kind else { return XCTFail("argument should be a column") }
        XCTAssertEqual(q, "o", "unqualified names inside an aggregate bind to its inner relation")
        XCTAssertEqual(n, "id")
    }

    func testPartitionKeyFromSchemaPrimaryKey() throws {
        let r = SemaRun(singleTable([]), schema: shopSchema)
        XCTAssertEqual(r.ir?.tables.first?.branches.first?.partitionKey, .column("id"))
    }
}
