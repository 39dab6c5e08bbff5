import XCTest
import ContractSyntax
import Diagnostics
import MigrationIR
@testable import Backends

final class JoinMergingTests: XCTestCase {
    private func join(_ name: String, _ table: String, _ condition: String, unique: Bool) throws -> JoinIR {
        let d = DiagnosticEngine()
        let f = try XCTUnwrap(FragmentParser.parse(LocatedString(condition, at: SourceLocation(file: "f", line: 1, column: 1)), diagnostics: d))
        return JoinIR(relation: RelationIR(table: table, name: name), condition: f.expr, unique: unique)
    }

    func testUniqueJoinsOfTheSameRowAreReadOnce() throws {
        let r = JoinMerging.merge([
            try join("parent", "categories", "parent.id = categories.parent_id", unique: true),
            try join("cat_path", "categories", "cat_path.id = categories.parent_id", unique: true),
            try join("grand", "categories", "grand.id = cat_path.parent_id", unique: true),
        ])
        XCTAssertEqual(r.joins.map(\.relation.name), ["parent", "grand"])
        XCTAssertEqual(r.aliases, ["cat_path": "parent"])
        // The kept join that named the dropped one now reads through the survivor.
        XCTAssertEqual(ExprSQL.render(r.joins[1].condition, aliases: r.aliases), "(`grand`.`id` = `parent`.`parent_id`)")
    }

    /// Two joins that may match several rows multiply each other's rows; merging them would
    /// change the view's result, so they stay.
    func testJoinsNotProvenUniqueAreKept() throws {
        let r = JoinMerging.merge([
            try join("a", "items", "a.order_id = orders.id", unique: false),
            try join("b", "items", "b.order_id = orders.id", unique: false),
        ])
        XCTAssertEqual(r.joins.map(\.relation.name), ["a", "b"])
        XCTAssertEqual(r.aliases, [:])
    }

    func testDifferentConditionsOrTablesAreKept() throws {
        let r = JoinMerging.merge([
            try join("a", "users", "a.id = orders.user_id", unique: true),
            try join("b", "users", "b.id = orders.seller_id", unique: true),
            try join("c", "admins", "c.id = orders.user_id", unique: true),
        ])
        XCTAssertEqual(r.joins.map(\.relation.name), ["a", "b", "c"])
    }
}
