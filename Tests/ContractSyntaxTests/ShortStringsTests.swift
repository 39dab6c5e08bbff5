import XCTest
@testable import ContractSyntax

/// `ShortStrings` hands out a string again for the same bytes: it must never hand out another
/// string's, whatever the length, the bytes around it, or the slot two strings share.
final class ShortStringsTests: XCTestCase {
    /// Every length around the 8- and 16-byte words, ASCII and multi-byte, with other bytes
    /// around each string in the buffer (so masking the words is what keeps them apart).
    func testEveryLengthGivesItsOwnBytes() {
        var table = ShortStrings()
        let texts = (0...20).flatMap { n in [String(repeating: "k", count: n), String(repeating: "é", count: n / 2) + String(repeating: "x", count: n % 2)] }
        for text in texts {
            let bytes = Array(("\"" + text + "\"zzzzzzzzzzzzzzzzzzzz").utf8)
            let got = bytes.withUnsafeBufferPointer { table.string($0, from: 1, to: 1 + text.utf8.count) }
            XCTAssertEqual(got, text)
            // Again, from the table this time, and from a buffer with other bytes after it.
            let again = Array(("[\"" + text + "\"yyyyyyyyyyyyyyyyyyyy").utf8)
            XCTAssertEqual(again.withUnsafeBufferPointer { table.string($0, from: 2, to: 2 + text.utf8.count) }, text)
        }
    }

    /// Far more distinct strings than slots, each looked up again after all the others: a slot
    /// another string has taken is a miss, never that other string.
    func testSharedSlotsNeverMixStrings() {
        var table = ShortStrings()
        let texts = (0..<5_000).map { "k\($0)" } + (0..<500).map { "source_col\($0)" } + ["source_column", "source_columns", "abcdefgh", "abcdefgi"]
        let buffer = Array(texts.joined(separator: ",").utf8) + Array(repeating: UInt8(ascii: " "), count: 16)
        var ranges: [(Int, Int)] = []
        var start = 0
        for t in texts { ranges.append((start, start + t.utf8.count)); start += t.utf8.count + 1 }
        buffer.withUnsafeBufferPointer { p in
            for _ in 0..<2 {
                for (k, r) in ranges.enumerated() { XCTAssertEqual(table.string(p, from: r.0, to: r.1), texts[k]) }
            }
        }
    }

    /// The last bytes of a buffer cannot be loaded 16 at a time; they are made directly.
    func testStringsAtTheEndOfTheBuffer() {
        var table = ShortStrings()
        let bytes = Array("abc".utf8)
        XCTAssertEqual(bytes.withUnsafeBufferPointer { table.string($0, from: 0, to: 3) }, "abc")
        XCTAssertEqual(bytes.withUnsafeBufferPointer { table.string($0, from: 1, to: 3) }, "bc")
        XCTAssertEqual(bytes.withUnsafeBufferPointer { table.string($0, from: 3, to: 3) }, "")
    }
}
