/// A template of templates/ (docs/*.mustache, glue/*.mustache), parsed once and rendered into
/// one buffer. It is the Mustache subset those templates use, rendered as swift-mustache 2.x
/// rendered them (that library did this before; it resolved every tag through `[String: Any]`
/// and dynamic casts, which made most of generate's docs phase):
/// `{{x}}`, `{{{x}}}` / `{{&x}}`, dotted names, `{{.}}`, sections `{{#x}}…{{/x}}`, inverted
/// sections `{{^x}}…{{/x}}`, comments `{{! … }}`, the `{{%CONTENT_TYPE: TEXT}}` pragma (and
/// `HTML`, the default), and the spec's standalone lines. Partials, set-delimiter tags,
/// inheritance, lambdas/transforms, other pragmas and unbalanced sections are refused when the
/// template is parsed (`TemplateError`). How each kind of value renders: `TemplateValue`.
public struct TextTemplate: Sendable {
    /// The template's path under templates/, for messages.
    public let name: String
    let nodes: [TemplateNode]
    let sites: [TemplateSite]
    private let textBytes: Int

    public init(_ text: String, name: String) throws {
        self.name = name
        (nodes, sites) = try TemplateParser(text, template: name).parse()
        textBytes = text.utf8.count
    }

    public func render(_ context: TemplateObject) throws -> String {
        // UTF-8 bytes, not a String: appending to a String checks its capacity, uniqueness and
        // ASCII-ness on every append: rendering the 1,000-table runbooks took half the time in bytes.
        var out: [UInt8] = []
        // The output is at least about the template's size; sections over tables make it larger
        // and the buffer grows geometrically from there.
        out.reserveCapacity(textBytes * 2)
        var stack: [TemplateValue] = [.object(context)]
        try render(nodes, stack: &stack, escaping: true, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `escaping` is local to a body: a content-type pragma inside a section changes the rest of
    /// that body only, as swift-mustache scoped it.
    private func render(_ nodes: [TemplateNode], stack: inout [TemplateValue], escaping: Bool, into out: inout [UInt8]) throws {
        var escaping = escaping
        for node in nodes {
            switch node {
            case let .text(s):
                out.append(contentsOf: s.utf8)
            case let .escaping(on):
                escaping = on
            case let .variable(variable, escaped, site):
                switch Self.lookup(variable, in: stack) {
                case nil: break
                case let .text(s)?: if escaped && escaping { HTMLEscape.append(s, to: &out) } else { out.append(contentsOf: s.utf8) }
                case let .flag(b)?: out.append(contentsOf: (b ? "true" : "false").utf8)
                case .list?, .object?:
                    throw TemplateError(template: name, line: sites[site].line, tag: sites[site].tag,
                                        reason: "names a list or an object, which has no text")
                }
            case let .section(sectionName, inverted, body):
                let value = Self.lookup(sectionName, in: stack)
                switch (value, inverted) {
                case (nil, false), (.flag(false)?, false), (.flag(true)?, true), (.text?, true), (.object?, true):
                    break
                case (nil, true), (.flag(false)?, true), (.flag(true)?, false):
                    try render(body, stack: &stack, escaping: escaping, into: &out)
                case let (.list(items)?, false):
                    for item in items {
                        stack.append(item)
                        try render(body, stack: &stack, escaping: escaping, into: &out)
                        stack.removeLast()
                    }
                case let (.list(items)?, true):
                    guard items.isEmpty else { break }
                    stack.append(.list(items))
                    try render(body, stack: &stack, escaping: escaping, into: &out)
                    stack.removeLast()
                case let (v?, false):
                    stack.append(v)
                    try render(body, stack: &stack, escaping: escaping, into: &out)
                    stack.removeLast()
                }
            }
        }
    }

    /// Mustache name resolution: `.` is the innermost value; a name's first part is looked up
    /// in the innermost value that has it (only objects have members), the rest inside that
    /// (no further climbing: `a.b` with an `a` lacking `b` is missing).
    private static func lookup(_ name: TemplateName, in stack: [TemplateValue]) -> TemplateValue? {
        switch name {
        case .current:
            return stack.last
        case let .name(name):
            for value in stack.reversed() {
                if case let .object(o) = value, let member = o[name] { return member }
            }
            return nil
        case let .path(parts):
            var found: TemplateValue?
            for value in stack.reversed() {
                if case let .object(o) = value, let member = o[parts[0]] { found = member; break }
            }
            guard var value = found else { return nil }
            for part in parts.dropFirst() {
                guard case let .object(o) = value, let member = o[part] else { return nil }
                value = member
            }
            return value
        }
    }
}
