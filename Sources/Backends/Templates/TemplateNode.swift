/// A parsed template: text, variables, sections and content-type switches, nested as the
/// sections are. Built once per template by `TemplateParser`; rendering walks it.
indirect enum TemplateNode: Sendable {
    case text(String)
    case variable(TemplateVariable)
    case section(TemplateName, inverted: Bool, body: [TemplateNode])
    /// `{{%CONTENT_TYPE: TEXT}}` (false) or `HTML` (true): HTML-escaping of `{{x}}` from here to
    /// the end of the enclosing section body (or template), as swift-mustache scoped it.
    case escaping(Bool)
}

/// `{{x}}` (escaped unless the content type is TEXT), `{{{x}}}` or `{{&x}}` (never escaped).
struct TemplateVariable: Sendable {
    var name: TemplateName
    var escaped: Bool
    /// Where it is, for the render-time refusal of a list or an object.
    var line: Int
    var tag: String
}

/// `{{.}}`: the innermost value; otherwise a dotted path whose first part is looked up through
/// the context stack (innermost first) and the rest inside what that found.
enum TemplateName: Sendable, Equatable {
    case current
    case path([String])
}
