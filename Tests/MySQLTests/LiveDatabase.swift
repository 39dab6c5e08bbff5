import Foundation
import MySQL
import XCTest

extension XCTestCase {
    /// A fresh database on the harness server, dropped when the test ends. Skips the test only
    /// when `DDBM_TEST_MYSQL_URL` is unset (the Makefile always sets it).
    func makeTestDatabase(_ prefix: String = "mysql") throws -> TestDatabase {
        guard let server = try TestDatabase.serverURL() else {
            throw XCTSkip("\(TestDatabase.environmentVariable) is unset; run scripts/mariadb-harness.sh start DIR and source DIR/env")
        }
        let database = try TestDatabase(server: server, prefix: prefix)
        addTeardownBlock { database.drop() }
        return database
    }

    /// The example source schema the project ships (contracts/modernizer/schema.sql): one copy,
    /// read from the checkout.
    func modernizerSchemaPath() -> String {
        URL(fileURLWithPath: #filePath).appendingPathComponent("../../../contracts/modernizer/schema.sql").standardizedFileURL.path
    }
}
