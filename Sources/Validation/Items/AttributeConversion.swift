import AWS
import Foundation

/// The dead-letter reasons, as `ddbm_core`'s `REASON_*` constants spell them (they are part of
/// the summary format, templates/glue/README.md, "Outputs").
public enum DeadLetterReason {
    public static let missingKey = "missing-key"
    public static let invalidJSON = "invalid-json"
    public static let invalidValue = "invalid-value"
    public static let missingVersion = "missing-version"
    public static let itemTooLarge = "item-too-large"
    public static let keyCollision = "key-collision"
    /// A retryable write failure (throttling, 5xx, connection) that outlasted the retry budget.
    public static let retriesExhausted = "retries-exhausted"
    /// A write DynamoDB refused for good (ValidationException, access denied, ...).
    public static let writeRejected = "write-rejected"
}

/// DynamoDB's limits, as `ddbm_core` states them (MAX_ITEM_BYTES, MAX_NESTING_DEPTH,
/// MAX_NUMBER_DIGITS, MIN/MAX_NUMBER_EXPONENT).
public enum DynamoDBLimits {
    public static let maxItemBytes = 400 * 1024
    public static let maxNestingDepth = 32
    public static let maxNumberDigits = 38
    public static let minNumberExponent = -130
    public static let maxNumberExponent = 125
}

/// A value that cannot have its declared type (`ddbm_core._Reject`): the reason and a detail.
struct Rejection: Error {
    var reason: String
    var detail: String

    static func value(_ detail: String) -> Rejection { Rejection(reason: DeadLetterReason.invalidValue, detail: detail) }
    static func json(_ detail: String) -> Rejection { Rejection(reason: DeadLetterReason.invalidJSON, detail: detail) }
}

/// `ddbm_core` section 2, "Value conversion", function by function (CONTRACT.md §5, "What a view
/// column holds, per type"). Each function takes what the job would have in hand (`JobValue`, or
/// a parsed JSON element) and gives the same result or the same rejection reason.
enum AttributeConversion {
    /// `to_attribute_value`: nil when the value must not be written (an empty set).
    static func attributeValue(_ value: JobValue, type: AttributeType) throws -> DynamoDBAttributeValue? {
        switch type {
        case .S: return .s(try text(value))
        case .N: return .n(try number(value).canonicalText)
        case .B: return .b(Data(try binary(value)))
        case .BOOL: return .bool(try boolean(value))
        case .NULL: return .null
        case .M, .L:
            let parsed = try parseJSON(value)
            switch (type, parsed) {
            case (.M, .object), (.L, .array): return try attribute(ofJSON: parsed, depth: 1)
            default: throw Rejection.json(type == .M ? "an M attribute needs a JSON object" : "an L attribute needs a JSON array")
            }
        case .SS:
            let elements = try stringSet(try setElements(value))
            return elements.isEmpty ? nil : .ss(elements)
        case .NS:
            let elements = try numberSet(try setElements(value))
            return elements.isEmpty ? nil : .ns(elements)
        case .BS:
            let elements = try binarySet(try setElements(value))
            return elements.isEmpty ? nil : .bs(elements.map { Data($0) })
        }
    }

    // MARK: S

    /// `_text`. Text is taken as it is, bytes must be UTF-8, numbers and dates are the server's
    /// text (CONTRACT.md §5: "the value's MySQL text form"; see docs/VALIDATE.md, "Where the
    /// view's types meet Spark's", for the job's own rendering of un-cast non-text columns).
    static func text(_ value: JobValue) throws -> String {
        switch value {
        case .text(let text): return text
        case .bytes(let bytes): return try utf8(bytes)
        case .number(_, let text), .float(_, let text), .temporal(let text): return text
        }
    }

    static func utf8(_ bytes: [UInt8]) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Rejection.value("bytes are not valid UTF-8 text") }
        return text
    }

    // MARK: N

    /// `_decimal`: exact; a float through its shortest round-trip text; text must be number text;
    /// finite, at most 38 significant digits, magnitude within DynamoDB's range.
    static func number(_ value: JobValue) throws -> ExactDecimal {
        let number: ExactDecimal
        switch value {
        case .number(let exact, _):
            number = exact
        case .float(let double, _):
            // Python's repr(float) and Swift's description are both the shortest text that
            // round-trips; only their spelling differs (1e-07 / 1e-07, 1e+16 / 1e+16, 16777200.0).
            guard double.isFinite, let exact = ExactDecimal(numberText: "\(double)") else { throw Rejection.value("not a finite number") }
            number = exact
        case .text, .bytes:
            guard let exact = ExactDecimal(numberText: try text(value)) else { throw Rejection.value("not a number") }
            number = exact
        case .temporal:
            throw Rejection.value("cannot read a datetime as a number")
        }
        return try checkedNumber(number)
    }

    /// The range checks of `_decimal`, for a number already exact (also JSON numbers).
    static func checkedNumber(_ number: ExactDecimal) throws -> ExactDecimal {
        guard !number.isZero else { return number }
        let digits = number.significantDigits
        guard digits <= DynamoDBLimits.maxNumberDigits else {
            throw Rejection.value("\(digits) significant digits (DynamoDB keeps 38)")
        }
        guard (DynamoDBLimits.minNumberExponent...DynamoDBLimits.maxNumberExponent).contains(number.adjustedExponent) else {
            throw Rejection.value("magnitude outside DynamoDB's range (1E-130 .. 1E+126)")
        }
        return number
    }

    // MARK: B

    /// `_binary`: bytes as they are; text strictly as base64; anything else is refused.
    static func binary(_ value: JobValue) throws -> [UInt8] {
        switch value {
        case .bytes(let bytes): return bytes
        case .text(let text): return try base64(text)
        case .number, .float, .temporal: throw Rejection.value("cannot read this value as binary")
        }
    }

    static func base64(_ text: String) throws -> [UInt8] {
        guard let bytes = StrictBase64.decode(text) else { throw Rejection.value("text for a B attribute is not base64") }
        return bytes
    }

    // MARK: BOOL

    /// `_boolean`: a number equal to 0 or 1, or text that is (after strip, lower case) 0/1/true/
    /// false. A float is refused whatever its value (the job's `_boolean` has no float branch);
    /// bytes that are not UTF-8 are refused.
    static func boolean(_ value: JobValue) throws -> Bool {
        switch value {
        case .number(let number, _):
            if number.hasSameValue(as: ExactDecimal(isNegative: false, coefficient: [UInt8(ascii: "1")], exponent: 0)) { return true }
            if number.isZero { return false }
        case .text, .bytes:
            if let text = try? text(value) {
                // Python's .lower() equals ASCII lower-casing for every text that can match.
                switch PythonText.strip(text).lowercased() {
                case "1", "true": return true
                case "0", "false": return false
                default: break
                }
            }
        case .float, .temporal:
            break
        }
        throw Rejection.value("not a boolean (0/1/true/false)")
    }

    // MARK: M, L

    /// `_parse_json`: the value's text (`_text`) parsed with exact numbers.
    static func parseJSON(_ value: JobValue) throws -> ExactJSON {
        let source: String
        switch value {
        case .text(let text): source = text
        case .bytes(let bytes):
            guard let text = try? utf8(bytes) else { throw Rejection.json("value is not JSON text") }
            source = text
        case .number(_, let text), .float(_, let text), .temporal(let text):
            // The job renders these differently (repr, isoformat) but never as a JSON object or
            // array, so the outcome (invalid-json for M, L and the sets) is the same.
            source = text
        }
        do {
            return try ExactJSON.parse(source)
        } catch let invalid as ExactJSON.Invalid {
            throw Rejection.json("invalid JSON: \(invalid.message)")
        }
    }

    /// `_json_to_av`: depth is checked on entry to every value, scalars included, so a scalar
    /// inside 32 nested containers is already too deep; the first failure in document order wins.
    static func attribute(ofJSON json: ExactJSON, depth: Int) throws -> DynamoDBAttributeValue {
        guard depth <= DynamoDBLimits.maxNestingDepth else {
            throw Rejection.json("JSON nested deeper than \(DynamoDBLimits.maxNestingDepth) levels")
        }
        switch json {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let number): return .n(try checkedNumber(number).canonicalText)
        case .string(let text): return .s(text)
        case .array(let elements): return .l(try elements.map { try attribute(ofJSON: $0, depth: depth + 1) })
        case .object(let pairs):
            var map: [String: DynamoDBAttributeValue] = [:]
            for pair in pairs { map[pair.key] = try attribute(ofJSON: pair.value, depth: depth + 1) }
            return .m(map)
        }
    }

    // MARK: SS, NS, BS

    /// `_set_elements`: a JSON array, its nulls dropped.
    static func setElements(_ value: JobValue) throws -> [ExactJSON] {
        guard case .array(let elements) = try parseJSON(value) else { throw Rejection.json("a set attribute needs a JSON array") }
        return elements.filter { if case .null = $0 { return false } else { return true } }
    }

    /// `_string_set`: strings as they are, numbers as `format(Decimal, "f")`; duplicates (by
    /// code points, as Python compares str) removed.
    static func stringSet(_ elements: [ExactJSON]) throws -> [String] {
        var seen = Set<[UInt8]>()
        var out: [String] = []
        for element in elements {
            let text: String
            switch element {
            case .string(let string): text = string
            case .number(let number): text = number.formatF
            case .bool, .array, .object, .null: throw Rejection.value("SS elements must be strings")
            }
            if seen.insert(Array(text.utf8)).inserted { out.append(text) }
        }
        return out
    }

    /// `_number_set`: numbers, or number text; duplicates by value (`1` and `1.0` are one).
    static func numberSet(_ elements: [ExactJSON]) throws -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for element in elements {
            let number: ExactDecimal
            switch element {
            case .number(let exact): number = try checkedNumber(exact)
            case .string(let text): number = try self.number(.text(text))
            case .bool, .array, .object, .null: throw Rejection.value("NS elements must be numbers")
            }
            if seen.insert(number.canonicalText).inserted { out.append(number.canonicalText) }
        }
        return out
    }

    /// `_binary_set`: base64 strings; duplicates by bytes.
    static func binarySet(_ elements: [ExactJSON]) throws -> [[UInt8]] {
        var seen = Set<[UInt8]>()
        var out: [[UInt8]] = []
        for element in elements {
            guard case .string(let text) = element else { throw Rejection.value("BS elements must be base64 strings") }
            let bytes = try base64(text)
            if seen.insert(bytes).inserted { out.append(bytes) }
        }
        return out
    }
}
