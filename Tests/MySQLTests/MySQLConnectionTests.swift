import Foundation
import MySQL
import XCTest
import SQLText

final class MySQLConnectionTests: XCTestCase {
    func testUnreachableServerErrorNamesHostAndPort() throws {
        // Bind a port, then close it: nothing listens there afterwards.
        let port = try closedPort()
        let url = MySQLURL(user: "nobody", password: "x", host: "127.0.0.1", port: port, connectTimeout: 3)
        XCTAssertThrowsError(try MySQLConnection(url: url)) { error in
            guard let error = error as? MySQLError else { return XCTFail("not a MySQLError: \(error)") }
            XCTAssertEqual(error.kind, .connect)
            XCTAssertTrue(error.isUnreachable)
            XCTAssertEqual(error.errno, 2002)
            XCTAssertTrue(error.description.contains("127.0.0.1:\(port)"), error.description)
            XCTAssertFalse(error.description.contains("x@"), error.description)
        }
    }

    func testMissingSocketErrorNamesTheSocket() {
        let url = MySQLURL(user: "nobody", host: nil, socket: "/nonexistent/ddbm.sock")
        XCTAssertThrowsError(try MySQLConnection(url: url)) { error in
            XCTAssertTrue("\(error)".contains("socket /nonexistent/ddbm.sock"), "\(error)")
        }
    }

    func testSessionIsUTCAndUTF8MB4() throws {
        let db = try makeTestDatabase("session")
        let row = try XCTUnwrap(db.connection.query(
            "SELECT @@session.time_zone AS tz, @@character_set_client AS cs, @@character_set_results AS rs").first)
        XCTAssertEqual(row["tz"]?.text, "+00:00")
        XCTAssertEqual(row["cs"]?.text, "utf8mb4")
        XCTAssertEqual(row["rs"]?.text, "utf8mb4")
    }

    func testQueryKeepsExactTextTypesAndNulls() throws {
        let db = try makeTestDatabase("typing")
        try db.run(sql: """
            CREATE TABLE t (id INT UNSIGNED PRIMARY KEY, price DECIMAL(30,10), name VARCHAR(20), note TEXT NULL,
                            raw VARBINARY(4), at DATETIME(3));
            INSERT INTO t VALUES (1, 12345678901234567890.0123456789, 'Zoë 🚀', NULL, X'00ff10', '2024-02-29 23:59:58.125');
            """)
        let result = try db.connection.query("SELECT id, price, name, note, raw, at FROM t")
        XCTAssertEqual(result.columns.map(\.name), ["id", "price", "name", "note", "raw", "at"])
        XCTAssertEqual(result.columns.map(\.type), [.long, .decimal, .varString, .blob, .varString, .dateTime])
        XCTAssertTrue(result.columns[0].isUnsigned)
        XCTAssertTrue(result.columns[4].isBinary)
        XCTAssertFalse(result.columns[2].isBinary)
        let row = try XCTUnwrap(result.first)
        XCTAssertEqual(row["id"]?.int, 1)
        XCTAssertEqual(row["price"]?.text, "12345678901234567890.0123456789")
        XCTAssertEqual(row["name"]?.text, "Zoë 🚀")
        XCTAssertNil(row["note"])
        XCTAssertEqual(row["raw"]?.bytes, [0x00, 0xff, 0x10])
        XCTAssertEqual(row["at"]?.text, "2024-02-29 23:59:58.125")
    }

    func testExecuteReturnsAffectedRowsAndErrorsCarryErrnoAndSQLState() throws {
        let db = try makeTestDatabase("errors")
        try db.run(sql: "CREATE TABLE t (id INT PRIMARY KEY)")
        XCTAssertEqual(try db.connection.execute("INSERT INTO t VALUES (1), (2), (3)"), 3)
        XCTAssertThrowsError(try db.connection.query("SELECT * FROM missing_table")) { error in
            let error = error as? MySQLError
            XCTAssertEqual(error?.kind, .statement)
            XCTAssertEqual(error?.errno, 1146)
            XCTAssertEqual(error?.sqlState, "42S02")
            XCTAssertEqual(error?.isUnreachable, false)
            XCTAssertTrue(error?.message.contains("missing_table") ?? false)
        }
        XCTAssertThrowsError(try db.connection.execute("INSERT INTO t VALUES (1)")) { error in
            XCTAssertEqual((error as? MySQLError)?.errno, 1062)
            XCTAssertEqual((error as? MySQLError)?.sqlState, "23000")
        }
        // The session stays usable after errors.
        XCTAssertEqual(try db.connection.query("SELECT COUNT(*) FROM t").first?[0]?.int, 3)
    }

    func testMultipleStatementsInOneCallAreRefused() throws {
        let db = try makeTestDatabase("multi")
        XCTAssertThrowsError(try db.connection.query("SELECT 1; SELECT 2")) { error in
            XCTAssertEqual((error as? MySQLError)?.errno, 1064)
        }
    }

    func testHostileStringsRoundTripThroughQuote() throws {
        let db = try makeTestDatabase("escape")
        try db.run(sql: "CREATE TABLE t (id INT PRIMARY KEY, v LONGTEXT)")
        let hostile = [
            "it's", "\"double\"", "back\\slash", "\\'", "'; DROP TABLE t; --", "nul\u{0}byte", "new\nline\r\n",
            "ctrl-z \u{1a}", "`backquote`", "%_like", "emoji 🧨 and 中文", "", "\\", "'", "''",
        ]
        for (index, value) in hostile.enumerated() {
            try db.connection.execute("INSERT INTO t VALUES (\(index), \(db.connection.quote(value)))")
        }
        let rows = try db.connection.query("SELECT v FROM t ORDER BY id").rows.map { $0[0]?.text }
        XCTAssertEqual(rows, hostile)
        // Also under NO_BACKSLASH_ESCAPES, where escaping must double quotes instead.
        try db.connection.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')")
        for (index, value) in hostile.enumerated() {
            let echoed = try db.connection.query("SELECT \(db.connection.quote(value))").first?[0]?.text
            XCTAssertEqual(echoed, value, "value #\(index)")
        }
        XCTAssertEqual(try db.connection.query("SELECT COUNT(*) FROM t").first?[0]?.int, Int64(hostile.count))
    }

    func testHexLiteral() throws {
        XCTAssertEqual(MySQLConnection.hexLiteral([0x00, 0xab, 0x7f]), "X'00ab7f'")
        let db = try makeTestDatabase("hex")
        XCTAssertEqual(try db.connection.query("SELECT \(MySQLConnection.hexLiteral([0x00, 0xff]))").first?[0]?.bytes, [0x00, 0xff])
    }

    func testQuotedIdentifiersWithBackQuotes() throws {
        let db = try makeTestDatabase("ident")
        let table = SQLIdentifier.quote("odd`name; x")
        try db.connection.execute("CREATE TABLE \(table) (\(SQLIdentifier.quote("co`l")) INT)")
        try db.connection.execute("INSERT INTO \(table) VALUES (7)")
        XCTAssertEqual(try db.connection.query("SELECT * FROM \(table)").first?["co`l"]?.int, 7)
    }

    func testForEachRowStreamsAndStopsOnThrow() throws {
        let db = try makeTestDatabase("stream")
        try db.run(sql: "CREATE TABLE t (n INT); INSERT INTO t SELECT seq FROM seq_1_to_5000")
        var sum = 0
        var count = 0
        try db.connection.forEachRow("SELECT n FROM t") { row in
            sum += Int(row["n"]?.int ?? 0)
            count += 1
        }
        XCTAssertEqual(count, 5000)
        XCTAssertEqual(sum, 5000 * 5001 / 2)

        struct Stop: Error {}
        var seen = 0
        XCTAssertThrowsError(try db.connection.forEachRow("SELECT n FROM t") { _ in
            seen += 1
            if seen == 10 { throw Stop() }
        }) { XCTAssertTrue($0 is Stop) }
        XCTAssertEqual(seen, 10)
        // The rest of the streamed result was discarded: the connection is in sync again.
        XCTAssertEqual(try db.connection.query("SELECT COUNT(*) FROM t").first?[0]?.int, 5000)
    }

    func testClosedConnectionThrows() throws {
        let db = try makeTestDatabase("closed")
        let connection = try MySQLConnection(url: db.url)
        connection.close()
        XCTAssertThrowsError(try connection.query("SELECT 1"))
        connection.close()
    }

    func testScriptErrorNamesTheStatementPosition() throws {
        let db = try makeTestDatabase("script")
        XCTAssertThrowsError(try db.run(sql: "CREATE TABLE a (id INT);\n\n  SELECT nope FROM a;")) { error in
            let error = error as? SQLScriptError
            XCTAssertEqual(error?.statement.position, SQLPosition(line: 3, column: 3))
            XCTAssertEqual(error?.error.errno, 1054)
        }
    }

    private func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
