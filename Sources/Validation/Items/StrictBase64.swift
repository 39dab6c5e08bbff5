/// Base64 decoding exactly as `ddbm_core._binary` decodes text for a `B` (or `BS` element):
/// `base64.b64decode(text.encode("ascii"), validate=True)`, i.e. CPython's `binascii.a2b_base64`
/// in strict mode. Its rules, which Foundation's decoder does not share: no leading `=`; any
/// character outside the alphabet is an error; a data character after padding has started is an
/// error; padding that completes a quantum ends the input (anything after it is an error); `=`
/// after a complete quantum is ignored (`QUJD=` is `ABC`); unused trailing bits are ignored
/// (`QR==` is `A`); a final quantum of one character, or two or three without their padding, is
/// an error.
enum StrictBase64 {
    static func decode(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.allSatisfy({ $0 < 0x80 }) else { return nil }  // .encode("ascii") fails
        if input.first == UInt8(ascii: "=") { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3)
        var quadPosition = 0
        var leftChar: UInt32 = 0
        var pads = 0
        var paddingStarted = false
        for (offset, char) in input.enumerated() {
            if char == UInt8(ascii: "=") {
                paddingStarted = true
                if quadPosition >= 2 {
                    pads += 1
                    if quadPosition + pads >= 4 {
                        return offset + 1 < input.count ? nil : out
                    }
                }
                continue
            }
            guard let sextet = value(of: char) else { return nil }
            if paddingStarted { return nil }
            pads = 0
            switch quadPosition {
            case 0:
                leftChar = sextet; quadPosition = 1
            case 1:
                out.append(UInt8((leftChar << 2) | (sextet >> 4))); leftChar = sextet & 0x0F; quadPosition = 2
            case 2:
                out.append(UInt8((leftChar << 4) | (sextet >> 2))); leftChar = sextet & 0x03; quadPosition = 3
            default:
                out.append(UInt8((leftChar << 6) | sextet)); leftChar = 0; quadPosition = 0
            }
        }
        return quadPosition == 0 ? out : nil
    }

    private static func value(of char: UInt8) -> UInt32? {
        switch char {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(char - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(char - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(char - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
