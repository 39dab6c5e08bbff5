import ContractSyntax
import Diagnostics

/// Transformations of docs/CONTRACT.md §4.3. Their patterns and formats come parsed from the
/// decoder; here only the template placeholders are resolved.
extension BranchBuilder {
    /// `input` is only evaluated by the transformations that read a value (date-format,
    /// number-format, json-parse), so a string-format with placeholders needs no source_column.
    func transformation(_ t: TransformationDecl, attribute d: AttributeDecl, type: DynamoType, relation rel: RelationIR,
                        input: () -> ValueIR?) -> ValueIR? {
        switch t {
        case let .stringFormat(template), let .template(template):
            return value(of: template, relation: rel)
        case let .static(v):
            return .text(v.value)
        case let .dateFormat(tokens, source):
            guard let v = input() else { return nil }
            return .dateFormat(v, tokens: tokens, source: source)
        case let .numberFormat(format):
            guard let v = input() else { return nil }
            return .numberFormat(v, format)
        case .jsonParse:
            if type != .M && type != .L, let typeLocation = d.type?.location {
                error("type-mismatch", "json-parse gives a JSON value: the attribute type must be M or L, not \(type.rawValue)",
                      at: typeLocation)
            }
            guard let v = input() else { return nil }
            return .jsonParse(v)
        }
    }

    /// A template's value: its text when it has no placeholder, else the parts with each
    /// placeholder resolved in the row scope (nil, diagnosed, when one does not resolve). A
    /// transformation stops at its first unresolved placeholder; an entity's key template
    /// (`reportingEvery`) reports each.
    func value(of template: Template, relation rel: RelationIR, reportingEvery: Bool = false) -> ValueIR? {
        var out: [TemplatePartIR] = []
        var ok = true
        for p in template.parts {
            switch p {
            case let .literal(text): out.append(.literal(text.value))
            case let .column(c):
                if let e = resolve(c.fragment, defaultRelation: rel) {
                    out.append(.value(.expr(e)))
                } else {
                    ok = false
                    if !reportingEvery { return nil }
                }
            }
        }
        guard ok else { return nil }
        if out.allSatisfy({ if case .literal = $0 { return true } else { return false } }) {
            return .text(out.map { if case let .literal(s) = $0 { return s } else { return "" } }.joined())
        }
        return .template(out)
    }
}
