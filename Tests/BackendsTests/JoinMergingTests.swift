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

    /// The same condition written another way reads the same row. Compared as printed SQL (before
    /// the pass compared trees) these were kept as separate joins: the operands of `=` swapped, a
    /// column name in another case (MySQL column names are not case-sensitive), `<` written as
    /// `>` the other way round, the parts of an AND in another order and grouping.
    func testTheSameConditionWrittenDifferentlyIsMerged() throws {
        let r = JoinMerging.merge([
            try join("parent", "categories", "parent.id = categories.parent_id", unique: true),
            try join("cat_path", "categories", "categories.parent_id = cat_path.id", unique: true),
            try join("up", "categories", "up.ID = categories.Parent_Id", unique: true),
            try join("t1", "tenants", "t1.id = o.tenant_id AND t1.region = o.region AND t1.since < o.created_at", unique: true),
            try join("t2", "tenants", "(o.created_at > t2.since AND o.region = t2.region) AND o.tenant_id = t2.id", unique: true),
        ])
        XCTAssertEqual(r.joins.map(\.relation.name), ["parent", "t1"])
        XCTAssertEqual(r.aliases, ["cat_path": "parent", "up": "parent", "t2": "t1"])
    }

    /// What changes the value keeps joins apart: the operands of `-` or `<` in the same order
    /// but swapped sides, a literal's case (a binary collation tells 'A' from 'a'), a part more.
    func testDifferentConditionsAreNotMergedByTheNormalisation() throws {
        let r = JoinMerging.merge([
            try join("a", "codes", "a.k - o.x = 1", unique: true),
            try join("b", "codes", "o.x - b.k = 1", unique: true),
            try join("c", "codes", "c.k < o.x", unique: true),
            try join("d", "codes", "o.x < d.k", unique: true),
            try join("e", "codes", "e.k = 'A'", unique: true),
            try join("f", "codes", "f.k = 'a'", unique: true),
            try join("g", "codes", "g.k = o.x AND g.v = 1", unique: true),
            try join("h", "codes", "h.k = o.x AND h.v = 1 AND h.w = 2", unique: true),
        ])
        XCTAssertEqual(r.joins.map(\.relation.name), ["a", "b", "c", "d", "e", "f", "g", "h"])
        XCTAssertEqual(r.aliases, [:])
    }
}
