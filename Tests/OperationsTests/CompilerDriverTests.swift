import Diagnostics
import Foundation
import Operations
import XCTest

/// `Compiler.run`'s `.generate` writes through an `AtomicDirectoryWriter.Staging` (the artifacts
/// while the manifest is encoded, then the manifest): what it reports is what the directory
/// holds, and a generate that fails leaves the old directory, and the disk, as they were.
final class CompilerDriverTests: XCTestCase {
    private func contract(_ tables: [String], in dir: URL) throws -> String {
        let entries = tables.map { name in
            """
            {"table": "\(name)", "type": "single-entity", "source_table": "users", "pk": "PK", "sk": null,
             "satisfies": ["A1"], "estimated_item_size_bytes": 100,
             "attributes": [
               {"name": "PK", "type": "S", "source_table": "users", "source_column": "id",
                "transformation": {"type": "string-format", "format": "USER#{id}"}}]}
            """
        }
        let path = dir.appendingPathComponent("contract.json")
        try Data((#"{"tables": ["# + entries.joined(separator: ", ") + "]}").utf8).write(to: path)
        return path.path
    }

    /// Every regular file under `dir`, in byte order, with its bytes.
    private func files(in dir: URL) throws -> [(path: String, bytes: Data)] {
        try FileManager.default.subpathsOfDirectory(atPath: dir.path).sorted().compactMap { sub in
            var isDir: ObjCBool = false
            let url = dir.appendingPathComponent(sub)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue else { return nil }
            return (sub, try Data(contentsOf: url))
        }
    }

    func testAGenerateThatCannotBuildItsArtifactsLeavesNoTrace() throws {
        let root = CLI.tempDir(for: self)
        defer { try? FileManager.default.removeItem(at: root) }
        let inputs = root.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let outputs = root.appendingPathComponent("outputs")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        // validate_Users.py would be both table Users's validation script and table validate_Users's job.
        let clashing = try contract(["Users", "validate_Users"], in: inputs)

        let fresh = Compiler.run(.init(contract: clashing, stage: .generate(out: outputs.appendingPathComponent("new/out").path)))
        XCTAssertFalse(fresh.diagnostics.hasErrors, TextRenderer.render(fresh.diagnostics.sorted))
        XCTAssertTrue(fresh.writeError?.contains("rename one of them") == true, fresh.writeError ?? "no error")
        XCTAssertEqual(fresh.written, [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outputs.path), [], "not even the parent is made")

        // Over a directory generated before, the failed generate changes nothing.
        let out = outputs.appendingPathComponent("out")
        let path = try contract(["Users"], in: inputs)
        let first = Compiler.run(.init(contract: path, stage: .generate(out: out.path)))
        XCTAssertNil(first.writeError)
        let before = try files(in: out)
        XCTAssertEqual(first.written, before.map(\.path), "the driver reports the files it wrote")
        _ = try contract(["Users", "validate_Users"], in: inputs)  // the same file, now clashing
        let failed = Compiler.run(.init(contract: path, stage: .generate(out: out.path)))
        XCTAssertNotNil(failed.writeError)
        let after = try files(in: out)
        XCTAssertEqual(after.map(\.path), before.map(\.path))
        XCTAssertTrue(after.map(\.bytes) == before.map(\.bytes), "every file as it was")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outputs.path), ["out"], "no hidden sibling left")
    }
}
