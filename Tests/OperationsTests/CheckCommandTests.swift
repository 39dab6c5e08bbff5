import Foundation
import XCTest

/// `check` and `generate` as a user runs them: messages, exit codes, and no output on bad input.
final class CheckCommandTests: XCTestCase {
    /// The modeling stage's contract, unchanged (contracts/modernizer/original/README.md).
    let modernizer = CLI.repo.appendingPathComponent("contracts/modernizer/original/migrationContract.json").path

    private func sharedExample() throws -> String {
        guard FileManager.default.fileExists(atPath: modernizer) else { throw XCTSkip("\(modernizer) is missing") }
        return modernizer
    }

    func testModernizerDefectsAtTheirPositions() throws {
        let path = try sharedExample()
        let r = try CLI.run(["check", path])
        XCTAssertEqual(r.status, 1)
        let heads = r.stderr.split(separator: "\n").filter { $0.hasPrefix(path) && ($0.contains(": error: ") || $0.contains(": warning: ")) }
            .map { String($0.dropFirst(path.count + 1)).components(separatedBy: ": ").prefix(2).joined(separator: " ") }
        XCTAssertEqual(heads, [
            "78:36 warning", "475:32 error", "477:28 error", "506:32 error", "539:32 error", "552:32 error", "585:32 error", "587:28 error",
        ])
        XCTAssertTrue(r.stderr.contains("7 errors, 1 warning"))
        XCTAssertTrue(r.stderr.contains("fix-it: use a self-join with a join_alias"))
    }

    func testJSONFormat() throws {
        let r = try CLI.run(["check", try sharedExample(), "--format", "json"])
        XCTAssertEqual(r.status, 1)
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(doc["errors"] as? Int, 7)
        XCTAssertEqual(doc["warnings"] as? Int, 1)
        let first = try XCTUnwrap((doc["diagnostics"] as? [[String: Any]])?.first)
        XCTAssertEqual((first["location"] as? [String: Any])?["line"] as? Int, 78)
        XCTAssertEqual(first["code"] as? String, "degenerate-join")
    }

    func testCorrectedContractsAreClean() throws {
        for name in ["modernizer", "coverage"] {
            let dir = CLI.repo.appendingPathComponent("contracts/\(name)")
            let r = try CLI.run(["check", dir.appendingPathComponent("contract.json").path,
                                 "--schema", dir.appendingPathComponent("schema.json").path])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stderr.contains("0 errors, 0 warnings"), r.stderr)
        }
    }

    /// Bad input of every kind: a diagnostic and exit 1, never a crash, never an output directory.
    func testBadInputNeverCrashesNorWritesOutput() throws {
        let dir = CLI.tempDir(for: self)
        defer { try? FileManager.default.removeItem(at: dir) }
        let valid = try String(contentsOf: CLI.repo.appendingPathComponent("contracts/modernizer/contract.json"), encoding: .utf8)
        var cases: [(String, Data, String)] = [
            ("empty", Data(), "empty"),
            ("truncated", Data(valid.prefix(valid.count / 2).utf8), "unexpected end of input"),
            ("malformed", Data("{\"tables\": [,]}".utf8), "error"),
            ("non-utf8", Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]), "UTF-8"),
            ("deep", Data((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8), "deep"),
            ("wrong-types", Data(#"{"tables": [{"table": 5, "type": "single-entity", "pk": ["PK"], "attributes": {}}]}"#.utf8), "must be"),
            ("missing-keys", Data(#"{"tables": [{"type": "single-entity"}]}"#.utf8), "missing the required key"),
        ]
        for (fragment, why) in [("1; DROP TABLE users", "';'"), ("x /* y */", "comment"), ("(SELECT 1)", "SELECT")] {
            let contract = valid.replacingOccurrences(of: "\"filter\": \"users.id > 0\"", with: "\"filter\": \"\(fragment)\"")
            let text = contract == valid
                ? valid.replacingOccurrences(of: "\"type\": \"single-entity\",", with: "\"type\": \"single-entity\", \"filter\": \"\(fragment)\",")
                : contract
            cases.append(("fragment \(fragment)", Data(text.utf8), why))
        }
        var big = Data(capacity: 50 << 20)
        big.append(Data("{\"tables\": [".utf8))
        let table = Data(String(repeating: " ", count: 1 << 20).utf8)
        for _ in 0..<50 { big.append(table) }
        big.append(Data("]}".utf8))
        cases.append(("50MB", big, "limit"))

        for (name, data, expect) in cases {
            let file = dir.appendingPathComponent("c.json")
            try data.write(to: file)
            let out = dir.appendingPathComponent("out")
            let r = try CLI.run(["generate", file.path, "--out", out.path])
            XCTAssertEqual(r.status, 1, "\(name): \(r.stderr)")
            XCTAssertTrue(r.stderr.lowercased().contains(expect.lowercased()), "\(name): expected '\(expect)' in: \(r.stderr.prefix(600))")
            XCTAssertFalse(r.stderr.contains("Fatal error") || r.stderr.contains("Stack dump"), name)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "\(name): output directory written")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["c.json"], "\(name): stray files")
        }
    }

    /// A successful `generate` ends the process without freeing what it built (`finish`): its
    /// summary must still reach a pipe whole, after every file is in place, with exit status 0.
    func testGenerateSummaryReachesAPipeAfterTheFiles() throws {
        let dir = CLI.tempDir(for: self)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let r = try CLI.run(["generate", CLI.repo.appendingPathComponent("contracts/modernizer/contract.json").path,
                             "--schema", CLI.repo.appendingPathComponent("contracts/modernizer/schema.json").path, "--out", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let files = try XCTUnwrap(FileManager.default.subpathsOfDirectory(atPath: out.path)).filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: out.appendingPathComponent(path).path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        XCTAssertEqual(r.stdout, "wrote \(files.count) files to \(out.path) (3 tables)\n")
        let clean = try CLI.run(["check", CLI.repo.appendingPathComponent("contracts/modernizer/contract.json").path])
        XCTAssertEqual(clean.status, 0, clean.stderr)
        XCTAssertTrue(clean.stderr.hasSuffix("0 errors, 0 warnings\n"), clean.stderr)
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try CLI.run(["check"]).status, 2)
        XCTAssertEqual(try CLI.run(["generate", "x.json", "--dialect", "oracle", "--out", "o"]).status, 2)
        XCTAssertEqual(try CLI.run(["frobnicate"]).status, 2)
    }

    func testMissingFileIsExitOne() throws {
        let r = try CLI.run(["check", "/nonexistent/contract.json"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("no such file"), r.stderr)
    }

    func testUnreachableMySQLExitsThreeNamingHostAndPort() throws {
        let r = try CLI.run(["introspect", "--mysql", "mysql://u:secretpw@127.0.0.1:1/db", "--out", "/tmp/never.json"])
        XCTAssertEqual(r.status, 3, r.stderr)
        XCTAssertTrue(r.stderr.contains("127.0.0.1:1"), r.stderr)
        XCTAssertFalse(r.stderr.contains("secretpw"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/never.json"))
    }
}
