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

    /// The path of a file in `Tests/MySQLTests/Fixtures`.
    func fixturePath(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            XCTFail("missing test fixture \(name)")
            throw CocoaError(.fileNoSuchFile)
        }
        return url.path
    }
}
