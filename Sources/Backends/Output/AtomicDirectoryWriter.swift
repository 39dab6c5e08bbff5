import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Publishes an `ArtifactSet` as a directory so that a reader sees either the old directory or
/// the complete new one, never a half-written mix: files go to a hidden sibling first (same
/// filesystem, so the final step is a rename) and are then swapped in. An interrupted or failed
/// run leaves the old directory as it was. Files are not fsynced: after a power loss, run
/// `generate` again (its output is a pure function of its inputs); flushing cost more than the
/// whole compilation of a 1,000-table contract.
///
/// A file whose bytes are those of the old directory's file at the same path is hard-linked into
/// the new directory instead of written again (`UnchangedFiles`): a regeneration changes few of
/// a large contract's thousands of files, and creating and then freeing that many inodes was most of
/// its time here (ext4's inode allocator scans past recently freed inodes; each free is a
/// discard on this mount). The old directory's names are then removed, the linked files live on.
public enum AtomicDirectoryWriter {
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    /// `preserving` names files of the old directory (not artifacts) carried into the new one,
    /// such as deploy's record of the runs it started.
    public static func write(_ set: ArtifactSet, to directory: URL, preserving: [String] = []) throws {
        let staging = try Staging(for: directory)
        do {
            try staging.write(set)
            try staging.publish(preserving: preserving)
        } catch {
            staging.discard()
            throw error
        }
    }

    /// The new directory while it is written: a hidden sibling of the target, filled by one or
    /// more `write` calls (`generate` writes the artifacts while it encodes the manifest, then the
    /// manifest) and swapped in by `publish`. Until then nothing a reader sees has changed; a
    /// caller that gives up calls `discard`. One thread at a time, but for the pieces of a `plan`.
    public final class Staging {
        private let target: URL
        private let staging: URL
        private let token: String
        private let targetIsDirectory: Bool
        /// Each directory is made once (a 1,000-table contract has ~2,000 files in a handful of
        /// directories), with plain path strings: URL arithmetic per file was a visible cost.
        private var made: Set<Substring> = [""]
        private var unchanged: UnchangedFiles?
        private var written: Set<String> = []
        private var created = false

        public init(for directory: URL) throws {
            let fm = FileManager.default
            target = directory.standardizedFileURL
            token = "\(getpid())-\(UInt32.random(in: 0 ... .max))"
            staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tmp-\(token)")
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: target.path, isDirectory: &isDir), !isDir.boolValue {
                throw WriteError(description: "\(target.path) exists and is not a directory")
            }
            targetIsDirectory = isDir.boolValue
        }

        /// The parent and the hidden sibling, made at the first write: a caller that gives up
        /// before writing anything (an artifact that cannot be built) leaves no trace.
        private func create() throws {
            guard !created else { return }
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
            } catch {
                throw WriteError(description: "cannot write \(target.path): \(error.localizedDescription)")
            }
            created = true
            unchanged = targetIsDirectory ? UnchangedFiles(of: target.path) : nil
        }

        /// Writes every file of `set` that no earlier call wrote.
        public func write(_ set: ArtifactSet) throws {
            for piece in try plan(set, pieces: 1) { try write(piece) }
        }

        /// Files of one `plan`, to be written by `write(_:)`.
        public struct Piece: Sendable {
            fileprivate var files: [(path: String, directory: Substring, data: Data)] = []
        }

        /// Checks every path of `set` that no earlier call planned, makes its directories, and
        /// splits the files (in path order) into at most `pieces` runs of about equal count, which
        /// may then be written on as many threads at once. One thread at a time, like the rest.
        public func plan(_ set: ArtifactSet, pieces: Int) throws -> [Piece] {
            try create()
            let stagingPath = staging.path
            var files: [(path: String, directory: Substring, data: Data)] = []
            do {
                for path in set.paths where !written.contains(path) {
                    guard AtomicDirectoryWriter.isSafeRelativePath(path), let data = set.files[path] else {
                        throw WriteError(description: "refusing to write unsafe artifact path '\(path)'")
                    }
                    let directory = path.lastIndex(of: "/").map { path[..<$0] } ?? ""
                    if made.insert(directory).inserted {
                        try FileManager.default.createDirectory(atPath: stagingPath + "/" + directory, withIntermediateDirectories: true)
                        unchanged?.admit(directory)
                    }
                    written.insert(path)
                    files.append((path, directory, data))
                }
            } catch let e as WriteError {
                throw e
            } catch {
                throw WriteError(description: "cannot write \(target.path): \(error.localizedDescription)")
            }
            let size = max(1, (files.count + max(pieces, 1) - 1) / max(pieces, 1))
            return stride(from: 0, to: files.count, by: size).map { Piece(files: Array(files[$0..<min($0 + size, files.count)])) }
        }

        /// Writes a piece of a `plan` (hard-linking what the old directory holds unchanged). The
        /// pieces of one plan may be written on several threads at once: this reads nothing any
        /// other call changes.
        public func write(_ piece: Piece) throws {
            let stagingPath = staging.path
            for file in piece.files {
                if unchanged?.link(file.path, in: file.directory, as: stagingPath + "/" + file.path, ifItHolds: file.data) == true { continue }
                try AtomicDirectoryWriter.writeFile(file.data, to: stagingPath + "/" + file.path)
            }
        }

        /// Carries `preserving`'s files of the old directory over (those not written) and swaps
        /// the new directory in.
        public func publish(preserving: [String] = []) throws {
            try create()
            let fm = FileManager.default
            do {
                for name in preserving where !written.contains(name) {
                    let old = target.appendingPathComponent(name)
                    if fm.fileExists(atPath: old.path) {
                        try fm.copyItem(at: old, to: staging.appendingPathComponent(name))
                    }
                }
            } catch {
                throw WriteError(description: "cannot write \(target.path): \(error.localizedDescription)")
            }
            if fm.fileExists(atPath: target.path) {
                // Swap the directories in one step where the kernel offers it (Linux renameat2
                // RENAME_EXCHANGE), else fall back to two renames with the old copy kept until the end.
                if AtomicDirectoryWriter.exchange(staging.path, target.path) {
                    try? fm.removeItem(at: staging)
                    return
                }
                let old = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).old-\(token)")
                do {
                    try fm.moveItem(at: target, to: old)
                    try fm.moveItem(at: staging, to: target)
                } catch {
                    if !fm.fileExists(atPath: target.path) { try? fm.moveItem(at: old, to: target) }
                    throw WriteError(description: "cannot replace \(target.path): \(error.localizedDescription)")
                }
                try? fm.removeItem(at: old)
            } else {
                do { try fm.moveItem(at: staging, to: target) } catch {
                    throw WriteError(description: "cannot create \(target.path): \(error.localizedDescription)")
                }
            }
        }

        /// Removes what was written; the target is as it was.
        public func discard() {
            if created { try? FileManager.default.removeItem(at: staging) }
        }
    }

    /// Plain open/write/close: Foundation's `Data.write` syncs every file, which made a
    /// 1,000-table generate spend most of its time waiting on the disk.
    private static func writeFile(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(description: "cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        try data.withUnsafeBytes { (buf: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
    }

    /// Relative, no `..`, no absolute paths: an artifact can never land outside the output directory.
    /// Checked over the UTF-8 bytes, one component at a time (splitting into substrings for each
    /// of ~8,000 paths, as many as generate then wrote, was 2 % of it): no component may be empty, `.` or `..`.
    static func isSafeRelativePath(_ p: String) -> Bool {
        var component = 0, dots = 0  // bytes of the current component, and how many are dots
        // A name: not empty, and not one or two dots alone.
        func isName() -> Bool { component > 0 && !(component == dots && dots <= 2) }
        for byte in p.utf8 {
            if byte == UInt8(ascii: "/") {
                if !isName() { return false }
                component = 0; dots = 0
            } else {
                component += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return isName()
    }

    /// glibc's renameat2(2) with RENAME_EXCHANGE, looked up at run time: it is not visible to
    /// Swift's Glibc module, and a missing symbol or an unsupporting filesystem just means "no".
    private static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let renameat2 = unsafeBitCast(sym, to: RenameAt2.self)
        let atFDCWD: Int32 = -100, renameExchange: UInt32 = 2
        return renameat2(atFDCWD, a, atFDCWD, b, renameExchange) == 0
        #else
        return false
        #endif
    }
}
