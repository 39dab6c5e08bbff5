import Foundation
import MySQL

/// A view column's value as the Glue job has it in hand: Spark's JDBC source turns each MySQL
/// column type into one Python type (int, Decimal, float, str, bytes, datetime), and
/// `ddbm_core.to_attribute_value` (CONTRACT.md §5) branches on that Python type. `validate` reads
/// the same view through the text protocol, so every value is first put back into the class the
/// job sees, by the column's wire type, and converted from there.
///
/// Where the two paths could still differ, docs/VALIDATE.md, "Where the view's types meet
/// Spark's", says which one this follows and why.
enum JobValue {
    /// Integer types (Spark IntegerType/LongType: Python `int`), DECIMAL and BIGINT UNSIGNED
    /// (DecimalType: `Decimal`), BIT (BooleanType for BIT(1), else LongType). `ddbm_core` treats
    /// `int`, `Decimal` and `bool` alike in every conversion but `S`, which takes `text`.
    case number(ExactDecimal, text: String)
    /// FLOAT and DOUBLE (Spark DoubleType: Python `float`, which `_decimal` reads through its
    /// shortest round-trip text and `_boolean` refuses).
    case float(Double, text: String)
    /// Character columns, JSON, ENUM/SET (StringType: `str`), decoded as the JDBC driver decodes
    /// utf8mb4 (`JavaUTF8`: invalid sequences replaced as the JVM replaces them).
    case text(String)
    /// Binary strings and BLOBs (BinaryType: `bytes`).
    case bytes([UInt8])
    /// DATE, DATETIME, TIMESTAMP, TIME (DateType/TimestampType: `date`/`datetime`), kept as the
    /// server's text for `S`; every other type refuses them, as `ddbm_core` refuses a datetime.
    case temporal(String)

    init(_ value: MySQLValue, column: MySQLColumn) {
        switch column.type {
        case .tiny, .short, .long, .int24, .longLong, .decimal, .year:
            // The text protocol sends these as plain decimal text; an unparsable one (never seen)
            // is kept as text, so it fails as the number it is not.
            let text = value.text
            if let number = ExactDecimal(numberText: text) { self = .number(number, text: text) } else { self = .text(text) }
        case .float, .double:
            let text = value.text
            // The driver parses the server's text into a Java double; Double(text) is that parse.
            if let double = Double(text) { self = .float(double, text: text) } else { self = .text(text) }
        case .bit:
            // BIT(n) arrives as n bits in big-endian bytes; Spark hands the job a bool or a long.
            var digits: [UInt8] = [UInt8(ascii: "0")]
            for byte in value.bytes { digits = Self.timesTwoFiftySixPlus(digits, byte) }
            let number = ExactDecimal(isNegative: false, coefficient: digits, exponent: 0)
            self = .number(number, text: number.canonicalText)
        case .date, .time, .dateTime, .timestamp:
            self = .temporal(value.text)
        case .json, .enumeration, .set:
            // MySQL 8 sends JSON with the binary character set; Connector/J and Spark read it as text.
            self = .text(JavaUTF8.decode(value.bytes))
        case .tinyBlob, .mediumBlob, .longBlob, .blob, .varString, .string, .varChar, .geometry, .null, .other:
            self = column.isBinary ? .bytes(value.bytes) : .text(JavaUTF8.decode(value.bytes))
        }
    }

    /// Decimal digits of `digits` × 256 + `byte` (digits most significant first).
    private static func timesTwoFiftySixPlus(_ digits: [UInt8], _ byte: UInt8) -> [UInt8] {
        var result: [UInt8] = []
        var carry = Int(byte)
        for digit in digits.reversed() {
            let value = Int(digit - UInt8(ascii: "0")) * 256 + carry
            result.append(UInt8(ascii: "0") + UInt8(value % 10))
            carry = value / 10
        }
        while carry > 0 { result.append(UInt8(ascii: "0") + UInt8(carry % 10)); carry /= 10 }
        while result.count > 1, result.last == UInt8(ascii: "0") { result.removeLast() }
        return result.reversed()
    }
}
