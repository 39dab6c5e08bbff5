/// UTF-8 decoding as the JDBC driver does it for a text column: `new String(bytes, UTF_8)` in the
/// JVM (JDK 17 `java.lang.String.decodeUTF8_UTF16`), each malformed sequence replaced by U+FFFD.
///
/// Swift's own decoder replaces by Unicode's "maximal subpart" rule, and so does the JDK except
/// for one lead byte: after `ED`, the JDK accepts `A0`...`BF` as a continuation while reading the
/// sequence and only then refuses the surrogate it encodes, so `ED A0 80` is one U+FFFD (Swift:
/// three) and `ED A0 41` is U+FFFD `A` (Swift: two and `A`). A text column holds such bytes only
/// when a view casts binary data to CHAR, but the item the job writes then has the JDK's text, so
/// `validate` must expect that text (found by ItemDifferentialTests).
public enum JavaUTF8 {
    public static func decode(_ bytes: [UInt8]) -> String {
        var out = String.UnicodeScalarView()
        let replacement: Unicode.Scalar = "\u{FFFD}"
        let end = bytes.count
        var sp = 0
        func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }
        while sp < end {
            let b1 = bytes[sp]
            sp += 1
            switch b1 {
            case 0x00...0x7F:
                out.append(Unicode.Scalar(b1))
            case 0xC2...0xDF:
                guard sp < end else { out.append(replacement); return String(out) }
                let b2 = bytes[sp]
                if isContinuation(b2) {
                    sp += 1
                    out.append(Unicode.Scalar(UInt32(b1 & 0x1F) << 6 | UInt32(b2 & 0x3F))!)
                } else {
                    out.append(replacement)  // b2 is read again as a sequence of its own
                }
            case 0xE0...0xEF:
                if sp + 1 < end {
                    let b2 = bytes[sp], b3 = bytes[sp + 1]
                    if (b1 == 0xE0 && b2 & 0xE0 == 0x80) || !isContinuation(b2) || !isContinuation(b3) {
                        out.append(replacement)
                        // malformed3: only the lead, or the lead and b2, are taken
                        sp += (b1 == 0xE0 && b2 & 0xE0 == 0x80) || !isContinuation(b2) ? 0 : 1
                    } else {
                        sp += 2
                        let value = UInt32(b1 & 0x0F) << 12 | UInt32(b2 & 0x3F) << 6 | UInt32(b3 & 0x3F)
                        out.append(Unicode.Scalar(value) ?? replacement)  // a surrogate: one U+FFFD for all three
                    }
                    continue
                }
                if sp < end, (b1 == 0xE0 && bytes[sp] & 0xE0 == 0x80) || !isContinuation(bytes[sp]) {
                    out.append(replacement)  // isMalformed3_2: the next byte is read again
                    continue
                }
                out.append(replacement)  // a truncated sequence at the end: one U+FFFD, the rest dropped
                return String(out)
            case 0xF0...0xF7:
                if sp + 2 < end {
                    let b2 = bytes[sp], b3 = bytes[sp + 1], b4 = bytes[sp + 2]
                    let value = UInt32(b1 & 0x07) << 18 | UInt32(b2 & 0x3F) << 12 | UInt32(b3 & 0x3F) << 6 | UInt32(b4 & 0x3F)
                    if !isContinuation(b2) || !isContinuation(b3) || !isContinuation(b4) || !(0x10000...0x10FFFF).contains(value) {
                        out.append(replacement)
                        // malformed4
                        if b1 > 0xF4 || (b1 == 0xF0 && !(0x90...0xBF).contains(b2)) || (b1 == 0xF4 && b2 & 0xF0 != 0x80) || !isContinuation(b2) {
                            sp += 0
                        } else if !isContinuation(b3) {
                            sp += 1
                        } else {
                            sp += 2
                        }
                    } else {
                        sp += 3
                        out.append(Unicode.Scalar(value)!)
                    }
                    continue
                }
                if b1 > 0xF4 || (sp < end && malformed4Second(b1, bytes[sp])) {
                    out.append(replacement)
                    continue
                }
                sp += 1
                out.append(replacement)
                if sp < end, !isContinuation(bytes[sp]) { continue }
                return String(out)
            default:
                out.append(replacement)  // 80...C1, F8...FF
            }
        }
        return String(out)
    }

    /// `isMalformed4_2`.
    private static func malformed4Second(_ b1: UInt8, _ b2: UInt8) -> Bool {
        (b1 == 0xF0 && !(0x90...0xBF).contains(b2)) || (b1 == 0xF4 && b2 & 0xF0 != 0x80) || b2 & 0xC0 != 0x80
    }
}
