import Foundation
import XCTest

/// generated/<name>/ must equal a fresh `generate` of contracts/<name>/ (deterministic output,
/// reviewed in the diff whenever the compiler changes). `make golden` rewrites it.
final class GoldenTests: XCTestCase {
    func testGeneratedDirectoriesAreUpToDate() throws {
        let contracts = CLI.repo.appendingPathComponent("contracts")
        let names = try FileManager.default.contentsOfDirectory(atPath: contracts.path).sorted()
            .filter { FileManager.default.fileExists(atPath: contracts.appendingPathComponent("\($0)/contract.json").path) }
        XCTAssertEqual(names, ["coverage", "modernizer"])
        for name in names {
            let dir = contracts.appendingPathComponent(name)
            let out = CLI.tempDir().appendingPathComponent(name)
            defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
            var args = ["generate", dir.appendingPathComponent("contract.json").path, "--out", out.path]
            for (flag, file) in [("--config", "config.json"), ("--schema", "schema.json")]
            where FileManager.default.fileExists(atPath: dir.appendingPathComponent(file).path) {
                args += [flag, dir.appendingPathComponent(file).path]
            }
            let r = try CLI.run(args)
            XCTAssertEqual(r.status, 0, r.stderr)
            let golden = CLI.repo.appendingPathComponent("generated/\(name)")
            let fresh = try FileManager.default.subpathsOfDirectory(atPath: out.path).sorted()
                .filter { !isDirectory(out.appendingPathComponent($0)) }
            let committed = try FileManager.default.subpathsOfDirectory(atPath: golden.path).sorted()
                .filter { !isDirectory(golden.appendingPathComponent($0)) }
            XCTAssertEqual(fresh, committed, "\(name): file list differs; run 'make golden' and review")
            for file in fresh where committed.contains(file) {
                let a = try Data(contentsOf: out.appendingPathComponent(file))
                let b = try Data(contentsOf: golden.appendingPathComponent(file))
                XCTAssertTrue(a == b, "generated/\(name)/\(file) is stale; run 'make golden' and review the diff")
            }
            // Deterministic: a second run gives the same bytes.
            let again = try CLI.run(args)
            XCTAssertEqual(again.status, 0)
            for file in fresh {
                XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent(file)), try Data(contentsOf: golden.appendingPathComponent(file)), file)
            }
        }
    }

    private func isDirectory(_ url: URL) -> Bool {
        var d: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &d) && d.boolValue
    }
}
