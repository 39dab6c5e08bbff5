import XCTest
import Foundation
import Backends
import Diagnostics
import MigrationIR
import Operations

/// One small live case per construct of docs/CONTRACT.md: every folder under Tests/Cases/ holds a
/// contract, a tiny schema and seed, and the view rows written by hand from the spec (never by
/// running this code). Adding a case is adding a folder; nothing here names a case.
final class ConstructCasesTests: XCTestCase {
    static let casesDir = URL(fileURLWithPath: #filePath).appendingPathComponent("../../Cases").standardizedFileURL

    /// The files a case folder must hold (besides at least one `expected/<view>.json`).
    static let requiredFiles = ["contract.json", "schema.sql", "seed.sql", "README.md"]

    static func caseFolders() throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: casesDir.path)
        // diagnostics/ holds the diagnostic folder cases (DiagnosticCasesTests), not constructs.
        return names.sorted().filter { $0 != "diagnostics" }.map { casesDir.appendingPathComponent($0) }.filter { url in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
        }
    }

    /// Without a server: every folder has its files, its contract compiles, and its expected
    /// files are exactly its views (each file's `view` names itself).
    func testEveryCaseFolderIsComplete() throws {
        let folders = try Self.caseFolders()
        XCTAssertFalse(folders.isEmpty, "no case folders under \(Self.casesDir.path)")
        for dir in folders {
            let name = dir.lastPathComponent
            for file in Self.requiredFiles where !FileManager.default.fileExists(atPath: dir.appendingPathComponent(file).path) {
                XCTFail("\(name): missing \(file)")
            }
            let engine = DiagnosticEngine()
            let snapshot = dir.appendingPathComponent("schema.json").path
            let loaded = ContractLoading.load(contract: dir.appendingPathComponent("contract.json").path,
                                              schema: FileManager.default.fileExists(atPath: snapshot) ? snapshot : nil,
                                              diagnostics: engine)
            guard let ir = loaded.ir else {
                XCTFail("\(name): contract does not compile:\n\(TextRenderer.render(engine.sorted))")
                continue
            }
            let expectedDir = dir.appendingPathComponent("expected")
            let files = Set(((try? FileManager.default.contentsOfDirectory(atPath: expectedDir.path)) ?? []).filter { $0.hasSuffix(".json") })
            let views = Set(ir.tables.map { $0.viewName + ".json" })
            XCTAssertEqual(files, views, "\(name): expected/ must hold one file per view")
            for file in files.sorted() {
                let url = expectedDir.appendingPathComponent(file)
                let object = (try? Data(contentsOf: url)).flatMap { try? JSONSerialization.jsonObject(with: $0) } as? [String: Any]
                guard let object, let rows = object["rows"] as? [Any], object["order_by"] is [String] else {
                    XCTFail("\(name)/expected/\(file): needs \"view\", \"order_by\" and \"rows\"")
                    continue
                }
                XCTAssertEqual(object["view"] as? String, String(file.dropLast(5)), "\(name)/expected/\(file): \"view\" must name the file's view")
                XCTAssertFalse(rows.isEmpty, "\(name)/expected/\(file): a case with no rows proves nothing")
            }
        }
    }

    /// Live MariaDB: every case's views return exactly its hand-written rows. Failures name the case.
    func testEveryCaseMatchesItsHandWrittenRows() throws {
        let server = try ViewRowsComparison.liveServer()
        let folders = try Self.caseFolders()
        XCTAssertFalse(folders.isEmpty)
        for dir in folders {
            let name = dir.lastPathComponent
            do {
                let loaded = try ViewRowsComparison.load(folder: dir, server: server, dialect: .mariadb)
                defer { loaded.database.drop() }
                for message in try ViewRowsComparison.differences(loaded, expectedDir: dir.appendingPathComponent("expected")) {
                    XCTFail("case \(name): \(message)")
                }
            } catch {
                XCTFail("case \(name): \(error)")
            }
        }
    }
}
