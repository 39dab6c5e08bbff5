/// A JSON value as `ddbm_core._parse_json` gets it from Python's
/// `json.loads(text, parse_float=Decimal, parse_int=Decimal, parse_constant=<reject>)`: numbers
/// exact, objects keeping their first-seen key order with the last value of a repeated key (a
/// Python dict), strings as Python's `str`.
public indirect enum ExactJSON: Sendable {
    case null
    case bool(Bool)
    case number(ExactDecimal)
    case string(String)
    case array([ExactJSON])
    case object([(key: String, value: ExactJSON)])

    public struct Invalid: Error {
        public var message: String
    }

    /// Parses `text` as Python's `json.loads` with those hooks does. What it refuses is what
    /// Python refuses: anything outside RFC 8259 (NaN, Infinity, a BOM, trailing data), control
    /// characters inside strings (`strict=True`), and, since Swift strings cannot hold them, a
    /// `\u` escape that leaves a lone UTF-16 surrogate (Python would keep it, and the job could
    /// not encode it to UTF-8 afterwards).
    public static func parse(_ text: String) throws -> ExactJSON {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == parser.scalars.count else { throw Invalid(message: "Extra data at character \(parser.index)") }
        return value
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0

        /// Python's C scanner recurses per level and fails with RecursionError long before this;
        /// either way the job says invalid-json, and DynamoDB's limit (32) rejects far earlier.
        static let depthLimit = 10_000

        mutating func skipSpace() {
            // json's WHITESPACE is [ \t\n\r]* and nothing else.
            while index < scalars.count, [" ", "\t", "\n", "\r"].contains(scalars[index]) { index += 1 }
        }

        func fail(_ what: String) -> Invalid { Invalid(message: "\(what) at character \(index)") }

        mutating func value(depth: Int) throws -> ExactJSON {
            guard depth < Self.depthLimit else { throw fail("nested too deeply") }
            guard index < scalars.count else { throw fail("Expecting value") }
            switch scalars[index] {
            case "{": return try object(depth: depth)
            case "[": return try array(depth: depth)
            case "\"": return .string(try string())
            case "n": try literal("null"); return .null
            case "t": try literal("true"); return .bool(true)
            case "f": try literal("false"); return .bool(false)
            default: return .number(try number())
            }
        }

        mutating func literal(_ word: String) throws {
            let expected = Array(word.unicodeScalars)
            guard index + expected.count <= scalars.count, Array(scalars[index..<index + expected.count]) == expected else {
                throw fail("Expecting value")
            }
            index += expected.count
        }

        mutating func number() throws -> ExactDecimal {
            let start = index
            while index < scalars.count, "+-.eE0123456789".unicodeScalars.contains(scalars[index]) { index += 1 }
            // Python's scanner takes the longest prefix that is a number and then reports the rest
            // as unexpected; either way the document is invalid, so the exact split is immaterial.
            guard index > start, let number = ExactDecimal(jsonNumber: scalars[start..<index]) else {
                index = start
                throw fail("Expecting value")
            }
            return number
        }

        mutating func string() throws -> String {
            index += 1  // the opening quote
            var out = String.UnicodeScalarView()
            while true {
                guard index < scalars.count else { throw fail("Unterminated string") }
                let scalar = scalars[index]
                index += 1
                switch scalar {
                case "\"":
                    return String(out)
                case "\\":
                    guard index < scalars.count else { throw fail("Unterminated string") }
                    let escape = scalars[index]
                    index += 1
                    switch escape {
                    case "\"": out.append("\"")
                    case "\\": out.append("\\")
                    case "/": out.append("/")
                    case "b": out.append("\u{08}")
                    case "f": out.append("\u{0C}")
                    case "n": out.append("\n")
                    case "r": out.append("\r")
                    case "t": out.append("\t")
                    case "u": out.append(try unicodeEscape())
                    default: throw fail("Invalid \\escape")
                    }
                default:
                    guard scalar.value >= 0x20 else { throw fail("Invalid control character") }
                    out.append(scalar)
                }
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard index + 4 <= scalars.count else { throw fail("Invalid \\uXXXX escape") }
            var value: UInt32 = 0
            for scalar in scalars[index..<index + 4] {
                guard let digit = Int(String(scalar), radix: 16) else { throw fail("Invalid \\uXXXX escape") }
                value = value * 16 + UInt32(digit)
            }
            index += 4
            return value
        }

        mutating func unicodeEscape() throws -> Unicode.Scalar {
            let first = try hex4()
            if (0xD800...0xDBFF).contains(first), index + 1 < scalars.count, scalars[index] == "\\", scalars[index + 1] == "u" {
                let save = index
                index += 2
                let second = try hex4()
                if (0xDC00...0xDFFF).contains(second) {
                    return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
                }
                index = save
            }
            guard let scalar = Unicode.Scalar(first) else { throw fail("lone surrogate \\u escape") }
            return scalar
        }

        mutating func array(depth: Int) throws -> ExactJSON {
            index += 1
            var elements: [ExactJSON] = []
            skipSpace()
            if index < scalars.count, scalars[index] == "]" { index += 1; return .array(elements) }
            while true {
                skipSpace()
                elements.append(try value(depth: depth + 1))
                skipSpace()
                guard index < scalars.count else { throw fail("Expecting ',' delimiter") }
                if scalars[index] == "]" { index += 1; return .array(elements) }
                guard scalars[index] == "," else { throw fail("Expecting ',' delimiter") }
                index += 1
            }
        }

        mutating func object(depth: Int) throws -> ExactJSON {
            index += 1
            var pairs: [(key: String, value: ExactJSON)] = []
            var positions: [[UInt8]: Int] = [:]  // keys as Python compares them: by code points
            skipSpace()
            if index < scalars.count, scalars[index] == "}" { index += 1; return .object(pairs) }
            while true {
                skipSpace()
                guard index < scalars.count, scalars[index] == "\"" else {
                    throw fail("Expecting property name enclosed in double quotes")
                }
                let key = try string()
                skipSpace()
                guard index < scalars.count, scalars[index] == ":" else { throw fail("Expecting ':' delimiter") }
                index += 1
                skipSpace()
                let element = try value(depth: depth + 1)
                if let position = positions[Array(key.utf8)] {
                    pairs[position].value = element  // a dict keeps the first position, the last value
                } else {
                    positions[Array(key.utf8)] = pairs.count
                    pairs.append((key, element))
                }
                skipSpace()
                guard index < scalars.count else { throw fail("Expecting ',' delimiter") }
                if scalars[index] == "}" { index += 1; return .object(pairs) }
                guard scalars[index] == "," else { throw fail("Expecting ',' delimiter") }
                index += 1
            }
        }
    }
}
