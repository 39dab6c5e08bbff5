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
        for safe in ["a", "views.sql", "glue/T-x.py", "...", "a/.../b", ".hidden", "a..b/c.", "ü/ß"] {
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

    /// The driver writes in two parts (every artifact while the manifest is encoded, then the
    /// manifest): a file is written once, whatever later parts repeat, nothing shows until
    /// `publish`, and a staging discarded before or after writing leaves no trace, not even the
    /// parent directories it would have made.
    func testStagingWritesInPartsAndLeavesNoTraceWhenDiscarded() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ddbm-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("new/out")
        var first = ArtifactSet()
        first.add("a.txt", "one")
        first.add("sub/b.txt", "two")

        let abandoned = try AtomicDirectoryWriter.Staging(for: out)
        abandoned.discard()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path), [], "nothing made before the first write")
        let failed = try AtomicDirectoryWriter.Staging(for: out)
        try failed.write(first)
        failed.discard()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("new").path), [])

        let staging = try AtomicDirectoryWriter.Staging(for: out)
        try staging.write(first)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing shows before publish")
        let hidden = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("new").path).first)
        let staged = root.appendingPathComponent("new").appendingPathComponent(hidden).appendingPathComponent("a.txt")
        let inode = try XCTUnwrap((FileManager.default.attributesOfItem(atPath: staged.path)[.systemFileNumber] as? NSNumber)?.uint64Value)
        var all = first
        all.add("manifest.json", "{}")
        all.add("a.txt", "ONE")  // a later part's bytes for a path already written are not written again
        try staging.write(all)
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: staged.path)[.systemFileNumber] as? NSNumber)?.uint64Value, inode)
        try staging.publish()
        XCTAssertEqual(try FileManager.default.subpathsOfDirectory(atPath: out.path).sorted(), ["a.txt", "manifest.json", "sub", "sub/b.txt"])
        XCTAssertEqual(try String(contentsOf: out.appendingPathComponent("a.txt"), encoding: .utf8), "one")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("new").path), ["out"])

        // A file where the directory should be is refused at once.
        XCTAssertThrowsError(try AtomicDirectoryWriter.Staging(for: out.appendingPathComponent("a.txt")))
    }

    /// Digests asked for ahead (each group of `generate` hashes its own files) are never stale:
    /// a file added again, alone or from another set, has its new bytes' digest.
    func testDigestsComputedAheadFollowEveryLaterAdd() {
        var set = ArtifactSet()
        set.add("a", "one")
        set.add("b", "two")
        set.computeDigests()
        XCTAssertEqual(set.sha256(of: "a"), SHA256Hex.of("one"))
        set.add("a", "ONE")
        XCTAssertEqual(set.sha256(of: "a"), SHA256Hex.of("ONE"))
        var plain = ArtifactSet()
        plain.add("b", "TWO")
        set.add(contentsOf: plain)
        XCTAssertEqual(set.sha256(of: "b"), SHA256Hex.of("TWO"), "a merged file without a digest replaces the old digest")
        var hashed = ArtifactSet()
        hashed.add("c", "three")
        hashed.computeDigests()
        set.add(contentsOf: hashed)
        XCTAssertEqual(set.sha256(of: "c"), SHA256Hex.of("three"))
        XCTAssertNil(set.sha256(of: "d"))
    }

    /// A plan's pieces hold every file once and may be written on several threads at once;
    /// over an old directory, unchanged files are linked from it through the pieces as well.
    func testAPlansPiecesWrittenAtOnceGiveTheWholeDirectory() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ddbm-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        var set = ArtifactSet()
        for i in 0..<40 { set.add("d\(i % 3)/sub/f\(i).txt", "file \(i)") }
        set.add("top.txt", "top")
        for run in 0..<2 {
            if run == 1 { set.add("d1/sub/f1.txt", "changed") }
            let before = run == 1 ? try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("d0/sub/f0.txt").path)[.systemFileNumber] as? NSNumber : nil
            let staging = try AtomicDirectoryWriter.Staging(for: out)
            let pieces = try staging.plan(set, pieces: 6)
            XCTAssertEqual(pieces.count, 6)
            _ = try Concurrently.map(pieces.count) { try staging.write(pieces[$0]) }
            XCTAssertEqual(try staging.plan(set, pieces: 6).count, 0, "a second plan has nothing left to write")
            try staging.publish()
            for path in set.paths {
                XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent(path)), set.files[path], path)
            }
            if let before {
                let after = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("d0/sub/f0.txt").path)[.systemFileNumber] as? NSNumber
                XCTAssertEqual(after, before, "an unchanged file is linked from the old directory")
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path), ["out"])
    }

    /// `Concurrently.map` gives the results in index order whichever call finished first, and
    /// rethrows the error of the lowest index, as a loop would have, after every call finished.
    func testConcurrentlyMapKeepsIndexOrderAndTheFirstError() throws {
        let squares = try Concurrently.map(200) { i -> Int in
            if i % 7 == 0 { usleep(200) }  // some calls finish late
            return i * i
        }
        XCTAssertEqual(squares, (0..<200).map { $0 * $0 })
        struct Failure: Error, Equatable { var index: Int }
        let finished = Counter()
        XCTAssertThrowsError(try Concurrently.map(50) { i -> Int in
            defer { finished.increment() }
            if i == 31 || i == 12 { throw Failure(index: i) }
            return i
        }) { XCTAssertEqual($0 as? Failure, Failure(index: 12)) }
        XCTAssertEqual(finished.value, 50, "every call ran to its end before the error came back")
    }

    /// `Concurrently.both` gives each result in its place, and `a`'s error before `b`'s, run
    /// at once or (`alone`) one after the other.
    func testConcurrentlyBothPairsTheResultsAndPrefersTheFirstError() throws {
        struct Failure: Error, Equatable { var which: String }
        for alone in [false, true] {
            let (n, s) = try Concurrently.both(alone: alone, { 6 * 7 }, { "forty-two" })
            XCTAssertEqual(n, 42)
            XCTAssertEqual(s, "forty-two")
            XCTAssertThrowsError(try Concurrently.both(alone: alone, { () throws -> Int in throw Failure(which: "a") },
                                                       { () throws -> Int in throw Failure(which: "b") })) {
                XCTAssertEqual($0 as? Failure, Failure(which: "a"))
            }
            XCTAssertThrowsError(try Concurrently.both(alone: alone, { 1 }, { () throws -> Int in throw Failure(which: "b") })) {
                XCTAssertEqual($0 as? Failure, Failure(which: "b"))
            }
        }
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func increment() { lock.lock(); count += 1; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return count }
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
