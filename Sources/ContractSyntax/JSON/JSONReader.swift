import Diagnostics

/// Reads RFC 8259 JSON from raw bytes into a `JSONTree` in which every node, object key and
/// string character knows its line and column (columns count Unicode scalars).
///
/// Strict on purpose: a contract is reviewed by people and compiled into SQL, so anything a lenient
/// reader would guess at (comments, trailing commas, NaN, duplicate keys, invalid UTF-8) is an
/// error at the exact spot instead. It works over the bytes in one pass without per-character
/// `String` operations, so a 50 MB input is read in well under a second in release builds, and it
/// limits nesting to `maxDepth` so hostile input cannot overflow the stack.
public enum JSONReader {
    /// Deepest nesting of arrays and objects accepted. Contracts need about 8.
    public static let maxDepth = 256

    /// The value, or nil after emitting a diagnostic when the bytes are not one JSON document.
    /// Duplicate keys are errors that do not stop reading (the first occurrence is kept).
    ///
    /// `tableElements`, when given, receives each element of the document's table array as soon
    /// as it is read, with its index: the elements of a root array, or of the root object's
    /// first `"tables"` member when that is an array. Each such element is read into a tree of its
    /// own, freed once the caller lets go of it, and the document's tree holds a null at the
    /// element's location in its place: a caller that decodes each element in turn never has the
    /// whole tree in memory (`ContractParser.parse`). An element is handed over only once it is
    /// read whole; a syntax error later in the file still makes the result nil.
    public static func read(bytes: [UInt8], file: String, diagnostics: DiagnosticEngine,
                            tableElements: ((JSONValue, Int) -> Void)? = nil) -> JSONValue? {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONByteParser(buffer, file: file, diagnostics: diagnostics, tableElements: tableElements)
            do {
                return try parser.parseDocument()
            } catch let failure as JSONByteParser.Failure {
                diagnostics.emit(failure.diagnostic)
                return nil
            } catch {
                diagnostics.error("json-syntax", "\(error)", at: SourceLocation(file: file, line: 1, column: 1))
                return nil
            }
        }
    }
}

/// The single-pass parser behind `JSONReader`. Position state is updated as bytes are consumed:
/// `line` on `\n`, `column` on every byte that starts a UTF-8 sequence.
struct JSONByteParser {
    struct Failure: Error { var diagnostic: Diagnostic }

    private let p: UnsafeBufferPointer<UInt8>
    private let n: Int
    /// The file's number, looked up once: a location is made for every token.
    private let fileID: SourceFileID
    private let diagnostics: DiagnosticEngine
    private var i = 0
    private var line = 1
    private var column = 1
    /// The tree being written (`JSONTree`'s arrays until it is made).
    private var storage = Storage()
    /// Members and elements of the open containers, innermost last. A container's are appended
    /// to the tree's together when it closes, so each object's and array's are contiguous there.
    private var openMembers: [JSONTree.Member] = []
    private var openElements: [Int] = []
    /// `JSONReader.read`'s `tableElements`.
    private let tableElements: ((JSONValue, Int) -> Void)?
    /// Each distinct short string made once (`ShortStrings`).
    private var shortStrings = ShortStrings()
    /// The sizes of the last handed-over element's tree (`parseHandedOver`).
    private var handedOverSize = Storage.Size()

    init(_ buffer: UnsafeBufferPointer<UInt8>, file: String, diagnostics: DiagnosticEngine,
         tableElements: ((JSONValue, Int) -> Void)? = nil) {
        self.p = buffer
        self.n = buffer.count
        self.fileID = SourceFileNames.id(of: file)
        self.diagnostics = diagnostics
        self.tableElements = tableElements
    }

    // MARK: Positions and errors

    private var here: SourceLocation { SourceLocation(fileID: fileID, line: line, column: column) }

    private func loc(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(fileID: fileID, line: line, column: column)
    }

    private func fail(_ code: String, _ message: String, at location: SourceLocation? = nil,
                      notes: [Note] = [], fixIts: [FixIt] = []) -> Failure {
        Failure(diagnostic: .error(code, message, at: location ?? here, notes: notes, fixIts: fixIts))
    }

    /// An error for whatever stands at the current position when `expected` was wanted, worded
    /// for the usual mistakes (comments, single quotes, NaN, end of input).
    private func unexpected(_ expected: String, closing opener: Opener? = nil) -> Failure {
        guard i < n else {
            if let opener {
                return fail("json-syntax", "unexpected end of input, expected \(expected) to close the \(opener.what) opened at \(opener.location.line):\(opener.location.column)",
                            notes: [Note("the \(opener.what) starts here", at: opener.location)])
            }
            return fail("json-syntax", "unexpected end of input, expected \(expected)")
        }
        let b = p[i]
        if b == UInt8(ascii: "/"), i + 1 < n, p[i + 1] == UInt8(ascii: "/") || p[i + 1] == UInt8(ascii: "*") {
            return fail("json-syntax", "comments are not allowed in JSON")
        }
        if b == UInt8(ascii: "'") {
            return fail("json-syntax", "strings must be written in double quotes, found a single quote; expected \(expected)")
        }
        if b >= 0x80 {
            if case .failure(let f) = utf8Length(at: i) { return f }
            return fail("json-syntax", "unexpected character '\(scalarText(at: i))', expected \(expected)")
        }
        if isLetter(b) {
            let word = asciiWord(at: i)
            if word == "NaN" || word == "Infinity" {
                return fail("json-syntax", "\(word) is not a JSON number, expected \(expected)")
            }
            return fail("json-syntax", "unexpected '\(word)', expected \(expected)")
        }
        return fail("json-syntax", "unexpected \(describeByte(b)), expected \(expected)")
    }

    private func describeByte(_ b: UInt8) -> String {
        if b < 0x20 || b == 0x7F { return "control character U+\(hex4(UInt32(b)))" }
        return "'\(Character(Unicode.Scalar(b)))'"
    }

    private func isLetter(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    }

    /// Up to 20 ASCII letters from `at`, for messages about stray words.
    private func asciiWord(at start: Int) -> String {
        var j = start
        var s = ""
        while j < n, j - start < 20, isLetter(p[j]) { s.unicodeScalars.append(Unicode.Scalar(p[j])); j += 1 }
        return s
    }

    private func scalarText(at start: Int) -> String {
        guard case .success(let len) = utf8Length(at: start) else { return "?" }
        return String(decoding: UnsafeBufferPointer(rebasing: p[start..<start + len]), as: UTF8.self)
    }

    // MARK: Document

    struct Opener { var what: String; var location: SourceLocation }

    mutating func parseDocument() throws -> JSONValue {
        if n >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { i = 3 }
        skipWhitespace()
        guard i < n else {
            throw fail("empty-input", n == 0 ? "the file is empty; expected a JSON document" : "the file holds only whitespace; expected a JSON document",
                       at: loc(1, 1))
        }
        let value = try parseValue(depth: 1, handsOverElements: true)
        skipWhitespace()
        if i < n {
            throw fail("json-syntax", "unexpected content after the JSON document (it ended at the previous value)")
        }
        return JSONValue(tree: storage.tree(), index: value)
    }

    /// In locals, stored back once: through `self` every byte was a load and a store of `i` and
    /// of `column` (the indentation of a pretty-printed contract is nearly half its bytes). Every
    /// whitespace byte but a line feed is one column, so the column is counted from where the
    /// line's run began, not byte by byte.
    private mutating func skipWhitespace() {
        var k = i, ln = line
        var col = column, runStart = k
        while k < n {
            // Spaces, the indentation, in a loop of their own (the byte switch compiled to a jump
            // table, an indirect jump per byte).
            while k < n, p[k] == 0x20 { k &+= 1 }
            guard k < n else { break }
            let b = p[k]
            if b == 0x09 || b == 0x0D { k &+= 1; continue }
            guard b == 0x0A else { break }
            k &+= 1; ln += 1; col = 1; runStart = k
        }
        i = k; line = ln; column = col + (k - runStart)
    }

    /// `handsOverElements`: this value is the document or its first `"tables"` member, and an
    /// array here is the table array whose elements go to `tableElements`.
    /// The value's node.
    private mutating func parseValue(depth: Int, closing opener: Opener? = nil, handsOverElements: Bool = false) throws -> Int {
        guard i < n else { throw unexpected("a value", closing: nil).withNote(opener) }
        let start = here
        switch p[i] {
        case UInt8(ascii: "{"):
            guard depth <= JSONReader.maxDepth else { throw tooDeep() }
            return try parseObject(depth: depth)
        case UInt8(ascii: "["):
            guard depth <= JSONReader.maxDepth else { throw tooDeep() }
            return try parseArray(depth: depth, handOver: handsOverElements ? tableElements : nil)
        case UInt8(ascii: "\""):
            let string = try parseString()
            return storage.node(.string, at: start, first: storage.append(string))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            if matchLiteral("true") { return storage.node(.bool, at: start, first: 1) }
            if matchLiteral("false") { return storage.node(.bool, at: start, first: 0) }
            if matchLiteral("null") { return storage.node(.null, at: start) }
            throw unexpected("a value")
        default:
            throw unexpected("a value")
        }
    }

    private func tooDeep() -> Failure {
        fail("json-too-deep", "arrays and objects are nested deeper than \(JSONReader.maxDepth) levels here; a contract needs far fewer")
    }

    private mutating func matchLiteral(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard i + count <= n else { return false }
        let base = word.utf8Start
        for k in 0..<count where p[i + k] != base[k] { return false }
        // `nullx` is not `null` followed by garbage we could accept.
        if i + count < n, isLetter(p[i + count]) { return false }
        i += count
        column += count
        return true
    }

    // MARK: Containers

    private mutating func parseObject(depth: Int) throws -> Int {
        let opener = Opener(what: "object", location: here)
        i += 1; column += 1
        let node = storage.node(.object, at: opener.location)
        let base = openMembers.count
        defer { openMembers.removeSubrange(base...) }
        // Duplicate detection: a linear scan while the object is small (contract objects have a
        // dozen keys; no hashing or allocation), a dictionary once it grows.
        var firstSeen: [String: SourceLocation] = [:]
        func previous(_ key: String, length: Int) -> SourceLocation? {
            if openMembers.count - base <= 16 {
                // Lengths first: most keys of an object differ in length.
                return openMembers[base...].first { $0.hasKey(key, length: length, in: storage.strings) }
                    .map { storage.strings[$0.key].location }
            }
            if firstSeen.isEmpty {
                for m in openMembers[base...] { firstSeen[storage.strings[m.key].value] = storage.strings[m.key].location }
            }
            return firstSeen[key]
        }
        skipWhitespace()
        if i < n, p[i] == UInt8(ascii: "}") {
            i += 1; column += 1
            return node
        }
        var lastComma: SourceLocation?
        while true {
            skipWhitespace()
            guard i < n, p[i] == UInt8(ascii: "\"") else {
                if i < n, p[i] == UInt8(ascii: "}"), let comma = lastComma {
                    throw fail("json-syntax", "trailing comma before '}' is not allowed in JSON", at: comma,
                               fixIts: [FixIt(message: "remove the comma", location: comma, length: 1, replacement: "")])
                }
                throw unexpected(lastComma == nil ? "a key in double quotes or '}'" : "a key in double quotes",
                                 closing: i < n ? nil : opener)
            }
            let key = try parseString()
            let keyLength = key.value.utf8.count
            skipWhitespace()
            guard i < n, p[i] == UInt8(ascii: ":") else {
                throw unexpected("':' after the key \"\(key.value)\"", closing: i < n ? nil : opener)
            }
            i += 1; column += 1
            skipWhitespace()
            // The root object's first "tables" (a later one is a duplicate, reported and dropped).
            let isTables = depth == 1 && key.value == "tables" && previous(key.value, length: keyLength) == nil
            let value = try parseValue(depth: depth + 1, closing: opener, handsOverElements: isTables)
            if let first = previous(key.value, length: keyLength) {
                diagnostics.error("duplicate-key", "duplicate key \"\(key.value)\" in this object", at: key.location,
                                  notes: [Note("first written here", at: first)])
            } else {
                if !firstSeen.isEmpty { firstSeen[key.value] = key.location }
                openMembers.append(JSONTree.Member(key: storage.append(key), keyLength: keyLength, value: value))
            }
            skipWhitespace()
            guard i < n else { throw unexpected("'}'", closing: opener) }
            if p[i] == UInt8(ascii: ",") {
                lastComma = here
                i += 1; column += 1
                continue
            }
            if p[i] == UInt8(ascii: "}") {
                i += 1; column += 1
                storage.close(node, members: openMembers[base...])
                return node
            }
            throw unexpected("',' or '}'")
        }
    }

    /// `handOver`: receives each element as it is read, in a tree of its own (this tree keeps a
    /// null in its place).
    private mutating func parseArray(depth: Int, handOver: ((JSONValue, Int) -> Void)? = nil) throws -> Int {
        let opener = Opener(what: "array", location: here)
        i += 1; column += 1
        let node = storage.node(.array, at: opener.location)
        let base = openElements.count
        defer { openElements.removeSubrange(base...) }
        skipWhitespace()
        if i < n, p[i] == UInt8(ascii: "]") {
            i += 1; column += 1
            return node
        }
        var lastComma: SourceLocation?
        while true {
            skipWhitespace()
            if i < n, p[i] == UInt8(ascii: "]"), let comma = lastComma {
                throw fail("json-syntax", "trailing comma before ']' is not allowed in JSON", at: comma,
                           fixIts: [FixIt(message: "remove the comma", location: comma, length: 1, replacement: "")])
            }
            if i >= n { throw unexpected("a value", closing: opener) }
            if let handOver {
                let location = here
                let element = try parseHandedOver(depth: depth + 1, closing: opener)
                handOver(element, openElements.count - base)
                openElements.append(storage.node(.null, at: location))
            } else {
                openElements.append(try parseValue(depth: depth + 1, closing: opener))
            }
            skipWhitespace()
            guard i < n else { throw unexpected("']'", closing: opener) }
            if p[i] == UInt8(ascii: ",") {
                lastComma = here
                i += 1; column += 1
                continue
            }
            if p[i] == UInt8(ascii: "]") {
                i += 1; column += 1
                storage.close(node, elements: openElements[base...])
                return node
            }
            throw unexpected("',' or ']'")
        }
    }

    /// A value read into a tree of its own: the enclosing tree is set aside meanwhile, and the
    /// new one starts with room for as much as the previous handed-over element needed (tables
    /// are alike in size; growing five arrays from empty per table was ~10 copies of each).
    private mutating func parseHandedOver(depth: Int, closing opener: Opener) throws -> JSONValue {
        let enclosing = storage
        storage = Storage(reserving: handedOverSize)
        defer { storage = enclosing }
        let index = try parseValue(depth: depth, closing: opener)
        handedOverSize = storage.size
        return JSONValue(tree: storage.tree(), index: index)
    }

    // MARK: Numbers

    private mutating func parseNumber() throws -> Int {
        let start = i
        let startLocation = here
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        if p[i] == UInt8(ascii: "-") {
            i += 1; column += 1
            if i < n, isLetter(p[i]) {
                let word = asciiWord(at: i)
                throw fail("json-syntax", word == "Infinity" ? "-Infinity is not a JSON number" : "expected a digit after '-'",
                           at: word == "Infinity" ? startLocation : here)
            }
        }
        guard i < n, isDigit(p[i]) else { throw unexpected("a digit") }
        if p[i] == UInt8(ascii: "0"), i + 1 < n, isDigit(p[i + 1]) {
            throw fail("json-syntax", "numbers must not have leading zeros", at: here)
        }
        while i < n, isDigit(p[i]) { i += 1; column += 1 }
        if i < n, p[i] == UInt8(ascii: ".") {
            i += 1; column += 1
            guard i < n, isDigit(p[i]) else { throw unexpected("a digit after the decimal point") }
            while i < n, isDigit(p[i]) { i += 1; column += 1 }
        }
        if i < n, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            i += 1; column += 1
            if i < n, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { i += 1; column += 1 }
            guard i < n, isDigit(p[i]) else { throw unexpected("a digit in the exponent") }
            while i < n, isDigit(p[i]) { i += 1; column += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw fail("json-syntax", "the number \(text.prefix(40)) is out of range", at: startLocation)
        }
        return storage.node(.number, at: startLocation, first: storage.append(JSONTree.Number(text: text, value: value)))
    }

    // MARK: Strings

    /// Reads a string at the opening quote. Plain runs (no quote, backslash or control byte) are
    /// scanned in a tight loop and copied in bulk; columns of decoded scalars are recorded only once
    /// an escape makes them differ from "opening column + 1 + offset" (within a run they are
    /// consecutive, so a run adds a range).
    private mutating func parseString() throws -> LocatedString {
        let open = here
        i += 1; column += 1
        let segmentStart = i
        var hasEscapes = false
        var escaped: [UInt8] = []
        var columns: [Int] = []
        while true {
            let runStart = i
            let runColumn = column
            // The run in locals, as in `skipWhitespace`.
            var k = i, col = column
            while k < n {
                let b = p[k]
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
                if b < 0x80 {
                    k += 1
                } else {
                    // An invalid sequence is reported at `here`: the position must be this byte's.
                    i = k; column = col
                    switch utf8Length(at: k) {
                    case .failure(let f): throw f
                    case .success(let len): k += len
                    }
                }
                col += 1
            }
            i = k; column = col
            if hasEscapes, i > runStart {
                escaped.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<i]))
                appendColumns(&columns, from: runColumn, to: column)
            }
            guard i < n else {
                throw fail("json-syntax", "unexpected end of input, expected '\"' to close the string opened at \(open.line):\(open.column)",
                           notes: [Note("the string starts here", at: open)])
            }
            let b = p[i]
            if b == UInt8(ascii: "\"") {
                let value = hasEscapes
                    ? String(decoding: escaped, as: UTF8.self)
                    : shortStrings.string(p, from: segmentStart, to: i)
                i += 1; column += 1
                return LocatedString(value, at: open, scalarColumns: hasEscapes ? columns : nil)
            }
            if b == UInt8(ascii: "\\") {
                if !hasEscapes {
                    hasEscapes = true
                    escaped = Array(UnsafeBufferPointer(rebasing: p[segmentStart..<i]))
                    columns = []
                    appendColumns(&columns, from: open.column + 1, to: column)
                }
                let escapeColumn = column
                let scalar = try parseEscape()
                columns.append(escapeColumn)
                if let encoded = UTF8.encode(scalar) { escaped.append(contentsOf: encoded) }
                continue
            }
            let name: String
            switch b {
            case 0x0A: name = "a line break (write \\n)"
            case 0x09: name = "a tab (write \\t)"
            case 0x0D: name = "a carriage return (write \\r)"
            default: name = "control character U+\(hex4(UInt32(b))) (write \\u\(hex4(UInt32(b))))"
            }
            throw fail("json-syntax", "\(name) is not allowed inside a JSON string")
        }
    }

    /// `from..<to` appended with a plain loop: the generic `append(contentsOf: Range)` costs
    /// metadata lookups per element in debug builds, which dominated reading large inputs.
    private func appendColumns(_ columns: inout [Int], from: Int, to: Int) {
        columns.reserveCapacity(columns.count + max(0, to - from))
        var c = from
        while c < to { columns.append(c); c += 1 }
    }

    /// Reads one escape at the backslash and returns the scalar it stands for (a surrogate pair is
    /// one scalar; a lone surrogate is an error).
    private mutating func parseEscape() throws -> Unicode.Scalar {
        let start = here
        i += 1; column += 1
        guard i < n else { throw unexpected("an escape character after '\\'") }
        let c = p[i]
        i += 1; column += 1
        switch c {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hexQuad(escapeAt: start)
            if unit >= 0xD800 && unit <= 0xDBFF {
                guard i + 1 < n, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u") else {
                    throw fail("json-syntax", "lone surrogate \\u\(hex4(unit)): a high surrogate must be followed by a low surrogate \\uDC00-\\uDFFF", at: start)
                }
                let secondStart = here
                i += 2; column += 2
                let low = try hexQuad(escapeAt: secondStart)
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw fail("json-syntax", "lone surrogate \\u\(hex4(unit)): it is followed by \\u\(hex4(low)), not a low surrogate", at: start)
                }
                let combined = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                guard let scalar = Unicode.Scalar(combined) else {
                    throw fail("json-syntax", "invalid surrogate pair", at: start)
                }
                return scalar
            }
            if unit >= 0xDC00 && unit <= 0xDFFF {
                throw fail("json-syntax", "lone surrogate \\u\(hex4(unit)): a low surrogate must follow a high surrogate", at: start)
            }
            guard let scalar = Unicode.Scalar(unit) else { throw fail("json-syntax", "invalid \\u escape", at: start) }
            return scalar
        default:
            i -= 1; column -= 1
            if c < 0x80, c >= 0x20 {
                throw fail("json-syntax", "invalid escape '\\\(Character(Unicode.Scalar(c)))' in a JSON string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", at: start)
            }
            throw fail("json-syntax", "invalid escape in a JSON string", at: start)
        }
    }

    private mutating func hexQuad(escapeAt start: SourceLocation) throws -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard i < n else { throw unexpected("four hex digits after \\u") }
            let b = p[i]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw fail("json-syntax", "expected four hex digits after \\u", at: start)
            }
            v = v << 4 | d
            i += 1; column += 1
        }
        return v
    }

    // MARK: UTF-8

    enum LengthResult { case success(Int), failure(Failure) }

    /// Length of the well-formed UTF-8 sequence starting at `start`, or an `invalid-utf8` error that
    /// names the offending byte and its offset in the file.
    private func utf8Length(at start: Int) -> LengthResult {
        let b0 = p[start]
        let len: Int
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        switch b0 {
        case 0x00...0x7F: return .success(1)
        case 0xC2...0xDF: len = 2
        case 0xE0: len = 3; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: len = 3
        case 0xED: len = 3; hi = 0x9F
        case 0xF0: len = 4; lo = 0x90
        case 0xF1...0xF3: len = 4
        case 0xF4: len = 4; hi = 0x8F
        default: return .failure(invalidUTF8(byteAt: start))
        }
        for k in 1..<len {
            let j = start + k
            guard j < n else { return .failure(invalidUTF8(byteAt: j)) }
            let b = p[j]
            let (l, h) = k == 1 ? (lo, hi) : (UInt8(0x80), UInt8(0xBF))
            guard b >= l && b <= h else { return .failure(invalidUTF8(byteAt: j)) }
        }
        return .success(len)
    }

    /// Reported at the current position, which is the first byte of the bad sequence.
    private func invalidUTF8(byteAt j: Int) -> Failure {
        let what = j < n ? "byte 0x\(hex2(p[j])) at byte offset \(j)" : "end of input at byte offset \(j) inside a multi-byte sequence"
        return fail("invalid-utf8", "the file is not valid UTF-8: \(what)")
    }
}

extension JSONByteParser.Failure {
    /// Adds "the object starts here" to an end-of-input error raised inside a container.
    func withNote(_ opener: JSONByteParser.Opener?) -> JSONByteParser.Failure {
        guard let opener else { return self }
        var copy = self
        copy.diagnostic.notes.append(Note("inside the \(opener.what) opened here", at: opener.location))
        return copy
    }
}

private let hexDigits = Array("0123456789ABCDEF")

func hex2(_ b: UInt8) -> String { String([hexDigits[Int(b >> 4)], hexDigits[Int(b & 0xF)]]) }

func hex4(_ v: UInt32) -> String {
    String([hexDigits[Int(v >> 12 & 0xF)], hexDigits[Int(v >> 8 & 0xF)], hexDigits[Int(v >> 4 & 0xF)], hexDigits[Int(v & 0xF)]])
}
