#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams the records of one bucket file through a read buffer of bounded size (grown only
/// for a single key longer than the buffer).
enum BucketReader {
    /// Calls `body` with each record of `file` in order; the key's bytes are valid only during
    /// the call. `body` returns false to stop reading.
    static func forEachRecord(in file: BucketWriter.File, bufferBytes: Int,
                              _ body: (KeyRecord.Side, UnsafeBufferPointer<UInt8>, UInt32) throws -> Bool) throws {
        let descriptor = try ScratchIO.openForReading(file.path)
        defer { close(descriptor) }
        // Never more than the file: a small bucket does not touch a whole buffer's pages.
        var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, min(bufferBytes, file.bytes)))
        defer { buffer.deallocate() }
        var filled = 0      // valid bytes at the start of `buffer`
        var offset = 0      // the file offset of buffer[0], for error messages
        while true {
            var start = 0
            var needed = 0  // bytes from `start` the next record needs, when it is cut off
            parsing: while start < filled {
                let bytes = UnsafeRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[0..<filled])
                switch KeyRecord.parse(bytes, at: start) {
                case .record(let side, let key, let tag, let next):
                    let view = UnsafeBufferPointer(rebasing: buffer[key])
                    guard try body(side, view, tag) else { return }
                    start = next
                case .incomplete(let length):
                    guard offset + start + length <= file.bytes else {
                        throw KeyReconcilerError.corruptBucket(path: file.path, offset: offset + start)
                    }
                    needed = length
                    break parsing
                case .corrupt:
                    throw KeyReconcilerError.corruptBucket(path: file.path, offset: offset + start)
                }
            }
            // Keep the cut-off record's start, growing the buffer if it is longer than it.
            let remaining = filled - start
            if start > 0 && remaining > 0 {
                UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(
                    from: buffer.baseAddress! + start, byteCount: remaining)
            }
            offset += start
            filled = remaining
            if needed > buffer.count {
                let grown = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: needed)
                UnsafeMutableRawPointer(grown.baseAddress!).copyMemory(from: buffer.baseAddress!, byteCount: filled)
                buffer.deallocate()
                buffer = grown
            }
            let free = UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[filled...])
            let count = try ScratchIO.read(descriptor, into: free, path: file.path)
            if count == 0 {
                if filled > 0 { throw KeyReconcilerError.corruptBucket(path: file.path, offset: offset) }
                return
            }
            filled += count
        }
    }
}
