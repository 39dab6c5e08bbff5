#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The few file operations of the scratch files, on POSIX calls so every failure arrives with
/// its errno text as a `KeyReconcilerError` (FileHandle's older write API traps on a full disk).
enum ScratchIO {
    /// Creates `path` as a directory only this user can read.
    static func makeDirectory(_ path: String) throws {
        guard mkdir(path, 0o700) == 0 else {
            throw KeyReconcilerError.scratchUnavailable(path: path, reason: reason())
        }
    }

    /// Appends `bytes` to the file at `path`, creating it. The file is opened per append, not
    /// kept open: a partitioning has up to 256 buckets, and several reconcilers (one per table)
    /// may run at once, which would press the process's descriptor limit for no gain at 16 KiB
    /// per write.
    static func append(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw KeyReconcilerError.writeFailed(path: path, reason: reason()) }
        var written = 0
        while written < bytes.count {
            let count = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                let failure = reason()
                close(descriptor)
                throw KeyReconcilerError.writeFailed(path: path, reason: failure)
            }
            written += count
        }
        // close can report a deferred write error (NFS, quota): it is part of the write.
        guard close(descriptor) == 0 else { throw KeyReconcilerError.writeFailed(path: path, reason: reason()) }
    }

    static func openForReading(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw KeyReconcilerError.readFailed(path: path, reason: reason()) }
        return descriptor
    }

    /// Reads up to `buffer.count` bytes; 0 at the end of the file.
    static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws -> Int {
        while true {
            #if canImport(Glibc)
            let count = Glibc.read(descriptor, buffer.baseAddress!, buffer.count)
            #else
            let count = Darwin.read(descriptor, buffer.baseAddress!, buffer.count)
            #endif
            if count >= 0 { return count }
            if errno != EINTR { throw KeyReconcilerError.readFailed(path: path, reason: reason()) }
        }
    }

    static func removeFile(_ path: String) throws {
        guard unlink(path) == 0 else { throw KeyReconcilerError.cleanupFailed(path: path, reason: reason()) }
    }

    /// Removes the directory and anything left in it (files of buckets not yet processed when
    /// a reconciliation is abandoned).
    static func removeTree(_ path: String) throws {
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw KeyReconcilerError.cleanupFailed(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
