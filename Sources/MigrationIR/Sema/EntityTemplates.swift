import ContractSyntax
import Diagnostics

/// `pk_template` / `sk_template` of multi-entity entities (docs/CONTRACT.md §5): they give the key
/// when the entity lists no attribute of that name; when it does, the attribute wins and a
/// template that provably disagrees with it is a warning.
extension TableChecker {
    func applyTemplates(_ b: BranchBuilder, entity e: EntityDecl) {
        if e.rejectsTemplate { b.failed = true }  // the decoder reported where
        for (key, template, role) in [(decl.pk, e.pkTemplate, "pk"), (decl.sk, e.skTemplate, "sk")] {
            guard let key, let template else { continue }
            if let attr = b.attribute(key.value) {
                compare(template, with: attr, in: b, role: role)
                continue
            }
            if b.isDeclared(key.value) { continue }  // declared but unusable: already diagnosed
            // The template gives the key: every placeholder must be a column of the row scope.
            guard let value = b.value(of: template, relation: b.rowSource, reportingEvery: true) else { b.failed = true; continue }
            b.attributes.append(AttributeIR(name: key.value, type: .S, value: value, location: template.source.location))
        }
    }

    /// Warns when the template and the attribute's value certainly differ: different literal
    /// text, or a placeholder that names another column. A placeholder that names neither an
    /// attribute nor a known column is left alone: the template is not used.
    private func compare(_ template: Template, with attr: AttributeIR, in b: BranchBuilder, role: String) {
        let attrParts: [TemplatePartIR]
        switch attr.value {
        case let .template(p): attrParts = p
        case let .text(s): attrParts = [.literal(s)]
        default: attrParts = [.value(attr.value)]
        }
        func literals(_ ps: [TemplatePartIR]) -> [String] { ps.map { if case let .literal(s) = $0 { return s } else { return "{}" } } }
        let templateShape = template.parts.map { p -> String in if case let .literal(s) = p { return s.value } else { return "{}" } }
        var disagree = templateShape != literals(attrParts)
        if !disagree {
            for (p, a) in zip(template.parts, attrParts) {
                guard case let .column(c) = p, case let .value(av) = a,
                      let known = placeholderValue(c.name, fragment: c.fragment, in: b) else { continue }
                if normalized(known) != normalized(av) { disagree = true }
            }
        }
        if disagree {
            diagnostics.warning("template-mismatch", "\(role)_template '\(template.source.value)' disagrees with attribute '\(attr.name)'; the attribute wins",
                                at: template.source.location, notes: [Note("attribute '\(attr.name)' declared here", at: attr.location)])
        }
    }

    /// What a template placeholder certainly means: an attribute of the entity, or (with a
    /// schema) an existing column; nil when unknown.
    private func placeholderValue(_ name: String, fragment: Fragment, in b: BranchBuilder) -> ValueIR? {
        if !name.contains("."), let a = b.attribute(name) { return a.value }
        let scratch = DiagnosticEngine()
        let r = FragmentResolver(diagnostics: scratch, schema: schema, parse: resolver.parse)
        guard schema != nil, let e = r.resolve(fragment, in: b.scope, defaultRelation: b.rowSource), !scratch.hasErrors else { return nil }
        return .expr(e)
    }

    private func normalized(_ v: ValueIR) -> ValueIR {
        switch v {
        case let .column(r, n): return .expr(Expr(.column(qualifier: r, name: n), start: 0, end: 0))
        case let .expr(e): return .expr(ExprUtilities.positionFree(e))
        default: return v
        }
    }
}
