import XCTest
import Foundation
import Diagnostics
@testable import Operations

/// `ContractLoading.readFile` reads a file straight into one array (no `Data` copy). These pin
/// what it must still do: every byte, whatever the size `stat` reported, and the limit.
final class ContractReadingTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ddbm-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    private func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Bytes of every value, so a misplaced chunk boundary shows as a mismatch.
    private func pattern(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) } }

    func testReadsEveryByteOfFilesOfEverySize() throws {
        for count in [0, 1, 4095, 4096, 65_537, 300_001] {
            let bytes = pattern(count)
            let path = try write(bytes, "f\(count).json")
            let engine = DiagnosticEngine()
            XCTAssertEqual(ContractLoading.readFile(path, what: "contract", limit: 1 << 20, diagnostics: engine), bytes, "\(count) bytes")
            XCTAssertTrue(engine.diagnostics.isEmpty)
        }
    }

    /// A file larger than `stat` said (it grew between the two calls) is read on to its end.
    func testReadsPastAStaleSize() throws {
        let bytes = pattern(200_000)
        let path = try write(bytes, "grown.json")
        XCTAssertEqual(ContractLoading.readBytes(path, size: 10, limit: 1 << 20), bytes)
        XCTAssertEqual(ContractLoading.readBytes(path, size: 0, limit: 1 << 20), bytes)
    }

    /// Grown past the limit while being read: refused, not returned in part.
    func testRefusesAFileThatGrewPastTheLimit() throws {
        let path = try write(pattern(200_000), "big.json")
        XCTAssertNil(ContractLoading.readBytes(path, size: 10, limit: 100_000))
    }

    func testTooLargeMissingAndDirectoryAreDiagnostics() throws {
        let big = try write(pattern(2_000), "big.json")
        let engine = DiagnosticEngine()
        XCTAssertNil(ContractLoading.readFile(big, what: "contract", limit: 1_000, diagnostics: engine))
        XCTAssertNil(ContractLoading.readFile(dir.appendingPathComponent("absent.json").path, what: "contract", limit: 1_000, diagnostics: engine))
        XCTAssertNil(ContractLoading.readFile(dir.path, what: "contract", limit: 1_000, diagnostics: engine))
        XCTAssertEqual(engine.diagnostics.map(\.code), ["input-too-large", "file-not-found", "file-not-found"])
    }
}
