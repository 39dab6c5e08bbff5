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
