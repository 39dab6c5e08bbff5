import MySQL
import XCTest

final class MySQLURLTests: XCTestCase {
    func testFullTCPURL() throws {
        let url = try MySQLURL(parsing: "mysql://app:s3cret@db.example.com:3307/shop", environment: [:])
        XCTAssertEqual(url.user, "app")
        XCTAssertEqual(url.password, "s3cret")
        XCTAssertEqual(url.host, "db.example.com")
        XCTAssertEqual(url.port, 3307)
        XCTAssertEqual(url.database, "shop")
        XCTAssertNil(url.socket)
        XCTAssertEqual(url.endpoint, "db.example.com:3307")
    }

    func testDefaultPortAndNoDatabase() throws {
        let url = try MySQLURL(parsing: "mysql://app@127.0.0.1", environment: [:])
        XCTAssertEqual(url.port, 3306)
        XCTAssertNil(url.database)
        XCTAssertNil(url.password)
    }

    func testPercentDecodingOfEveryComponent() throws {
        let url = try MySQLURL(parsing: "mysql://us%40er:p%40ss%3Aw%2Ford%25@h:1/my%20db", environment: [:])
        XCTAssertEqual(url.user, "us@er")
        XCTAssertEqual(url.password, "p@ss:w/ord%")
        XCTAssertEqual(url.database, "my db")
    }

    func testSocketURL() throws {
        let url = try MySQLURL(parsing: "mysql://app@localhost/shop?socket=/run/mysqld/mysqld.sock", environment: [:])
        XCTAssertEqual(url.socket, "/run/mysqld/mysqld.sock")
        XCTAssertEqual(url.endpoint, "socket /run/mysqld/mysqld.sock")
        let hostless = try MySQLURL(parsing: "mysql://app@/shop?socket=%2Ftmp%2Fm.sock", environment: [:])
        XCTAssertNil(hostless.host)
        XCTAssertEqual(hostless.socket, "/tmp/m.sock")
    }

    func testIPv6HostAndTimeouts() throws {
        let url = try MySQLURL(parsing: "mysql://u@[::1]:3310/d?connect_timeout=5&read_timeout=60", environment: [:])
        XCTAssertEqual(url.host, "::1")
        XCTAssertEqual(url.port, 3310)
        XCTAssertEqual(url.endpoint, "[::1]:3310")
        XCTAssertEqual(url.connectTimeout, 5)
        XCTAssertEqual(url.readTimeout, 60)
    }

    func testPasswordFromMYSQL_PWDOnlyWhenURLHasNone() throws {
        let environment = ["MYSQL_PWD": "from-env"]
        XCTAssertEqual(try MySQLURL(parsing: "mysql://u@h/d", environment: environment).password, "from-env")
        XCTAssertEqual(try MySQLURL(parsing: "mysql://u:inline@h/d", environment: environment).password, "inline")
    }

    func testRedactionNeverShowsThePassword() throws {
        let url = try MySQLURL(parsing: "mysql://app:Hunter2%21@h:3307/shop", environment: [:])
        for text in [url.redacted, url.description, url.debugDescription, "\(url)", String(describing: url)] {
            XCTAssertFalse(text.contains("Hunter2"), text)
        }
        XCTAssertEqual(url.redacted, "mysql://app:***@h:3307/shop")
        let fromEnvironment = try MySQLURL(parsing: "mysql://app@h/shop", environment: ["MYSQL_PWD": "Hunter2"])
        XCTAssertFalse(fromEnvironment.redacted.contains("Hunter2"))
        XCTAssertEqual(url.unredactedString, "mysql://app:Hunter2%21@h:3307/shop")
        XCTAssertEqual(try MySQLURL(parsing: url.unredactedString, environment: [:]), url)
    }

    func testRejectedURLsSayWhy() {
        assertRejected("postgres://u@h/d", .wrongScheme("postgres"))
        assertRejected("u@h/d", .wrongScheme(""))
        assertRejected("mysql:/u@h/d", .malformed("'mysql:' must be followed by '//'"))
        assertRejected("mysql://u@h:99999/d", .invalidPort("99999"))
        assertRejected("mysql://u@h:abc/d", .invalidPort("abc"))
        assertRejected("mysql://u@/d", .missingHost)
        assertRejected("mysql://u@h/d?sockett=/x", .unknownParameter("sockett"))
        assertRejected("mysql://u:%zz@h/d", .invalidPercentEncoding(component: "password"))
        assertRejected("mysql://u@h/a/b", .invalidDatabaseName("a/b"))
        assertRejected("mysql://u@h/d?read_timeout=0", .invalidParameterValue(name: "read_timeout", value: "0"))
        XCTAssertTrue(MySQLURLError.unknownParameter("x").description.contains("socket"))
    }

    private func assertRejected(_ text: String, _ expected: MySQLURLError, line: UInt = #line) {
        XCTAssertThrowsError(try MySQLURL(parsing: text, environment: [:]), line: line) { error in
            XCTAssertEqual(error as? MySQLURLError, expected, line: line)
        }
    }
}
