import AWS
import Foundation
import XCTest
import TestSupport
@testable import Validation

final class SampleTests: XCTestCase {
    func testCanonicalKeyBytesAreTheDocumentsExample() throws {
        let item: DynamoDBItem = ["PK": .s("USER#1"), "SK": .s("#META"), "name": .s("x")]
        XCTAssertEqual(String(decoding: try CanonicalKey.bytes(of: item, keyNames: ["PK", "SK"]), as: UTF8.self), "S6:USER#1S5:#META")
    }

    func testCanonicalKeyBytesOfNumbersBinaryAndUnicode() throws {
        XCTAssertEqual(String(decoding: try CanonicalKey.bytes(of: ["id": .n("1.50E+2")], keyNames: ["id"]), as: UTF8.self), "N3:150")
        XCTAssertEqual(try CanonicalKey.bytes(of: ["k": .b(Data([0, 0xFF, 0x3A]))], keyNames: ["k"]), Array("B3:".utf8) + [0, 0xFF, 0x3A])
        XCTAssertEqual(String(decoding: try CanonicalKey.bytes(of: ["k": .s("é😀")], keyNames: ["k"]), as: UTF8.self), "S6:é😀")  // bytes, not characters
        XCTAssertThrowsError(try CanonicalKey.bytes(of: ["k": .s("a")], keyNames: ["k", "sk"]))
        XCTAssertThrowsError(try CanonicalKey.bytes(of: ["k": .bool(true)], keyNames: ["k"]))
        XCTAssertThrowsError(try CanonicalKey.bytes(of: ["k": .n("twelve")], keyNames: ["k"]))
    }

    func testSampleHashMatchesHashlib() throws {
        let keys: [[UInt8]] = [Array("S6:USER#1S5:#META".utf8), Array("N3:150".utf8), [], Array("B3:".utf8) + [0, 0xFF, 0x3A],
                               Array("S6:é😀".utf8)]
        for seed in [1, 0, 42, 18_446_744] {
            let hex = keys.map { $0.map { String(format: "%02x", $0) }.joined() }
            let output = try pythonScripts.run("sample_hash.py", [String(seed)] + hex.map { $0.isEmpty ? "" : $0 })
            let expected = String(decoding: output, as: UTF8.self).split(separator: "\n").map { UInt64($0)! }
            XCTAssertEqual(expected.count, keys.count)
            XCTAssertEqual(keys.map { CanonicalKey.sampleHash(seed: seed, keyBytes: $0) }, expected, "seed \(seed)")
        }
    }

    func testBottomKKeepsWhatSortingAndTakingKKeeps() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SplitMix64(seed: seed)
        for k in [0, 1, 7, 100, 1000] {
            var sampler = BottomKSampler<Int>(k: k)
            var all: [(UInt64, [UInt8], Int)] = []
            for index in 0..<600 {
                // Few distinct hashes, so ties broken by key bytes are exercised too.
                let hash = UInt64.random(in: 0...40, using: &random)
                let key = (0..<Int.random(in: 0...3, using: &random)).map { _ in UInt8.random(in: 0...3, using: &random) }
                sampler.offer(hash: hash, key: key, value: index)
                all.append((hash, key, index))
            }
            let expected = all.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1.lexicographicallyPrecedes($1.1) }.prefix(k)
            let sample = sampler.sorted()
            XCTAssertEqual(sample.map(\.hash), expected.map(\.0), "seed \(seed), k \(k)")
            XCTAssertEqual(sample.map(\.key), expected.map(\.1), "seed \(seed), k \(k)")
            XCTAssertEqual(sampler.offered, 600)
        }
    }
}
