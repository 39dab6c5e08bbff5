/// The record format of the bucket files: one byte saying which stream the key came from, the
/// key's length as an unsigned LEB128 varint, the key's bytes, and for an expected key its tag
/// (4 bytes, little-endian: what the caller counts per class, see `KeyReconciler.addExpected`). Expected and actual keys share a
/// bucket file, so one pass over a bucket sees both sides of every key in it.
enum KeyRecord {
    enum Side: UInt8 {
        case expected = 0
        case actual = 1
    }

    enum Parsed {
        /// A whole record: its key is `bytes[key]` (its tag 0 for an actual key), the next
        /// record starts at `next`.
        case record(side: Side, key: Range<Int>, tag: UInt32, next: Int)
        /// The bytes end inside the record, which needs `bytes[start..<start + length]`
        /// (as far as the bytes tell: a cut-off length varint asks for one more byte).
        case incomplete(length: Int)
        /// Not a record this writer writes.
        case corrupt
    }

    /// Appends one record to `buffer`.
    static func append(side: Side, key: UnsafeBufferPointer<UInt8>, tag: UInt32 = 0, to buffer: inout [UInt8]) {
        buffer.append(side.rawValue)
        var length = UInt(key.count)
        while length >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: length) | 0x80)
            length >>= 7
        }
        buffer.append(UInt8(length))
        buffer.append(contentsOf: key)
        if side == .expected {
            for shift in stride(from: 0, to: 32, by: 8) { buffer.append(UInt8(truncatingIfNeeded: tag >> UInt32(shift))) }
        }
    }

    /// The record that starts at `bytes[start]` (start < bytes.count).
    static func parse(_ bytes: UnsafeRawBufferPointer, at start: Int) -> Parsed {
        guard let side = Side(rawValue: bytes[start]) else { return .corrupt }
        var position = start + 1
        var length = 0
        var shift = 0
        while true {
            guard position < bytes.count else { return .incomplete(length: position - start + 1) }
            let byte = bytes[position]
            position += 1
            // A key longer than 2^49 bytes cannot come from this writer.
            guard shift <= 42 else { return .corrupt }
            length |= Int(byte & 0x7f) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        let tagBytes = side == .expected ? 4 : 0
        guard bytes.count - position >= length + tagBytes else { return .incomplete(length: position - start + length + tagBytes) }
        var tag: UInt32 = 0
        for i in 0..<tagBytes { tag |= UInt32(bytes[position + length + i]) << UInt32(8 * i) }
        return .record(side: side, key: position..<(position + length), tag: tag, next: position + length + tagBytes)
    }
}
