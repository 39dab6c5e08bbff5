/// An exact decimal number as Python's `decimal.Decimal` holds one: a sign, the coefficient's
/// digits and a power of ten. `ddbm_core` does all of its number work with `Decimal`
/// (`_decimal`, `_number_text`, `significant_digits`, `number_size`), so this type mirrors exactly
/// the parts of it the job uses, and nothing is ever rounded.
public struct ExactDecimal: Hashable, Sendable {
    /// The sign as written: `-0` is a negative zero, as in Python (it matters only for `formatF`).
    public let isNegative: Bool
    /// The coefficient's ASCII digits without leading zeros; `[]` is zero. Trailing zeros are
    /// kept, as Python keeps them (`1.50` is 150 × 10^-2).
    public let coefficient: [UInt8]
    /// value = coefficient × 10^exponent. Saturated at ±`exponentLimit`: any non-zero number that
    /// far out is outside DynamoDB's range whichever exact exponent it had.
    public let exponent: Int

    static let exponentLimit = 1_000_000_000

    public init(isNegative: Bool, coefficient: [UInt8], exponent: Int) {
        let stripped = Array(coefficient.drop { $0 == UInt8(ascii: "0") })
        self.isNegative = isNegative
        self.coefficient = stripped
        self.exponent = max(-Self.exponentLimit, min(Self.exponentLimit, exponent))
    }

    public var isZero: Bool { coefficient.isEmpty }

    /// `ddbm_core.significant_digits`: the digits between the first and last non-zero digit.
    public var significantDigits: Int {
        max(1, coefficient.count - trailingZeros)
    }

    /// Python's `Decimal.adjusted()` for a non-zero number: the exponent of its first digit.
    public var adjustedExponent: Int { coefficient.count - 1 + exponent }

    private var trailingZeros: Int {
        coefficient.reversed().prefix { $0 == UInt8(ascii: "0") }.count
    }

    // MARK: Parsing

    /// Parses `text` as `ddbm_core._decimal` reads number text: Python's `str.strip()`, then the
    /// whole of `[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?`. nil when it is not such a number.
    /// (Python's `\d` also matches non-ASCII digits, which no MySQL number text contains; only
    /// ASCII digits are read here.)
    public init?(numberText text: String) {
        let scalars = Array(PythonText.strip(text).unicodeScalars)[...]
        var index = 0
        var negative = false
        if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" {
            negative = scalars[index] == "-"
            index += 1
        }
        var digits: [UInt8] = []
        var fractionDigits = 0
        var integerCount = 0
        while index < scalars.count, let d = Self.digit(scalars[index]) { digits.append(d); integerCount += 1; index += 1 }
        if index < scalars.count, scalars[index] == "." {
            index += 1
            while index < scalars.count, let d = Self.digit(scalars[index]) { digits.append(d); fractionDigits += 1; index += 1 }
        }
        guard integerCount + fractionDigits > 0 else { return nil }
        var exponent = 0
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            index += 1
            guard let parsed = Self.exponent(scalars, &index) else { return nil }
            exponent = parsed
        }
        guard index == scalars.count else { return nil }
        self.init(isNegative: negative, coefficient: digits, exponent: exponent - fractionDigits)
    }

    /// Parses a JSON number token (RFC 8259: `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`), as Python's
    /// `json` hands it to `parse_int`/`parse_float` (`Decimal`). nil when it is not one.
    init?(jsonNumber scalars: ArraySlice<Unicode.Scalar>) {
        var index = scalars.startIndex
        var negative = false
        if index < scalars.endIndex, scalars[index] == "-" { negative = true; index += 1 }
        var digits: [UInt8] = []
        guard index < scalars.endIndex, let first = Self.digit(scalars[index]) else { return nil }
        digits.append(first); index += 1
        if first != UInt8(ascii: "0") {
            while index < scalars.endIndex, let d = Self.digit(scalars[index]) { digits.append(d); index += 1 }
        }
        var fractionDigits = 0
        if index < scalars.endIndex, scalars[index] == "." {
            index += 1
            while index < scalars.endIndex, let d = Self.digit(scalars[index]) { digits.append(d); fractionDigits += 1; index += 1 }
            guard fractionDigits > 0 else { return nil }
        }
        var exponent = 0
        if index < scalars.endIndex, scalars[index] == "e" || scalars[index] == "E" {
            index += 1
            guard let parsed = Self.exponent(scalars, &index) else { return nil }
            exponent = parsed
        }
        guard index == scalars.endIndex else { return nil }
        self.init(isNegative: negative, coefficient: digits, exponent: exponent - fractionDigits)
    }

    private static func digit(_ scalar: Unicode.Scalar) -> UInt8? {
        scalar.value >= 0x30 && scalar.value <= 0x39 ? UInt8(scalar.value) : nil
    }

    /// `[+-]?\d+`, saturating (see `exponentLimit`).
    private static func exponent(_ scalars: ArraySlice<Unicode.Scalar>, _ index: inout Int) -> Int? {
        var negative = false
        if index < scalars.endIndex, scalars[index] == "+" || scalars[index] == "-" {
            negative = scalars[index] == "-"; index += 1
        }
        var value = 0
        var any = false
        while index < scalars.endIndex, let d = digit(scalars[index]) {
            any = true
            value = min(exponentLimit * 10, value * 10 + Int(d - UInt8(ascii: "0")))
            index += 1
        }
        return any ? (negative ? -value : value) : nil
    }

    // MARK: Rendering

    /// The canonical decimal text of docs/VALIDATE.md ("Sample"): written out in full without
    /// exponent, no leading zeros in the integer part, no trailing zeros in the fraction, no `.`
    /// without a fraction, `-` only for a non-zero negative number.
    public var canonicalText: String {
        if isZero { return "0" }
        let digits = Array(coefficient.dropLast(trailingZeros))
        let exp = exponent + trailingZeros
        var out: [UInt8] = isNegative ? [UInt8(ascii: "-")] : []
        if exp >= 0 {
            out += digits + [UInt8](repeating: UInt8(ascii: "0"), count: exp)
        } else {
            let point = digits.count + exp  // digits before the decimal point
            if point > 0 {
                out += digits[..<point] + [UInt8(ascii: ".")] + digits[point...]
            } else {
                out += Array("0.".utf8) + [UInt8](repeating: UInt8(ascii: "0"), count: -point) + digits
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Python's `format(Decimal, "f")`, which `ddbm_core._text` uses to render a number as text
    /// (an `SS` element that is a JSON number): the coefficient as it is, trailing zeros kept,
    /// a zero with a positive exponent as `0`, the sign kept even on zero (`-0`).
    var formatF: String {
        let digits = isZero ? [UInt8(ascii: "0")] : coefficient
        let exp = isZero && exponent > 0 ? 0 : exponent
        var out: [UInt8] = isNegative ? [UInt8(ascii: "-")] : []
        let dotplace = exp + digits.count
        if exp >= 0 {
            out += digits + [UInt8](repeating: UInt8(ascii: "0"), count: exp)
        } else if dotplace > 0 {
            out += digits[..<dotplace] + [UInt8(ascii: ".")] + digits[dotplace...]
        } else {
            out += Array("0.".utf8) + [UInt8](repeating: UInt8(ascii: "0"), count: -dotplace) + digits
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Equality of value (`1` and `1.0`, `0` and `-0` are one number), as Python's `Decimal ==`.
    public func hasSameValue(as other: ExactDecimal) -> Bool {
        canonicalText == other.canonicalText
    }
}

/// The canonical decimal text (docs/VALIDATE.md) of number text such as DynamoDB or the job
/// writes (`1.50E+2` → `150`); nil when `text` is not a decimal number.
public func canonicalDecimalText(_ text: String) -> String? {
    ExactDecimal(numberText: text)?.canonicalText
}

/// What Python's `str` methods take for white space (`str.isspace`: Unicode White_Space plus
/// the bidirectional classes B and S), so that `.strip()` in `ddbm_core` is mirrored exactly.
enum PythonText {
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x1F, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// `str.strip()`.
    static func strip(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[first...last])
        return String(out)
    }
}
