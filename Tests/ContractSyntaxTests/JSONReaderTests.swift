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

    /// Keys are looked up by code points, as JSON compares them, not by Swift's canonical
    /// equivalence (under which KELVIN SIGN U+212A equals "K").
    func testKeyLookupComparesCodePoints() throws {
        let (value, engine) = readJSON(#"{"\u212Aind": 1, "Kind": 2, "kind": 3}"#)
        XCTAssertTrue(engine.diagnostics.isEmpty)
        XCTAssertTrue("\u{212A}ind" == "Kind")   // what String's == alone would have matched
        func number(_ v: JSONValue?) -> Double? { if case .number(_, let d)? = v?.kind { return d }; return nil }
        XCTAssertEqual(number(value?["Kind"]), 2)
        XCTAssertEqual(number(value?["kind"]), 3)
        XCTAssertEqual(value?.objectMembers?.first?.isNamed("Kind"), false)
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

    // MARK: Edge cases of the byte-level reader (positions, escapes, numbers)

    func testCRLFLineEndingsCountOneLineEach() throws {
        let (value, engine) = readJSON("{\r\n  \"a\": 1,\r\n  \"b\": [true,\r\n null]\r\n}\r\n")
        XCTAssertTrue(engine.diagnostics.isEmpty, "\(engine.diagnostics)")
        let members = try XCTUnwrap(value?.objectMembers)
        XCTAssertEqual(members.map { lc($0.key.location) }, ["2:3", "3:3"])
        XCTAssertEqual(lc(members[0].value.location), "2:8")
        XCTAssertEqual(value?["b"]?.arrayElements?.map { lc($0.location) }, ["3:9", "4:2"])
        // An error after CRLF lines points at the right line and column.
        let (_, bad) = readJSON("{\r\n  \"a\": 1,\r\n  \"b\" 2\r\n}")
        assertDiagnostic(bad, code: "json-syntax", at: "3:7")
    }

    /// Whitespace runs are counted from where each line's run began, not byte by byte: tabs, CRs
    /// and spaces mixed, several line feeds in one run, a run at the end of the input.
    func testColumnsAfterMixedWhitespaceRuns() throws {
        let (value, engine) = readJSON("{\t \"a\" :\t\t1 ,\n\n\t  \"b\":\r\n   \t[ 2,\t3 ] }  \n\t")
        XCTAssertTrue(engine.diagnostics.isEmpty, "\(engine.diagnostics)")
        let members = try XCTUnwrap(value?.objectMembers)
        XCTAssertEqual(members.map { lc($0.key.location) }, ["1:4", "3:4"])
        XCTAssertEqual(lc(members[0].value.location), "1:11")
        XCTAssertEqual(lc(members[1].value.location), "4:5")
        XCTAssertEqual(value?["b"]?.arrayElements?.map { lc($0.location) }, ["4:7", "4:10"])
        // An error after a mixed run points at its byte.
        let (_, bad) = readJSON("{\"a\":\t 1\n \t\t x}")
        assertDiagnostic(bad, code: "json-syntax", at: "2:5")
    }

    func testColumnsAfterMultibyteCharactersOnEveryLine() throws {
        // 2-, 3- and 4-byte characters in keys and values; each counts one column.
        let text = "{\"é\": \"€\",\n \"😀k\": [\"ü\", 1, \"x€y\"], \"z\": null}"
        let (value, engine) = readJSON(text)
        XCTAssertTrue(engine.diagnostics.isEmpty, "\(engine.diagnostics)")
        let members = try XCTUnwrap(value?.objectMembers)
        XCTAssertEqual(members.map { lc($0.key.location) }, ["1:2", "2:2", "2:25"])
        XCTAssertEqual(lc(members[0].value.location), "1:7")
        XCTAssertEqual(members[1].value.arrayElements?.map { lc($0.location) }, ["2:9", "2:14", "2:17"])
        XCTAssertEqual(lc(members[2].value.location), "2:30")
        let s = try XCTUnwrap(members[1].value.arrayElements?[2].stringValue)
        XCTAssertNil(s.scalarColumns)
        XCTAssertEqual(lc(s.location(ofScalar: 2)), "2:20", "the y after a 3-byte character")
        // A syntax error right after multi-byte text.
        let (_, bad) = readJSON("[\"😀😀\" 1]")
        assertDiagnostic(bad, code: "json-syntax", at: "1:7")
    }

    func testEverySimpleEscapeDecodesAndKeepsItsColumn() throws {
        let (value, engine) = readJSON(#"["\"\\\/\b\f\n\r\tA"]"#)
        XCTAssertTrue(engine.diagnostics.isEmpty, "\(engine.diagnostics)")
        let s = try XCTUnwrap(value?.arrayElements?.first?.stringValue)
        XCTAssertEqual(s.value, "\"\\/\u{08}\u{0C}\n\r\tA")
        XCTAssertEqual(s.scalarColumns, [3, 5, 7, 9, 11, 13, 15, 17, 19])
        XCTAssertEqual(lc(s.location(ofScalar: 9)), "1:20", "one past the end is the closing quote")
    }

    func testEscapesAfterMultibyteTextAndUpperCaseHex() throws {
        let (value, engine) = readJSON(#"{"k": "é\u00E9\uD83D\uDE00€\n"}"#)
        XCTAssertTrue(engine.diagnostics.isEmpty, "\(engine.diagnostics)")
        let s = try XCTUnwrap(value?["k"]?.stringValue)
        XCTAssertEqual(s.value, "éé😀€\n")
        // é at 8, \u00E9 at 9, the pair at 15, € at 27, \n at 28.
        XCTAssertEqual(s.scalarColumns, [8, 9, 15, 27, 28])
    }

    func testSurrogateErrorsPointAtTheEscape() {
        // A high surrogate followed by a non-escape, by a second high surrogate, and at the end.
        let (_, e1) = readJSON(#"["xé\ud83dy"]"#)
        XCTAssertTrue(assertDiagnostic(e1, code: "json-syntax", at: "1:5")?.message.contains("lone surrogate") == true)
        let (_, e2) = readJSON(#"["\ud83d\ud83d"]"#)
        XCTAssertTrue(assertDiagnostic(e2, code: "json-syntax", at: "1:3")?.message.contains("not a low surrogate") == true)
        let (_, e3) = readJSON(#"["\ud83d"#)
        assertDiagnostic(e3, code: "json-syntax", at: "1:3")
        let (_, e4) = readJSON(#"["\u12G4"]"#)
        XCTAssertTrue(assertDiagnostic(e4, code: "json-syntax", at: "1:3")?.message.contains("four hex digits") == true)
        // An escaped NUL is a valid scalar.
        let (ok, clean) = readJSON(#"["a\u0000b"]"#)
        XCTAssertTrue(clean.diagnostics.isEmpty)
        XCTAssertEqual(ok?.arrayElements?.first?.stringValue?.value, "a\u{0}b")
    }

    func testInvalidUTF8EdgeCases() {
        // Overlong 4-byte (F0 80..8F), above U+10FFFF (F4 90), a stray continuation byte, a
        // lead byte at the very end, and in a key; each at the first byte of its sequence.
        let cases: [([UInt8], String)] = [
            ([0xF0, 0x8F, 0xBF, 0xBF], "1:3"), ([0xF4, 0x90, 0x80, 0x80], "1:3"), ([0x80], "1:3"), ([0xC3], "1:3"),
        ]
        for (bad, at) in cases {
            let (_, e) = readJSON(bytes: Array("[\"".utf8) + bad + Array("\"]".utf8))
            assertDiagnostic(e, code: "invalid-utf8", at: at)
        }
        let (_, end) = readJSON(bytes: Array("[\"".utf8) + [0xE2, 0x82])
        XCTAssertTrue(end.diagnostics.first?.message.contains("end of input") == true, "\(end.diagnostics)")
        let (_, key) = readJSON(bytes: Array("{\"é".utf8) + [0xFF] + Array("\": 1}".utf8))
        assertDiagnostic(key, code: "invalid-utf8", at: "1:4")
        // The largest scalar and the last 3-byte ones are fine.
        let (ok, clean) = readJSON(bytes: Array("[\"".utf8) + [0xF4, 0x8F, 0xBF, 0xBF, 0xEF, 0xBF, 0xBD] + Array("\"]".utf8))
        XCTAssertTrue(clean.diagnostics.isEmpty, "\(clean.diagnostics)")
        XCTAssertEqual(ok?.arrayElements?.first?.stringValue?.value, "\u{10FFFF}\u{FFFD}")
    }

    func testNumbersKeepTheirTextAndRejectNonJSONForms() throws {
        let (value, engine) = readJSON("[-0, 0.5e-3, 1E+2, 123456789012345678901234567890, 1e308, -1.25E-7]")
        XCTAssertTrue(engine.diagnostics.isEmpty, "\(engine.diagnostics)")
        let numbers = try XCTUnwrap(value?.arrayElements).map { v -> String in
            guard case .number(let text, let value) = v.kind else { return "not a number" }
            return "\(text)=\(value)"
        }
        XCTAssertEqual(numbers, ["-0=-0.0", "0.5e-3=0.0005", "1E+2=100.0", "123456789012345678901234567890=1.2345678901234568e+29",
                                 "1e308=1e+308", "-1.25E-7=-1.25e-07"])
        for (text, at) in [("[-]", "1:3"), ("[2.]", "1:4"), ("[.5]", "1:2"), ("[1e]", "1:4"), ("[1e+]", "1:5"),
                           ("[+1]", "1:2"), ("[-01]", "1:3"), ("[0x10]", "1:3"), ("[-1e400]", "1:2")] {
            let (v, e) = readJSON(text)
            XCTAssertNil(v, text)
            assertDiagnostic(e, code: "json-syntax", at: at)
        }
    }

    func testDuplicateKeysCompareDecodedText() throws {
        // "a" written with an escape is the same key; "ab" and "a" (a prefix) are not.
        let (value, engine) = readJSON(#"{"a": 1, "ab": 2, "\u0061": 3, "é": 4, "\u00e9": 5}"#)
        let duplicates = engine.diagnostics.filter { $0.code == "duplicate-key" }
        XCTAssertEqual(duplicates.map { lc($0.location) }, ["1:19", "1:40"])
        XCTAssertEqual(duplicates.map { $0.notes.first.map { lc($0.location) } ?? "" }, ["1:2", "1:32"])
        XCTAssertEqual(value?.objectMembers?.map(\.key.value), ["a", "ab", "é"])
        XCTAssertEqual(value?["a"].flatMap { if case .number(_, let v) = $0.kind { return v } else { return nil } }, 1)
    }

    func testMixedDeepNestingAtAndBeyondTheLimit() throws {
        // Objects and arrays alternating, exactly maxDepth levels: accepted, innermost located.
        var open = "", close = ""
        for level in 0..<JSONReader.maxDepth {
            if level % 2 == 0 { open += "{\"k\":"; close = "}" + close } else { open += "["; close = "]" + close }
        }
        let (ok, clean) = readJSON(open + "1" + close)
        XCTAssertTrue(clean.diagnostics.isEmpty, "\(clean.diagnostics.first?.message ?? "")")
        XCTAssertNotNil(ok)
        // One level more: the error is at the opener that goes too deep.
        let (tooDeep, engine) = readJSON(open + "[1]" + close)
        XCTAssertNil(tooDeep)
        assertDiagnostic(engine, code: "json-too-deep", at: "1:\(open.count + 1)")
    }
}
