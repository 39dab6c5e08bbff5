import XCTest
import Diagnostics
@testable import ContractSyntax

/// The reader's values and positions. Its diagnostics for malformed input (syntax, UTF-8,
/// duplicate keys, empty files) are folder cases: Tests/Cases/diagnostics/json-syntax-*,
/// invalid-utf8-*, empty-input*, duplicate-key*.
final class JSONReaderTests: XCTestCase {
    func testPositionsOfEveryNodeKind() throws {
        let text = """
        {
          "a": [1, "x\\"y", true, null],
          "b": {"c": -2.5e3, "d": false}
        }
        """
        let (value, engine) = readJSON(text)
        XCTAssertTrue(engine.diagnostics.isEmpty, "\(engine.diagnostics)")
        let root = try XCTUnwrap(value)
        XCTAssertEqual(lc(root.location), "1:1")
        let members = try XCTUnwrap(root.objectMembers)
        XCTAssertEqual(members.map(\.key.value), ["a", "b"])
        XCTAssertEqual(lc(members[0].key.location), "2:3")
        XCTAssertEqual(lc(members[0].value.location), "2:8")
        let a = try XCTUnwrap(members[0].value.arrayElements)
        XCTAssertEqual(a.map { lc($0.location) }, ["2:9", "2:12", "2:20", "2:26"])
        guard case .number(let text1, let v1) = a[0].kind else { return XCTFail("not a number") }
        XCTAssertEqual(text1, "1"); XCTAssertEqual(v1, 1)
        let s = try XCTUnwrap(a[1].stringValue)
        XCTAssertEqual(s.value, "x\"y")
        XCTAssertEqual(s.scalarColumns, [13, 14, 16], "the escaped quote is at its backslash")
        XCTAssertEqual(lc(s.location(ofScalar: 2)), "2:16")
        guard case .bool(true) = a[2].kind, case .null = a[3].kind else { return XCTFail("wrong kinds: \(a)") }
        let b = members[1].value
        XCTAssertEqual(lc(b.location), "3:8")
        XCTAssertEqual(lc(b.objectMembers?[0].key.location), "3:9")
        let c = try XCTUnwrap(b["c"])
        XCTAssertEqual(lc(c.location), "3:14")
        guard case .number("-2.5e3", -2500) = c.kind else { return XCTFail("wrong number \(c.kind)") }
        guard case .bool(false) = b["d"]?.kind else { return XCTFail("d") }
    }

    func testStringsWithoutEscapesHaveNoColumnTableAndColumnsCountScalars() throws {
        // That columns count scalars in an error is the folder case json-syntax-columns-count-scalars.
        let (ok, clean) = readJSON("{\"é\": \"ü😀x\"}")
        XCTAssertTrue(clean.diagnostics.isEmpty)
        let s = try XCTUnwrap(ok?["é"]?.stringValue)
        XCTAssertNil(s.scalarColumns)
        XCTAssertEqual(lc(s.location), "1:7")
        XCTAssertEqual(lc(s.location(ofScalar: 2)), "1:10")
    }

    func testUnicodeEscapesAndSurrogatePairs() throws {
        let (value, engine) = readJSON(#"["a\u00e9\ud83d\ude00b\n"]"#)
        XCTAssertTrue(engine.diagnostics.isEmpty, "\(engine.diagnostics)")
        let s = try XCTUnwrap(value?.arrayElements?.first?.stringValue)
        XCTAssertEqual(s.value, "aé😀b\n")
        XCTAssertEqual(s.scalarColumns, [3, 4, 10, 22, 23])
    }

    func testKeyOrderIsKept() throws {
        let (value, _) = readJSON(#"{"z": 1, "a": 2, "m": 3}"#)
        XCTAssertEqual(value?.objectMembers?.map(\.key.value), ["z", "a", "m"])
    }

    func testByteOrderMarkIsSkipped() throws {
        let (value, engine) = readJSON(bytes: [0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8))
        XCTAssertTrue(engine.diagnostics.isEmpty)
        XCTAssertEqual(lc(value?.location), "1:1")
        XCTAssertEqual(lc(value?.objectMembers?.first?.key.location), "1:2")
    }

    /// Where the error and its note point is the folder case duplicate-key.
    func testDuplicateKeyKeepsTheFirstOccurrence() throws {
        let (value, engine) = readJSON("{\"a\": 1,\n \"a\": 2}")
        XCTAssertEqual(engine.diagnostics.map(\.code), ["duplicate-key"])
        XCTAssertEqual(value?.objectMembers?.count, 1, "the first occurrence is kept")
        guard case .number("1", 1)? = value?["a"]?.kind else { return XCTFail("the first value is kept: \(String(describing: value))") }
    }

    func testDuplicateKeysInLargeObjects() throws {
        let keys = (0..<40).map { "\"k\($0)\": \($0)" } + ["\"k3\": 0", "\"k39\": 0", "\"k40\": 0"]
        let (value, engine) = readJSON("{" + keys.joined(separator: ", ") + "}")
        XCTAssertEqual(engine.diagnostics.filter { $0.code == "duplicate-key" }.map { $0.message },
                       ["duplicate key \"k3\" in this object", "duplicate key \"k39\" in this object"])
        XCTAssertEqual(value?.objectMembers?.count, 41)
    }

    func testDeepNestingIsLimitedNotAStackOverflow() throws {
        for open in ["[", "{\"a\":"] {
            let text = String(repeating: open, count: 10_000)
            let start = Date()
            let (value, engine) = readJSON(text)
            XCTAssertNil(value)
            let d = try XCTUnwrap(engine.diagnostics.first)
            XCTAssertEqual(d.code, "json-too-deep")
            let expectedColumn = open.count * JSONReader.maxDepth + 1
            XCTAssertEqual(lc(d.location), "1:\(expectedColumn)")
            XCTAssertLessThan(Date().timeIntervalSince(start), 2)
        }
        // Exactly at the limit is fine.
        let (ok, clean) = readJSON(String(repeating: "[", count: JSONReader.maxDepth) + String(repeating: "]", count: JSONReader.maxDepth))
        XCTAssertNotNil(ok)
        XCTAssertTrue(clean.diagnostics.isEmpty)
    }

    func testFiftyMegabyteInputsAreReadQuickly() throws {
        // ~100k objects of ~500 bytes, with escapes and multi-byte characters in every string.
        let filler = String(repeating: "lorem ipsum ü ", count: 30)
        let element = Array(#"{"name": "value \u00e9 \#(filler)", "n": 12345.5, "ok": true, "list": [1, null, "x"]},"#.utf8) + [0x0A]
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(50_000_000 + element.count)
        while bytes.count < 50_000_000 { bytes += element }
        let lines = (bytes.count - 1) / element.count
        // Truncated: the reader must walk all 50 MB and point at the end.
        var start = Date()
        let (v1, e1) = readJSON(bytes: bytes)
        XCTAssertNil(v1)
        XCTAssertEqual(e1.diagnostics.first?.code, "json-syntax")
        XCTAssertEqual(e1.diagnostics.first?.location?.line, lines + 1)
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)

        // One 50 MB string with invalid UTF-8 at its very end.
        var big = Array("[\"".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 50_000_000)
        big += [0xFF, UInt8(ascii: "\""), UInt8(ascii: "]")]
        start = Date()
        let (v2, e2) = readJSON(bytes: big)
        XCTAssertNil(v2)
        assertDiagnostic(e2, code: "invalid-utf8", at: "1:50000003")
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
    }
}
