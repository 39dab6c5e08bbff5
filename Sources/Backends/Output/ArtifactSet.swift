import Foundation
import Crypto

/// The files one `generate` produces, keyed by path relative to the output directory. Backends add
/// to it; nothing touches the disk until `AtomicDirectoryWriter` publishes the whole set at once.
public struct ArtifactSet: Sendable {
    public private(set) var files: [String: Data] = [:]
    /// SHA-256 (hex) of files whose digest was asked for ahead (`computeDigests`), so that each
    /// group of `generate`'s artifacts hashes its own files on its own thread; never stale.
    private var digests: [String: String] = [:]

    public init() {}

    public mutating func add(_ path: String, _ text: String) { add(path, data: Data(text.utf8)) }
    public mutating func add(_ path: String, data: Data) {
        files[path] = data
        if !digests.isEmpty { digests[path] = nil }
    }
    /// Every file of `other`; where both have a path, `other`'s bytes, as if added after.
    public mutating func add(contentsOf other: ArtifactSet) {
        for path in other.files.keys where other.digests[path] == nil { digests[path] = nil }
        files.merge(other.files) { _, new in new }
        digests.merge(other.digests) { _, new in new }
    }

    /// Hashes every file not hashed yet, now, so that `sha256(of:)` later only looks it up.
    public mutating func computeDigests() {
        for (path, data) in files where digests[path] == nil { digests[path] = SHA256Hex.of(data) }
    }

    /// Paths in byte order, so every listing derived from the set is deterministic. For ASCII
    /// paths (table names usually are) String's own `<` is that order and a `memcmp`; the generic
    /// comparison of two UTF-8 views, which any other path needs (`<` orders by canonical
    /// equivalence, not bytes), was 4 % of `generate` for the thousands of files of a large contract.
    public var paths: [String] {
        let keys = Array(files.keys)
        if keys.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) { return keys.sorted() }
        return keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    public func sha256(of path: String) -> String? {
        digests[path] ?? files[path].map(SHA256Hex.of)
    }
}

public enum SHA256Hex {
    public static func of(_ data: Data) -> String { hex(SHA256.hash(data: data)) }
    /// The same of bytes in an array, without copying them into a `Data` (11 MB for the synthetic contract).
    public static func of(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }
    public static func of(_ text: String) -> String { of(Data(text.utf8)) }

    /// Lower-case hex through a digit table: `String(format:)` per byte cost more than hashing
    /// the bytes for the manifest's thousands of small files.
    private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
