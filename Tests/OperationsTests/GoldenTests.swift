import Diagnostics
import Foundation
import Operations
import XCTest

/// generated/<name>/ must equal a fresh run of the compiler driver (`Compiler.run`, what
/// `generate` calls) on contracts/<name>/ (deterministic output, reviewed in the diff whenever the
/// compiler changes). `make golden` (scripts/golden.sh, through the CLI) rewrites it.
final class GoldenTests: XCTestCase {
    func testGeneratedDirectoriesAreUpToDate() throws {
        let contracts = CLI.repo.appendingPathComponent("contracts")
        let names = try FileManager.default.contentsOfDirectory(atPath: contracts.path).sorted()
            .filter { FileManager.default.fileExists(atPath: contracts.appendingPathComponent("\($0)/contract.json").path) }
        XCTAssertEqual(names, ["coverage", "modernizer"])
        for name in names {
            let dir = contracts.appendingPathComponent(name)
            let out = CLI.tempDir(for: self).appendingPathComponent(name)
            defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
            let optional = { (file: String) -> String? in
                let path = dir.appendingPathComponent(file).path
                return FileManager.default.fileExists(atPath: path) ? path : nil
            }
            let invocation = Compiler.Invocation(contract: dir.appendingPathComponent("contract.json").path, schema: optional("schema.json"),
                                                 config: optional("config.json"), stage: .generate(out: out.path))
            let r = Compiler.run(invocation)
            XCTAssertFalse(r.diagnostics.hasErrors, "\(name): " + TextRenderer.render(r.diagnostics.sorted))
            XCTAssertNil(r.writeError, name)
            let golden = CLI.repo.appendingPathComponent("generated/\(name)")
            let fresh = try FileManager.default.subpathsOfDirectory(atPath: out.path).sorted()
                .filter { !isDirectory(out.appendingPathComponent($0)) }
            let committed = try FileManager.default.subpathsOfDirectory(atPath: golden.path).sorted()
                .filter { !isDirectory(golden.appendingPathComponent($0)) }
            XCTAssertEqual(fresh, committed, "\(name): file list differs; run 'make golden' and review")
            XCTAssertEqual(r.written, fresh, "\(name): the driver reports the files it wrote")
            for file in fresh where committed.contains(file) {
                let a = try Data(contentsOf: out.appendingPathComponent(file))
                let b = try Data(contentsOf: golden.appendingPathComponent(file))
                XCTAssertTrue(a == b, "generated/\(name)/\(file) is stale; run 'make golden' and review the diff")
            }
            // Deterministic: a second run gives the same bytes.
            let again = Compiler.run(invocation)
            XCTAssertNotNil(again.artifacts, name)
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
