import XCTest
import Foundation
import TestSupport
@testable import Backends

final class OutputTests: XCTestCase {
    func testJSONDocumentKeepsOrderAndEscapes() {
        let d = JSONDocument.object([("b", .int(1)), ("a", .array([.string("x\"y\\z\n é"), .null, .bool(true)]))])
        XCTAssertEqual(d.rendered(pretty: false), #"{"b":1,"a":["x\"y\\z\n \u00e9",null,true]}"#)
        XCTAssertEqual(d.rendered(), "{\n  \"b\": 1,\n  \"a\": [\n    \"x\\\"y\\\\z\\n \\u00e9\",\n    null,\n    true\n  ]\n}\n")
    }

    func testPythonLiteralIsAsciiAndRoundTripsThroughPython() throws {
        let hostile = "a\"b'c\\d\ne\u{0}f\u{7f}g é 😀 \"\"\" ''' {{x}}"
        let lit = PythonLiteral.string(hostile)
        XCTAssertTrue(lit.unicodeScalars.allSatisfy { $0.isASCII })
        // The escapes exactly (generated scripts are golden files).
        XCTAssertEqual(lit, #""a\"b'c\\d\ne\x00f\x7fg \u00e9 \U0001f600 \"\"\" ''' {{x}}""#)
        XCTAssertEqual(PythonLiteral.string("tab\tcr\r\u{1F}"), #""tab\tcr\r\x1f""#)
        let r = try ChildProcess.run(program: PythonScripts.interpreter, ["-c", "import sys; sys.stdout.buffer.write((\(lit)).encode('utf-8'))"])
        XCTAssertEqual(r.status, 0, r.stderrText)
        XCTAssertEqual(r.stdoutText, hostile)
    }

    /// Byte order both ways `paths` sorts: String's `<` for ASCII paths, the UTF-8 bytes for the
    /// rest (where `<` would call the NFC "é" and the decomposed "é" equal and order by scalars).
    func testArtifactPathsAreInByteOrder() {
        var ascii = ArtifactSet()
        for p in ["glue/b.py", "Z.md", "glue/a.py", "a", "glue/_x.py"] { ascii.add(p, "") }
        XCTAssertEqual(ascii.paths, ["Z.md", "a", "glue/_x.py", "glue/a.py", "glue/b.py"])
        var mixed = ArtifactSet()
        for p in ["\u{E9}.md", "f.md", "e\u{301}x.md", "E.md"] { mixed.add(p, "") }
        XCTAssertEqual(mixed.paths.map { Array($0.utf8) }, ["E.md", "e\u{301}x.md", "f.md", "\u{E9}.md"].map { Array($0.utf8) })
    }

    /// Every component must be a name: not empty (the old check split with Swift's default, which
    /// drops empty pieces, and so let `a//b` and `a/` through), not `.`, not `..`.
    func testSafeRelativePathsAreNamesAllTheWayDown() {
        for safe in ["a", "views.sql", "docs/alarms/T-x.json", "...", "a/.../b", ".hidden", "a..b/c.", "ü/ß"] {
            XCTAssertTrue(AtomicDirectoryWriter.isSafeRelativePath(safe), safe)
        }
        for unsafe in ["", "/", "/a", "a//b", "a/", "./a", "a/./b", ".", "..", "../a", "a/..", "a/../b", "//"] {
            XCTAssertFalse(AtomicDirectoryWriter.isSafeRelativePath(unsafe), unsafe)
        }
    }

    func testAtomicWriterReplacesWholeDirectoryAndRejectsEscapes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ddbm-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        var first = ArtifactSet()
        first.add("a.txt", "one")
        first.add("sub/b.txt", "two")
        try AtomicDirectoryWriter.write(first, to: out)
        var second = ArtifactSet()
        second.add("c.txt", "three")
        try AtomicDirectoryWriter.write(second, to: out)
        let listing = try FileManager.default.subpathsOfDirectory(atPath: out.path).sorted()
        XCTAssertEqual(listing, ["c.txt"])
        // Nothing left behind next to the output.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path), ["out"])

        // Files named in `preserving` survive a rewrite; everything else is replaced.
        try Data("runs".utf8).write(to: out.appendingPathComponent(".ddbm-state.json"))
        try Data("stale".utf8).write(to: out.appendingPathComponent("stale.txt"))
        try AtomicDirectoryWriter.write(second, to: out, preserving: [".ddbm-state.json"])
        XCTAssertEqual(try FileManager.default.subpathsOfDirectory(atPath: out.path).sorted(), [".ddbm-state.json", "c.txt"])
        try FileManager.default.removeItem(at: out.appendingPathComponent(".ddbm-state.json"))

        var evil = ArtifactSet()
        evil.add("../escape.txt", "x")
        XCTAssertThrowsError(try AtomicDirectoryWriter.write(evil, to: out))
        XCTAssertEqual(try FileManager.default.subpathsOfDirectory(atPath: out.path).sorted(), ["c.txt"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path), ["out"])
    }

    /// A regeneration links the old directory's unchanged files instead of writing them again,
    /// and writes every file that differs, was edited, has another mode or another link.
    func testAtomicWriterLinksOnlyFilesThatAreExactlyWhatItWouldWrite() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ddbm-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        func inode(_ path: String) throws -> UInt64 {
            try XCTUnwrap((FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(path).path)[.systemFileNumber] as? NSNumber)?.uint64Value)
        }
        func text(_ path: String) throws -> String { try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8) }
        var set = ArtifactSet()
        for (path, content) in [("same.txt", "one"), ("sub/changed.txt", "two"), ("edited.txt", "three"), ("mode.txt", "four"),
                                ("linked.txt", "five"), ("empty.txt", "")] {
            set.add(path, content)
        }
        try AtomicDirectoryWriter.write(set, to: out)
        let before = try Dictionary(uniqueKeysWithValues: set.paths.map { ($0, try inode($0)) })

        set.add("sub/changed.txt", "TWO")
        try "three, edited by hand".write(to: out.appendingPathComponent("edited.txt"), atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: out.appendingPathComponent("mode.txt").path)
        let backup = root.appendingPathComponent("backup-linked.txt")
        try FileManager.default.linkItem(at: out.appendingPathComponent("linked.txt"), to: backup)
        try AtomicDirectoryWriter.write(set, to: out)

        XCTAssertEqual(try inode("same.txt"), before["same.txt"], "unchanged: linked")
        XCTAssertEqual(try inode("empty.txt"), before["empty.txt"], "unchanged and empty: linked")
        for path in ["sub/changed.txt", "edited.txt", "mode.txt", "linked.txt"] {
            XCTAssertNotEqual(try inode(path), before[path], "\(path) is written anew")
        }
        XCTAssertEqual(try ["same.txt", "sub/changed.txt", "edited.txt", "mode.txt", "linked.txt", "empty.txt"].map(text),
                       ["one", "TWO", "three", "four", "five", ""])
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("mode.txt").path)[.posixPermissions] as? NSNumber)?.intValue,
                       0o644 & ~Int(umaskNow()))
        XCTAssertEqual(try String(contentsOf: backup, encoding: .utf8), "five")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted(), ["backup-linked.txt", "out"])

        // A subdirectory that became a symbolic link is not looked through.
        let elsewhere = root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try "TWO".write(to: elsewhere.appendingPathComponent("changed.txt"), atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(at: out.appendingPathComponent("sub"))
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("sub"), withDestinationURL: elsewhere)
        try AtomicDirectoryWriter.write(set, to: out)
        let outside = try XCTUnwrap((FileManager.default.attributesOfItem(atPath: elsewhere.appendingPathComponent("changed.txt").path)[.referenceCount] as? NSNumber)?.intValue)
        XCTAssertEqual(outside, 1, "the file behind the link is not shared with the new directory")
        XCTAssertEqual(try text("sub/changed.txt"), "TWO")
    }

    private func umaskNow() -> mode_t {
        let mask = umask(0)
        umask(mask)
        return mask
    }

    func testRolePolicyIsLeastPrivilege() throws {
        let doc = IAMPolicies.rolePolicy(.placeholder, tables: ["Users", "Orders"], indexes: ["Orders": ["ByUser", "ByDate"]])
        let text = doc.rendered()
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let statements = json["Statement"] as! [[String: Any]]
        for s in statements {
            let actions = s["Action"] as! [String]
            XCTAssertFalse(actions.contains { $0.contains("*") }, "wildcard action in \(s)")
        }
        let ddb = statements.first { ($0["Sid"] as? String) == "WriteTargetTables" }!
        XCTAssertEqual(ddb["Resource"] as! [String], [
            "arn:aws:dynamodb:us-east-1:000000000000:table/Orders",
            "arn:aws:dynamodb:us-east-1:000000000000:table/Users",
        ])
        let indexes = statements.first { ($0["Sid"] as? String) == "ValidateTargetIndexes" }!
        XCTAssertEqual(indexes["Resource"] as! [String], [
            "arn:aws:dynamodb:us-east-1:000000000000:table/Orders/index/ByDate",
            "arn:aws:dynamodb:us-east-1:000000000000:table/Orders/index/ByUser",
        ])
        // Every `*` resource is one the docs explain.
        let starActions = statements.filter { ($0["Resource"] as! [String]).contains("*") }.flatMap { $0["Action"] as! [String] }
        let explained = IAMPolicies.wildcardResources.map(\.action).joined(separator: ", ")
        for a in starActions { XCTAssertTrue(explained.contains(a), "\(a) has a * resource without an explanation") }
    }
}
