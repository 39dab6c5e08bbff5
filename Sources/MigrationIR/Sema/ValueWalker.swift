import ContractSyntax

/// Collects the fragments and plain columns inside a value (iteratively: values nest only as
/// deep as the contract's own structure, but a loop costs nothing).
enum ValueWalker {
    static func collect(_ v: ValueIR, exprs: inout [Expr], columns: inout [(String, String)]) {
        var stack = [v]
        while let x = stack.popLast() {
            switch x {
            case let .column(r, n): columns.append((r, n))
            case let .expr(e): exprs.append(e)
            case .text, .null: break
            case let .coalesce(a, b): stack += [a, b]
            case let .caseWhen(arms, e):
                exprs += arms.map(\.when); stack += arms.map(\.then); if let e { stack.append(e) }
            case let .concat(parts, _): stack += parts
            case let .template(parts): for case let .value(p) in parts { stack.append(p) }
            case let .aggregate(a): exprs += [a.condition, a.argument].compactMap { $0 }
            case let .distinctArray(s): exprs += [s.condition, s.select].compactMap { $0 }
            case let .jsonObject(fs): exprs += fs.map(\.value)
            case let .jsonArray(a): exprs += [a.condition].compactMap { $0 } + a.fields.map(\.value) + a.orderBy.map(\.expr)
            case let .dateAdd(a, _, _, _), let .epochSeconds(a, _), let .dateFormat(a, _, _), let .numberFormat(a, _), let .jsonParse(a):
                stack.append(a)
            case let .dateDiff(a, b, _): stack += [a, b]
            }
        }
    }
}
