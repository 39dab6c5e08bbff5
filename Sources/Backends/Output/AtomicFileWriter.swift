import Foundation

/// Writes one file so that readers see the old content or the new, never a torn file: a
/// temporary sibling, then a rename.
public enum AtomicFileWriter {
    public static func write(_ data: Data, to url: URL) throws {
        try data.write(to: url, options: .atomic)
    }
}
