import Foundation
import MySQL
import Operations
import XCTest

/// `apply-views` takes the views it reads back, and their order, from the manifest.
final class ViewApplicationTests: XCTestCase {
    /// For every golden directory, the manifest's views are, in order, the views views.sql's
    /// statements create (read here with the SQL lexer, as an independent oracle).
    func testTheManifestsViewsAreTheScriptsStatementsInOrder() throws {
        for name in ["modernizer", "coverage"] {
            let dir = CLI.repo.appendingPathComponent("generated/\(name)").path
            let script = try ViewApplication.open(dir)
            let lexed = try SQLStatementSplitter.split(script.text).map { CreatedViewName.of($0.text) }
            XCTAssertEqual(script.views.map(Optional.some), lexed, name)
            XCTAssertGreaterThan(script.views.count, 3, name)
        }
        let users = try ViewApplication.open(CLI.repo.appendingPathComponent("generated/modernizer").path).views.map(\.name)
        XCTAssertEqual(users.suffix(4), ["ddb_users__user_view", "ddb_users__cart_view", "ddb_users__order_view", "ddb_users_view"])
    }

    func testAMissingScriptOrManifestIsTheInputsFault() throws {
        let dir = CLI.tempDir(for: self)
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertThrowsError(try ViewApplication.open(dir.path)) { error in
            XCTAssertEqual(error as? CommandFailure, CommandFailure(.input, "cannot read \(dir.path)/views.sql: run 'ddb-migrate generate' first"))
        }
        try Data("CREATE VIEW v AS SELECT 1;\n".utf8).write(to: dir.appendingPathComponent("views.sql"))
        XCTAssertThrowsError(try ViewApplication.open(dir.path)) { error in
            XCTAssertEqual((error as? CommandFailure)?.exitClass, .input)
            XCTAssertTrue("\(error)".contains("manifest.json not found"), "\(error)")
        }
    }
}
