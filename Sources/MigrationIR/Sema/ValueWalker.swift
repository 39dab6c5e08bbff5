import ContractSyntax

/// Looks through the fragments and plain columns inside a value without collecting them: values
/// nest only as deep as the contract's own structure, and fragments at most
/// `FragmentParser.maxDepth`, so the recursion stays shallow.
enum ValueWalker {
    /// Whether some plain column or some column reference of a fragment inside `v` satisfies
    /// `match(relation, column)` (an unqualified reference has relation "").
    static func containsColumn(_ v: ValueIR, where match: (String, String) -> Bool) -> Bool {
        func expr(_ e: Expr?) -> Bool { e.map { ExprUtilities.containsColumn($0) { q, n in match(q ?? "", n) } } ?? false }
        func value(_ x: ValueIR?) -> Bool {
            guard let x else { return false }
            switch x {
            case let .column(r, n): return match(r, n)
            case let .expr(e): return expr(e)
            case .text, .null: return false
            case let .coalesce(a, b), let .dateDiff(a, b, _): return value(a) || value(b)
            case let .caseWhen(arms, e): return arms.contains { expr($0.when) || value($0.then) } || value(e)
            case let .concat(parts, _): return parts.contains(where: value)
            case let .template(parts): return parts.contains { if case let .value(p) = $0 { return value(p) } else { return false } }
            case let .aggregate(a): return expr(a.condition) || expr(a.argument)
            case let .distinctArray(s): return expr(s.condition) || expr(s.select)
            case let .jsonObject(fs): return fs.contains { expr($0.value) }
            case let .jsonArray(a): return expr(a.condition) || a.fields.contains { expr($0.value) } || a.orderBy.contains { expr($0.expr) }
            case let .dateAdd(a, _, _, _), let .epochSeconds(a, _), let .dateFormat(a, _, _), let .numberFormat(a, _), let .jsonParse(a):
                return value(a)
            }
        }
        return value(v)
    }
}
