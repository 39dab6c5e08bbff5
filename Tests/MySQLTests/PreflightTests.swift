import MigrationTarget
import MySQL
import XCTest

/// Expected numbers below are worked out by hand from the rows inserted; item sizes follow the
/// rules documented on `ItemSizeEstimate` (name bytes + value bytes; S = UTF-8 bytes,
/// N = 1 + ceil(digits / 2), NULL = absent).
final class PreflightTests: XCTestCase {
    /// A table of the manifest's shape: only the view, keys, GSI keys and attribute types matter here.
    static func target(_ name: String, view: String, pk: TargetTable.Attribute, sk: TargetTable.Attribute? = nil,
                       gsiKeys: [String] = [], attributes: [(String, String)]) -> TargetTable {
        TargetTable(name: name, arn: "arn:aws:dynamodb:us-east-1:000000000000:table/\(name)", view: view, writeMode: "if-absent",
                    partitionKey: pk, sortKey: sk, attributes: attributes.map { .init(name: $0.0, type: $0.1) },
                    globalSecondaryIndexes: gsiKeys.map { .init(name: $0, partitionKey: .init(name: $0, type: "S"), sortKey: nil,
                                                                 projection: "KEYS_ONLY", projectedAttributes: []) })
    }

    private let itemsTarget = target(
        "Items", view: "v_items", pk: .init(name: "pk", type: "S"), sk: .init(name: "sk", type: "S"), gsiKeys: ["gsi1"],
        attributes: [("pk", "S"), ("sk", "S"), ("gsi1", "S"), ("qty", "N"), ("doc", "S")])

    private func items() throws -> TestDatabase {
        let db = try makeTestDatabase("preflight")
        try db.run(sql: """
            CREATE TABLE items (id INT PRIMARY KEY, pk VARCHAR(50) NULL, sk VARCHAR(50) NULL,
                                gsi1 VARCHAR(20) NULL, qty INT NULL, doc LONGTEXT NULL)
              CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
            INSERT INTO items VALUES
              (1,  'USER#1', 'A',    'g',  12345, NULL),
              (2,  'USER#1', 'A',    'g',  NULL,  NULL),
              (3,  'USER#1', 'a',    'g',  NULL,  NULL),
              (4,  'USER#2', 'X',    'g',  NULL,  NULL),
              (5,  'USER#2', 'X',    'g',  NULL,  NULL),
              (6,  'USER#2', 'X',    'g',  NULL,  NULL),
              (7,  NULL,     'X',    NULL, NULL,  NULL),
              (8,  '',       'Y',    NULL, NULL,  NULL),
              (9,  'USER#3', NULL,   NULL, NULL,  NULL),
              (10, 'USER#4', 'big',  NULL, NULL,  REPEAT('x', 409600)),
              (11, 'USER#4', 'big ', NULL, NULL,  NULL);
            CREATE VIEW v_items AS SELECT id AS _partition_key, pk, sk, gsi1, qty, doc FROM items;
            """)
        return db
    }

    func testNullKeysCollisionsAndOversizeItems() throws {
        let db = try items()
        let report = try XCTUnwrap(Preflight.run(db.connection, targets: [itemsTarget]).first)
        XCTAssertEqual(report.table, "Items")
        XCTAssertEqual(report.view, "v_items")
        XCTAssertEqual(report.rows, 11)
        // Rows 7 (NULL pk), 8 (empty pk), 9 (NULL sk).
        XCTAssertEqual(report.missingKeyRows, 3)
        // USER#1/A twice and USER#2/X three times. 'a' differs from 'A', and 'big ' from 'big',
        // byte for byte, although the column's collation would call them equal.
        XCTAssertEqual(report.collidingKeys, 2)
        XCTAssertEqual(report.collidingRows, 5)
        XCTAssertEqual(report.collisionExamples, [
            PreflightKeyExample(key: ["USER#2", "X"], rows: 3),
            PreflightKeyExample(key: ["USER#1", "A"], rows: 2),
        ])
        // Row 10: pk 2+6, sk 2+3, doc 3+409600 = 409616 bytes, over 409600.
        XCTAssertEqual(report.maxItemSizeBytes, 409_616)
        XCTAssertEqual(report.oversizeItems, 1)
        // Sizes: 23 (pk 8, sk 3, gsi1 5, qty 3+1+3), 16, 16, 16, 16, 16, 3, 5, 8, 409616, 14.
        XCTAssertEqual(report.meanItemSizeBytes, 409_749.0 / 11.0, accuracy: 0.001)
        XCTAssertEqual(report.gsiMissingKeyRows, ["gsi1": 5])
        XCTAssertTrue(report.isBlocking)
    }

    func testNumericPartitionKeyOnly() throws {
        let db = try makeTestDatabase("preflightn")
        try db.run(sql: """
            CREATE TABLE t (id INT PRIMARY KEY, k DECIMAL(10,2) NULL, name VARCHAR(10));
            INSERT INTO t VALUES (1, 1.00, 'é'), (2, 1, 'b'), (3, 2, 'c'), (4, NULL, 'd');
            CREATE VIEW v AS SELECT k, name FROM t;
            """)
        let report = try Preflight.run(db.connection, target: Self.target(
            "Numbers", view: "v", pk: .init(name: "k", type: "N"), attributes: [("k", "N"), ("name", "S")]))
        XCTAssertEqual(report.rows, 4)
        XCTAssertEqual(report.missingKeyRows, 1)
        XCTAssertEqual(report.collidingKeys, 1)
        XCTAssertEqual(report.collidingRows, 2)
        XCTAssertEqual(report.collisionExamples, [PreflightKeyExample(key: ["1.00"], rows: 2)])
        // Row 1: k 1 + (1 + ceil(4/2)) = 4, name 4 + 2 bytes ('é') = 6 -> 10.
        XCTAssertEqual(report.maxItemSizeBytes, 10)
        XCTAssertEqual(report.oversizeItems, 0)
        XCTAssertTrue(report.isBlocking)
    }

    func testACleanViewIsNotBlocking() throws {
        let db = try items()
        try db.run(sql: "CREATE VIEW v_clean AS SELECT pk, sk, gsi1 FROM items WHERE id IN (1, 3, 4)")
        var target = itemsTarget
        target.view = "v_clean"
        target.attributes = [.init(name: "pk", type: "S"), .init(name: "sk", type: "S"), .init(name: "gsi1", type: "S")]
        let report = try Preflight.run(db.connection, target: target)
        XCTAssertEqual(report.rows, 3)
        XCTAssertEqual(report.missingKeyRows, 0)
        XCTAssertEqual(report.collidingKeys, 0)
        XCTAssertEqual(report.collisionExamples, [])
        XCTAssertEqual(report.oversizeItems, 0)
        XCTAssertEqual(report.maxItemSizeBytes, 16)
        XCTAssertFalse(report.isBlocking)
    }

    func testAnEmptyViewReportsZeros() throws {
        let db = try items()
        try db.run(sql: "CREATE VIEW v_empty AS SELECT pk, sk, gsi1, qty, doc FROM items WHERE id < 0")
        var target = itemsTarget
        target.view = "v_empty"
        let report = try Preflight.run(db.connection, target: target)
        XCTAssertEqual(report.rows, 0)
        XCTAssertEqual(report.maxItemSizeBytes, 0)
        XCTAssertEqual(report.meanItemSizeBytes, 0)
        XCTAssertEqual(report.gsiMissingKeyRows, ["gsi1": 0])
        XCTAssertFalse(report.isBlocking)
    }

    func testUnusableTargetsAndMissingViewsAreTypedErrors() throws {
        let db = try items()
        var badType = itemsTarget
        badType.attributes[3].type = "INT"
        XCTAssertThrowsError(try Preflight.run(db.connection, target: badType)) { error in
            guard case .invalidTarget(let table, _) = error as? PreflightError else { return XCTFail("\(error)") }
            XCTAssertEqual(table, "Items")
            XCTAssertTrue("\(error)".contains("'qty' has type 'INT'"), "\(error)")
        }
        var listKey = itemsTarget
        listKey.attributes[1].type = "L"
        XCTAssertThrowsError(try Preflight.run(db.connection, target: listKey)) { error in
            XCTAssertTrue("\(error)".contains("key attribute 'sk' has type L"), "\(error)")
        }
        var missingView = itemsTarget
        missingView.view = "v_missing"
        XCTAssertThrowsError(try Preflight.run(db.connection, target: missingView)) { error in
            let error = error as? PreflightError
            XCTAssertEqual(error?.mysqlError?.errno, 1146)
            XCTAssertTrue(error?.description.contains("v_missing") ?? false)
        }
    }
}
