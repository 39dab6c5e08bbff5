import ContractSyntax
import SQLText

/// Renders a resolved fragment (every column qualified by Sema) as MySQL through the one
/// printer of fragments, `SQLPrinter` (closed sets of operators and functions, validated number
/// text, sanitised type names, string literals that mean the same under every `sql_mode`).
enum ExprSQL {
    /// `aliases` renames relations whose join the lowering merged into an identical one.
    static func render(_ e: Expr, aliases: [String: String] = [:]) -> String {
        let text = SQLPrinter.render(e, column: { q, n in
            (q.map { SQLIdentifier.quote(aliases[$0] ?? $0) + "." } ?? "") + SQLIdentifier.quote(n)
        })
        // The lowering splices fragments into larger expressions ("... AND x IS NOT NULL",
        // "CASE WHEN x THEN ..."): an operator at the top is parenthesised so that precedence
        // can never regroup it with its neighbours.
        switch e.kind {
        case .unary, .binary, .isNull, .inList, .between, .like: return "(" + text + ")"
        default: return text
        }
    }
}
