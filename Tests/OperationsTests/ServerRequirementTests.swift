import XCTest
import Backends
import MySQL
@testable import Operations

/// `apply-views` refuses a server its views cannot load on (SQLDialect.minimumServer).
final class ServerRequirementTests: XCTestCase {
    func testVersionTexts() {
        XCTAssertEqual(ServerRequirement.parse("8.0.36")?.text, "MySQL 8.0.36")
        XCTAssertEqual(ServerRequirement.parse("8.0.36-log")?.text, "MySQL 8.0.36")
        XCTAssertEqual(ServerRequirement.parse("10.11.6-MariaDB-0+deb12u1")?.text, "MariaDB 10.11.6")
        XCTAssertEqual(ServerRequirement.parse("5.5.5-10.11.6-MariaDB")?.text, "MariaDB 10.11.6")
        XCTAssertNil(ServerRequirement.parse("PostgreSQL"))
        XCTAssertNil(ServerRequirement.parse(""))
    }

    func testMySQLDialectNeedsMySQL8014() throws {
        func refusal(_ v: String) throws -> String? {
            ServerRequirement.refusal(dialect: .mysql8, server: try XCTUnwrap(ServerRequirement.parse(v)))
        }
        XCTAssertNil(try refusal("8.0.14"))
        XCTAssertNil(try refusal("8.4.3"))
        XCTAssertNil(try refusal("9.1.0"))
        XCTAssertEqual(try refusal("8.0.13"), "the views need MySQL 8.0.14 or later for outer references inside derived tables (MySQL 8.0 Reference Manual, 15.2.15.8 \"Derived Tables\"); the server is MySQL 8.0.13: upgrade the server")
        XCTAssertNotNil(try refusal("5.7.44"))
        XCTAssertEqual(try refusal("10.11.6-MariaDB"), "the views are generated for MySQL 8.0.14 or later (dialect mysql8); the server is MariaDB 10.11.6: regenerate them with 'ddb-migrate generate ... --dialect mariadb'")
    }

    func testMariaDBDialectNeedsMariaDB105() throws {
        func refusal(_ v: String) throws -> String? {
            ServerRequirement.refusal(dialect: .mariadb, server: try XCTUnwrap(ServerRequirement.parse(v)))
        }
        XCTAssertNil(try refusal("10.5.0-MariaDB"))
        XCTAssertNil(try refusal("11.4.2-MariaDB"))
        XCTAssertNotNil(try refusal("10.4.34-MariaDB"))
        XCTAssertNil(try refusal("10.5-MariaDB"), "10.5 reads as 10.5.0")
        XCTAssertEqual(try refusal("8.0.36"), "the views are generated for MariaDB 10.5.0 or later (dialect mariadb); the server is MySQL 8.0.36: regenerate them with 'ddb-migrate generate ... --dialect mysql8'")
    }
}

/// The check on the live server `make test` starts (MariaDB): the mysql8 dialect is refused with
/// the regenerate hint, the mariadb dialect passes.
final class ServerRequirementLiveTests: XCTestCase {
    func testTheTestServerIsMariaDBAndOnlyItsDialectPasses() throws {
        let db = try TestDatabase(server: try ViewRowsComparison.liveServer(), prefix: "server_version")
        defer { db.drop() }
        XCTAssertNoThrow(try ServerRequirement.check(dialect: .mariadb, on: db.connection))
        XCTAssertThrowsError(try ServerRequirement.check(dialect: .mysql8, on: db.connection)) { error in
            let failure = error as? CommandFailure
            XCTAssertEqual(failure?.exitClass, .input)
            XCTAssertTrue(failure?.description.contains("regenerate them with 'ddb-migrate generate ... --dialect mariadb'") == true, "\(error)")
        }
    }
}
