import Foundation
#if canImport(Glibc)
import Glibc
#endif
import XCTest
@testable import Diagnostics

/// Runs every folder of Tests/Cases/diagnostics/ through the built tool and compares what it
/// prints with the folder's expected.txt. `DDBM_UPDATE_DIAGNOSTICS=1` rewrites the files instead
/// (then read `git diff` before committing).
final class DiagnosticCasesTests: XCTestCase {
    func testEveryCasePrintsItsExpectedText() throws {
        let cases = try DiagnosticCase.all()
        XCTAssertFalse(cases.isEmpty, "no cases under \(DiagnosticCase.root.path)")
        for c in cases {
            XCTAssertTrue(c.has("contract.json") || c.has("args"), "\(c.name): needs a contract.json")
            let actual = try c.run()
            let file = c.directory.appendingPathComponent("expected.txt")
            if DiagnosticCase.updating {
                try Data(actual.utf8).write(to: file, options: .atomic)
                continue
            }
            guard let expected = c.text("expected.txt") else {
                XCTFail("\(c.name): no expected.txt; run with \(DiagnosticCase.updateVariable)=1 to write it. The tool printed:\n\(actual)")
                continue
            }
            if actual != expected {
                XCTFail("\(c.name): the output differs from expected.txt (\(DiagnosticCase.updateVariable)=1 rewrites it):\n\(Self.diff(expected, actual))")
            }
        }
    }

    /// Every catalogued code is shown by some folder, except the few the catalog says no folder
    /// can hold (each of those has its own test below).
    func testEveryCatalogCodeHasAFolderCase() throws {
        let shown = Set(try DiagnosticCase.codesByCase.get().values.joined())
        for kind in DiagnosticCatalog.all {
            if kind.noFolderCase == nil {
                XCTAssertTrue(shown.contains(kind.code), "no folder under Tests/Cases/diagnostics/ emits '\(kind.code)': add one")
            } else {
                XCTAssertFalse(shown.contains(kind.code), "'\(kind.code)' has a folder case now: drop its noFolderCase")
            }
        }
        XCTAssertEqual(shown.subtracting(DiagnosticCatalog.all.map(\.code)), [], "cases emit codes the catalog lacks")
    }

    /// input-too-large: a config one byte over the 1 MB limit (a sparse file, made here rather
    /// than committed).
    func testInputTooLarge() throws {
        let contract = try XCTUnwrap(DiagnosticCase.all().first { $0.name == "item-too-large" }).directory
        let r = try DiagnosticCase.runTool(["generate", "contract.json", "--config", "big.json", "--out", "out"], in: contract) { dir in
            let url = dir.appendingPathComponent("big.json")
            FileManager.default.createFile(atPath: url.path, contents: nil)
            let h = try FileHandle(forWritingTo: url)
            try h.truncate(atOffset: (1 << 20) + 1)
            try h.close()
        }
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("big.json:1:1: error: config is 1.0 MB; the limit is 1.0 MB (a config describes tables, not data)"), r.stderr)
    }

    /// file-not-readable: a path that exists and is no directory but cannot be read. A Unix
    /// socket is one whatever the user (the tests run as root, who reads any regular file).
    func testFileNotReadable() throws {
        let r = try DiagnosticCase.runTool(["check", "sock"], in: nil) { dir in
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            XCTAssertGreaterThanOrEqual(fd, 0)
            defer { close(fd) }
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            let path = Array(dir.appendingPathComponent("sock").path.utf8CString)
            withUnsafeMutableBytes(of: &addr.sun_path) { raw in
                for (i, b) in path.prefix(raw.count - 1).enumerated() { raw[i] = UInt8(bitPattern: b) }
            }
            let bound = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            XCTAssertEqual(bound, 0, "cannot bind a Unix socket in \(dir.path)")
        }
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "error: cannot read contract 'sock': permission denied or I/O error\n1 error, 0 warnings\n")
    }

    /// A line diff, enough to see what changed in a few lines of diagnostics.
    static func diff(_ expected: String, _ actual: String) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false), a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for i in 0..<max(e.count, a.count) {
            let x = i < e.count ? e[i] : nil, y = i < a.count ? a[i] : nil
            if x == y { out.append("  " + (x ?? "")) } else {
                if let x { out.append("- " + x) }
                if let y { out.append("+ " + y) }
            }
        }
        return out.joined(separator: "\n")
    }
}
