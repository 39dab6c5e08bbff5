/// A parsed template: text, variables, sections and content-type switches, nested as the
/// sections are. Built once per template by `TemplateParser`; rendering walks it.
indirect enum TemplateNode: Sendable {
    case text(String)
    /// `{{x}}` (escaped: true, unless the content type is TEXT), `{{{x}}}` or `{{&x}}`; `site`
    /// indexes `TextTemplate.sites` (line and tag, for the render-time refusal of a list or an
    /// object), kept out of the node so that rendering one copies no strings.
    case variable(TemplateName, escaped: Bool, site: Int)
    case section(TemplateName, inverted: Bool, body: [TemplateNode])
    /// `{{%CONTENT_TYPE: TEXT}}` (false) or `HTML` (true): HTML-escaping of `{{x}}` from here to
    /// the end of the enclosing section body (or template), as swift-mustache scoped it.
    case escaping(Bool)
}

/// Where a variable tag is, for messages.
struct TemplateSite: Sendable {
    var line: Int
    var tag: String
}

/// `{{.}}`: the innermost value; `{{x}}`: a name looked up through the context stack (innermost
/// first); `{{a.b}}`: a dotted path whose first part is looked up so and the rest inside what
/// that found. A plain name is its own case: it is nearly every tag, and needs no array.
enum TemplateName: Sendable, Equatable {
    case current
    case name(String)
    case path([String])
}
