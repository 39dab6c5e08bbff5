import Foundation
import Crypto

/// The files one `generate` produces, keyed by path relative to the output directory. Backends add
/// to it; nothing touches the disk until `AtomicDirectoryWriter` publishes the whole set at once.
public struct ArtifactSet: Sendable {
    public private(set) var files: [String: Data] = [:]

    public init() {}

    public mutating func add(_ path: String, _ text: String) { files[path] = Data(text.utf8) }
    public mutating func add(_ path: String, data: Data) { files[path] = data }

    /// Paths in byte order, so every listing derived from the set is deterministic.
    public var paths: [String] { files.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) } }

    public func sha256(of path: String) -> String? {
        files[path].map { SHA256.hash(data: $0).map { String(format: "%02x", $0) }.joined() }
    }
}

public enum SHA256Hex {
    public static func of(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
    public static func of(_ text: String) -> String { of(Data(text.utf8)) }
}
