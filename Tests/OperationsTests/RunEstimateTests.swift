import Backends
import MigrationTarget
import MySQL
import XCTest
@testable import Operations

final class RunEstimateTests: XCTestCase {
    private func report(_ table: String, rows: Int, writeUnits: Int) -> PreflightReport {
        PreflightReport(table: table, view: "v", rows: rows, missingKeyRows: 0, collidingKeys: 0, collidingRows: 0,
                        collisionExamples: [], maxItemSizeBytes: 900, meanItemSizeBytes: 500, oversizeItems: 0,
                        gsiMissingKeyRows: [:], writeUnits: writeUnits)
    }

    func testCostAndDurationAtTheCeiling() {
        var c = MigrationConfig.placeholder
        c.writes.maxWriteUnitsPerSecond = 100
        c.writes.maxWriteUnitsPerSecondByTable = ["Big": 10]
        c.glue.timeoutMinutes = 60
        let t = RunEstimate.estimate([report("Small", rows: 1000, writeUnits: 1200), report("Big", rows: 2_000_000, writeUnits: 4_000_000)], config: c)
        XCTAssertEqual(t[0].seconds, 12)
        XCTAssertEqual(t[0].dollars, 1200 / 1_000_000 * 0.625, accuracy: 1e-12)
        XCTAssertFalse(t[0].exceedsTimeout)
        XCTAssertEqual(t[1].seconds, 400_000)
        XCTAssertTrue(t[1].exceedsTimeout)
        let text = RunEstimate.render(t, config: c)
        XCTAssertTrue(text.contains("warning: Big: 111.1 h at the ceiling exceeds the job timeout of 60 minutes"), text)
        XCTAssertTrue(text.contains("2.50"), text)
    }

    /// plan --mysql checks the same views and keys as preflight, read from the manifest.
    func testTargetsComeFromTheManifest() throws {
        let dir = try GeneratedDirectory(CLI.repo.appendingPathComponent("generated/modernizer").path)
        let users = try XCTUnwrap(dir.manifest.tables.first { $0.name == "Users" })
        XCTAssertEqual(users.view, "ddb_users_view")
        XCTAssertEqual(users.keys.map(\.name), ["PK", "SK"])
        XCTAssertEqual(users.gsiKeyNames, ["GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "GSI3PK", "GSI3SK"])
        XCTAssertEqual(users.attributes.first { $0.name == "order_items" }?.type, "L")
    }

    func testNoCeilingMeansNoDuration() {
        let t = RunEstimate.estimate([report("T", rows: 5, writeUnits: 5)], config: .placeholder)
        XCTAssertNil(t[0].seconds)
        XCTAssertTrue(RunEstimate.render(t, config: .placeholder).contains("no ceiling set"))
    }

    /// Live: a view of two small rows and one of ~2.5 KB costs 1 + 1 + 3 write units.
    func testPreflightCountsWriteUnitsPerItemRoundedUpToOneKB() throws {
        guard let server = try TestDatabase.serverURL() else { throw XCTSkip("DDBM_TEST_MYSQL_URL is unset") }
        let db = try TestDatabase(server: server, prefix: "estimate")
        defer { db.drop() }
        try db.run(sql: """
            CREATE VIEW v AS SELECT 'a' AS PK, 'x' AS body UNION ALL SELECT 'b', 'y' UNION ALL SELECT 'c', REPEAT('z', 2500);
            """)
        let target = TargetTable(name: "T", arn: "arn:aws:dynamodb:us-east-1:000000000000:table/T", view: "v", writeMode: "if-absent",
                                 partitionKey: .init(name: "PK", type: "S"), sortKey: nil,
                                 attributes: [.init(name: "PK", type: "S"), .init(name: "body", type: "S")], globalSecondaryIndexes: [])
        let r = try MySQL.Preflight.run(db.connection, target: target)
        XCTAssertEqual(r.rows, 3)
        XCTAssertEqual(r.writeUnits, 1 + 1 + 3)
    }
}
