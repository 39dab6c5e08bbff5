/// A template outside the Mustache subset `TextTemplate` renders, refused when it is parsed
/// (or, for `{{x}}` naming a list or an object, when it is rendered): it names the template,
/// the 1-based line and the tag, so whoever edits templates/ sees where and why.
public struct TemplateError: Error, CustomStringConvertible, Equatable {
    public var template: String
    public var line: Int
    /// The tag as written (`{{> partial}}`), or the text where a tag was expected.
    public var tag: String
    public var reason: String

    public init(template: String, line: Int, tag: String, reason: String) {
        self.template = template; self.line = line; self.tag = tag; self.reason = reason
    }

    public var description: String { "template \(template) line \(line): \(tag): \(reason)" }
}
