import Foundation
import SQLText

/// A throw-away database on the test server, for tests of any module that need real MySQL.
///
/// The server comes from `DDBM_TEST_MYSQL_URL` (written by `scripts/mariadb-harness.sh start`).
/// Each instance creates a database with a random name (`ddbmt_<prefix>_<random>`), opens a
/// connection to it, and drops it again in `drop()` (or, as a fallback, when released), so
/// test cases never see each other's tables.
///
/// ```swift
/// guard let server = TestDatabase.serverURL() else { throw XCTSkip("DDBM_TEST_MYSQL_URL is unset") }
/// let db = try TestDatabase(server: server)
/// defer { db.drop() }
/// try db.run(sqlFile: "schema.sql")
/// ```
public final class TestDatabase {
    public static let environmentVariable = "DDBM_TEST_MYSQL_URL"

    /// The test server's URL, or nil when the variable is unset or empty (tests then skip).
    /// Throws when it is set but malformed: a broken setup must fail loudly, not skip.
    public static func serverURL(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MySQLURL? {
        guard let text = environment[environmentVariable], !text.isEmpty else { return nil }
        return try MySQLURL(parsing: text, environment: environment)
    }

    /// The database's name.
    public let name: String
    /// The server URL with this database as its path: hand it to code under test.
    public let url: MySQLURL
    /// A connection whose default database is this one.
    public let connection: MySQLConnection
    private var dropped = false
    private let admin: MySQLConnection

    public init(server: MySQLURL, prefix: String = "test") throws {
        let safePrefix = String(prefix.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }.prefix(24))
        let random = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        name = "ddbmt_\(safePrefix)_\(random)"
        admin = try MySQLConnection(url: server.with(database: nil))
        try admin.execute("CREATE DATABASE \(SQLIdentifier.quote(name)) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        url = server.with(database: name)
        do {
            connection = try MySQLConnection(url: url)
        } catch {
            _ = try? admin.execute("DROP DATABASE IF EXISTS \(SQLIdentifier.quote(name))")
            throw error
        }
    }

    deinit { drop() }

    /// Runs a SQL script (statements separated by `;`) in this database.
    public func run(sql: String) throws {
        try connection.executeScript(sql)
    }

    /// Runs the SQL script at `path` in this database.
    public func run(sqlFile path: String) throws {
        try run(sql: String(contentsOfFile: path, encoding: .utf8))
    }

    /// Drops the database. Idempotent; errors are ignored because a test's own failure is the
    /// one worth reporting, and the harness removes the whole server afterwards anyway.
    public func drop() {
        guard !dropped else { return }
        dropped = true
        connection.close()
        _ = try? admin.execute("DROP DATABASE IF EXISTS \(SQLIdentifier.quote(name))")
        admin.close()
    }
}
