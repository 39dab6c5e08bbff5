import XCTest
import Foundation
import Backends
import ContractSyntax
import Diagnostics
import MigrationIR
import MySQL
import Operations

/// Live MariaDB: for every contract in contracts/, load its schema and seed into a fresh
/// database, create the generated views, and compare every row with the rows written by hand in
/// contracts/<name>/expected/ (derived from docs/CONTRACT.md, never produced by this code).
final class ExpectedViewRowsTests: XCTestCase {
    static let contractsDir = URL(fileURLWithPath: #filePath).appendingPathComponent("../../../contracts").standardizedFileURL

    func testModernizerViewsMatchHandWrittenRows() throws { try checkContract("modernizer", dialect: .mariadb) }
    func testCoverageViewsMatchHandWrittenRows() throws { try checkContract("coverage", dialect: .mariadb) }
    /// The measured defects of the workflow's old generator, asserted on our views.
    func testModernizerAnswersTheKnownQuestionsRight() throws {
        let (db, _) = try loadContract("modernizer", dialect: .mariadb)
        defer { db.drop() }
        let cats = try db.connection.query("""
            SELECT c.name, v.parent_name, v.children_count FROM ddb_categories_view v
            JOIN categories c ON c.id = v.category_id ORDER BY c.id
            """)
        var byName: [String: (String?, String?)] = [:]
        for r in cats.rows { byName[r[0]!.text] = (r[1]?.text, r[2]?.text) }
        let categories = try db.connection.query("""
            SELECT c.name, p.name, (SELECT COUNT(*) FROM categories k WHERE k.parent_id = c.id)
            FROM categories c LEFT JOIN categories p ON p.id = c.parent_id
            """)
        XCTAssertFalse(categories.rows.isEmpty)
        for r in categories.rows {
            let name = r[0]!.text
            XCTAssertEqual(byName[name]?.0, r[1]?.text, "parent_name of \(name) must be its parent's name")
            XCTAssertEqual(byName[name]?.1, r[2]?.text, "children_count of \(name) must count its direct children")
        }
        let emptyOrders = try db.connection.query("""
            SELECT v.order_items FROM ddb_users_view v
            WHERE v._entity_type = 'ORDER' AND NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = v._partition_key)
            """)
        XCTAssertFalse(emptyOrders.rows.isEmpty, "the seed must hold an order without items")
        for r in emptyOrders.rows { XCTAssertEqual(r[0]?.text, "[]") }
    }

    // MARK: - machinery (shared with ConstructCasesTests: ViewRowsComparison)

    private func loadContract(_ name: String, dialect: SQLDialect) throws -> (TestDatabase, MigrationIR) {
        let loaded = try ViewRowsComparison.load(folder: Self.contractsDir.appendingPathComponent(name),
                                                 server: try ViewRowsComparison.liveServer(), dialect: dialect)
        return (loaded.database, loaded.ir)
    }

    private func checkContract(_ name: String, dialect: SQLDialect) throws {
        let dir = Self.contractsDir.appendingPathComponent(name)
        let loaded = try ViewRowsComparison.load(folder: dir, server: try ViewRowsComparison.liveServer(), dialect: dialect)
        defer { loaded.database.drop() }
        for message in try ViewRowsComparison.differences(loaded, expectedDir: dir.appendingPathComponent("expected")) {
            XCTFail("\(name): \(message)")
        }
    }
}
