/// Parses the Mustache subset our templates use (see `TextTemplate`) into `TemplateNode`s, in
/// three steps over the UTF-8 bytes: split into text runs and tags, drop standalone lines, nest
/// the sections. Whatever is outside the subset is refused here, naming template, line and tag.
struct TemplateParser {
    private let bytes: [UInt8]
    private let template: String

    init(_ text: String, template: String) {
        bytes = Array(text.utf8); self.template = template
    }

    private enum TagKind: Equatable {
        case variable(escaped: Bool)
        case open(inverted: Bool)
        case close
        case comment
        case contentType(escaping: Bool)

        /// The tags a line may hold alone and then vanish with its newline (Mustache spec,
        /// "Standalone Lines"); a variable always stays on its line.
        var standaloneCapable: Bool {
            if case .variable = self { return false }
            return true
        }
    }

    private struct Tag {
        var kind: TagKind
        var name: TemplateName
        var line: Int
        /// The tag as written, for messages.
        var raw: String
    }

    private enum Piece {
        case text(start: Int, end: Int)
        case tag(Tag)
    }

    func parse() throws -> (nodes: [TemplateNode], sites: [TemplateSite]) {
        var pieces = try split()
        dropStandaloneLines(&pieces)
        return try nest(pieces)
    }

    // MARK: step 1, text runs and tags

    private func split() throws -> [Piece] {
        var pieces: [Piece] = []
        var i = 0, line = 1, textStart = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "{"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") {
                if textStart < i { pieces.append(.text(start: textStart, end: i)) }
                let tag = try readTag(at: i, line: &line)
                pieces.append(.tag(tag.tag))
                i = tag.end; textStart = i
                continue
            }
            if bytes[i] == UInt8(ascii: "\n") { line += 1 }
            i += 1
        }
        if textStart < bytes.count { pieces.append(.text(start: textStart, end: bytes.count)) }
        return pieces
    }

    /// The tag starting at `start` (its `{{`) and the offset after it; `line` is the tag's first
    /// line on entry and the line after the tag on return.
    private func readTag(at start: Int, line: inout Int) throws -> (tag: Tag, end: Int) {
        let tagLine = line
        func fail(_ reason: String) -> TemplateError {
            TemplateError(template: template, line: tagLine, tag: rawTag(from: start), reason: reason)
        }
        var j = start + 2
        let sigil: UInt8? = j < bytes.count ? bytes[j] : nil
        let kind: TagKind
        var closing = "}}"
        switch sigil {
        case UInt8(ascii: "!"):
            guard let end = find("}}", from: j + 1) else { throw fail("the comment is never closed with }}") }
            line += count(UInt8(ascii: "\n"), in: start..<end)
            return (Tag(kind: .comment, name: .current, line: tagLine, raw: rawTag(from: start)), end + 2)
        case UInt8(ascii: "%"):
            j += 1
            let escaping = try readContentType(from: &j, fail: fail)
            line += count(UInt8(ascii: "\n"), in: start..<j)
            return (Tag(kind: .contentType(escaping: escaping), name: .current, line: tagLine, raw: rawTag(from: start)), j)
        case UInt8(ascii: ">"): throw fail("partials are not supported")
        case UInt8(ascii: "="): throw fail("changing the delimiters is not supported")
        case UInt8(ascii: "<"), UInt8(ascii: "$"): throw fail("template inheritance (blocks) is not supported")
        case UInt8(ascii: "{"): kind = .variable(escaped: false); closing = "}}}"; j += 1
        case UInt8(ascii: "&"): kind = .variable(escaped: false); j += 1
        case UInt8(ascii: "#"): kind = .open(inverted: false); j += 1
        case UInt8(ascii: "^"): kind = .open(inverted: true); j += 1
        case UInt8(ascii: "/"): kind = .close; j += 1
        default: kind = .variable(escaped: true)
        }
        skipWhitespace(&j)
        let nameStart = j
        while j < bytes.count, Self.isNameByte(bytes[j]) { j += 1 }
        let nameEnd = j
        skipWhitespace(&j)
        guard matches(closing, at: j) else {
            if find(closing, from: j) == nil { throw fail("the tag is never closed with \(closing)") }
            throw fail("a name holds only letters, digits, `_`, `-` and `.` (no lambdas, transforms or other tags)")
        }
        let name = try Self.name(String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self), fail: fail)
        j += closing.utf8.count
        line += count(UInt8(ascii: "\n"), in: start..<j)
        return (Tag(kind: kind, name: name, line: tagLine, raw: rawTag(from: start)), j)
    }

    /// `CONTENT_TYPE: TEXT` or `CONTENT_TYPE: HTML` then `}}`, from after the `%`; whether
    /// `{{x}}` escapes HTML from here on.
    private func readContentType(from j: inout Int, fail: (String) -> TemplateError) throws -> Bool {
        func word() -> String {
            let s = j
            while j < bytes.count, Self.isNameByte(bytes[j]) { j += 1 }
            return String(decoding: bytes[s..<j], as: UTF8.self)
        }
        skipWhitespace(&j)
        let variable = word()
        skipWhitespace(&j)
        guard variable == "CONTENT_TYPE" else { throw fail("the only pragma is CONTENT_TYPE (TEXT or HTML)") }
        guard matches(":", at: j) else { throw fail("expected `CONTENT_TYPE: TEXT` or `CONTENT_TYPE: HTML`") }
        j += 1
        skipWhitespace(&j)
        let value = word()
        skipWhitespace(&j)
        guard matches("}}", at: j) else { throw fail("expected `CONTENT_TYPE: TEXT` or `CONTENT_TYPE: HTML`") }
        j += 2
        switch value {
        case "TEXT": return false
        case "HTML": return true
        default: throw fail("unknown content type `\(value)` (TEXT or HTML)")
        }
    }

    private static func name(_ s: String, fail: (String) -> TemplateError) throws -> TemplateName {
        if s == "." { return .current }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard !s.isEmpty, !parts.contains(where: \.isEmpty) else {
            throw fail(s.isEmpty ? "the tag names nothing" : "`\(s)` is not a name (`.` or dotted names like `a.b`)")
        }
        return parts.count == 1 ? .name(s) : .path(parts.map(String.init))
    }

    /// Letters, digits, `_`, `-`, `.`: the names our templates use.
    private static func isNameByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."): return true
        default: return false
        }
    }

    /// Inside a tag, as swift-mustache: spaces, tabs and line ends around the name.
    private func skipWhitespace(_ j: inout Int) {
        while j < bytes.count, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[j]) { j += 1 }
    }

    private func matches(_ s: String, at j: Int) -> Bool {
        let u = Array(s.utf8)
        return j + u.count <= bytes.count && bytes[j..<(j + u.count)].elementsEqual(u)
    }

    private func find(_ s: String, from j: Int) -> Int? {
        var k = j
        while k < bytes.count { if matches(s, at: k) { return k }; k += 1 }
        return nil
    }

    private func count(_ b: UInt8, in r: Range<Int>) -> Int { bytes[r].reduce(0) { $0 + ($1 == b ? 1 : 0) } }

    /// The tag from `start` to its `}}` (or to the line's end when unclosed), for messages.
    private func rawTag(from start: Int) -> String {
        var k = start + 2
        while k < bytes.count, bytes[k] != UInt8(ascii: "\n") {
            if matches("}}}", at: k) { k += 3; break }
            if matches("}}", at: k) { k += 2; break }
            k += 1
        }
        return String(decoding: bytes[start..<k], as: UTF8.self)
    }

    // MARK: step 2, standalone lines

    /// Mustache spec, "Standalone Lines": a section, inverted-section, close, comment or pragma
    /// tag that is alone on its line apart from spaces and tabs takes the whole line with it,
    /// its line end included (at the template's end there may be none). Decided on the pieces
    /// as split, then applied, so two such lines in a row are both seen as standalone.
    /// swift-mustache 2.1 departed from this in two corners no template of ours reaches (after a
    /// section opened mid-line it saw no line start; blanks before the end kept a comment's
    /// line); TextTemplateTests pins the spec's result for both.
    private func dropStandaloneLines(_ pieces: inout [Piece]) {
        var cutEnd: [Int: Int] = [:]      // text piece index -> its new end
        var cutStart: [Int: Int] = [:]    // text piece index -> its new start
        for (k, piece) in pieces.enumerated() {
            guard case let .tag(tag) = piece, tag.kind.standaloneCapable else { continue }
            // Before the tag: the template's start, or a text whose last line is blank so far.
            var lineStart: Int? = nil
            if k > 0 {
                guard case let .text(s, e) = pieces[k - 1] else { continue }
                var p = e
                while p > s, isBlank(bytes[p - 1]) { p -= 1 }
                if p > s {
                    guard bytes[p - 1] == UInt8(ascii: "\n") else { continue }
                } else if k - 1 != 0 { continue }   // blank, but after another tag on this line
                lineStart = p
            }
            // After it: the template's end, or a text starting with a blank rest of the line.
            var lineEnd: Int? = nil
            if k + 1 < pieces.count {
                guard case let .text(s, e) = pieces[k + 1] else { continue }
                var p = s
                while p < e, isBlank(bytes[p]) { p += 1 }
                if p < e, bytes[p] == UInt8(ascii: "\r"), p + 1 < e, bytes[p + 1] == UInt8(ascii: "\n") { p += 1 }
                if p < e {
                    guard bytes[p] == UInt8(ascii: "\n") else { continue }
                    p += 1
                } else if k + 1 != pieces.count - 1 { continue }
                lineEnd = p
            }
            if let lineStart { cutEnd[k - 1] = lineStart }
            if let lineEnd { cutStart[k + 1] = lineEnd }
        }
        for (k, end) in cutEnd { if case let .text(s, _) = pieces[k] { pieces[k] = .text(start: s, end: end) } }
        for (k, start) in cutStart { if case let .text(_, e) = pieces[k] { pieces[k] = .text(start: start, end: e) } }
    }

    private func isBlank(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }

    // MARK: step 3, nesting

    private func nest(_ pieces: [Piece]) throws -> (nodes: [TemplateNode], sites: [TemplateSite]) {
        var open: [(tag: Tag, nodes: [TemplateNode])] = []
        var nodes: [TemplateNode] = []
        var sites: [TemplateSite] = []
        for piece in pieces {
            switch piece {
            case let .text(s, e):
                if s < e { nodes.append(.text(String(decoding: bytes[s..<e], as: UTF8.self))) }
            case let .tag(tag):
                switch tag.kind {
                case let .variable(escaped):
                    nodes.append(.variable(tag.name, escaped: escaped, site: sites.count))
                    sites.append(TemplateSite(line: tag.line, tag: tag.raw))
                case .open:
                    open.append((tag, nodes)); nodes = []
                case .close:
                    guard let opened = open.popLast() else {
                        throw TemplateError(template: template, line: tag.line, tag: tag.raw, reason: "closes a section that was never opened")
                    }
                    guard opened.tag.name == tag.name else {
                        throw TemplateError(template: template, line: tag.line, tag: tag.raw,
                                            reason: "does not close \(opened.tag.raw), opened on line \(opened.tag.line)")
                    }
                    guard case let .open(inverted) = opened.tag.kind else { continue }
                    let body = nodes
                    nodes = opened.nodes
                    nodes.append(.section(opened.tag.name, inverted: inverted, body: body))
                case .comment:
                    break
                case let .contentType(escaping):
                    nodes.append(.escaping(escaping))
                }
            }
        }
        if let unclosed = open.last {
            throw TemplateError(template: template, line: unclosed.tag.line, tag: unclosed.tag.raw, reason: "the section is never closed")
        }
        return (nodes, sites)
    }
}
