import Diagnostics

/// An SQL expression from a fragment (docs/CONTRACT.md §3). Positions are scalar offsets into the
/// fragment's decoded text; `Fragment.location(of:)` maps them to the file.
public struct Expr: Hashable, Sendable {
    public indirect enum Kind: Hashable, Sendable {
        /// `col` or `rel.col`, as written (unquoted; backquotes removed).
        case column(qualifier: String?, name: String)
        /// A string literal's decoded value.
        case string(String)
        /// A number literal's text exactly as written ("10.50").
        case number(String)
        case null
        case boolean(Bool)
        /// `-x`, `+x`, `NOT x` (`!x` is parsed as `NOT`), and `x IS [NOT] TRUE|FALSE`.
        case unary(op: UnaryOperator, Expr)
        /// Arithmetic, comparison, `AND`, `OR`, `XOR`: the spellings MySQL has for one operator
        /// (`!=` and `<>`, `&&` and `AND`, `%` and `MOD`) are one case.
        case binary(op: BinaryOperator, Expr, Expr)
        case isNull(Expr, negated: Bool)
        case inList(Expr, [Expr], negated: Bool)
        case between(Expr, low: Expr, high: Expr, negated: Bool)
        case like(Expr, pattern: Expr, negated: Bool)
        /// `CASE [operand] WHEN a THEN b ... [ELSE c] END`.
        case caseWhen(operand: Expr?, arms: [CaseArm], elseValue: Expr?)
        /// `name(args)`; `COUNT(*)` has `star`; `COUNT(DISTINCT x)` has `distinct`.
        case function(name: String, args: [Expr], distinct: Bool, star: Bool)
        /// `INTERVAL expr UNIT` (only as an argument of DATE_ADD/DATE_SUB).
        case interval(Expr, unit: String)
        /// `CAST(expr AS type)` / `CONVERT(expr, type)`; `type` is normalised upper-case text.
        case cast(Expr, type: String)
    }

    public struct CaseArm: Hashable, Sendable {
        public var when: Expr
        public var then: Expr
        public init(when: Expr, then: Expr) { self.when = when; self.then = then }
    }

    public var kind: Kind
    /// Scalar offset of the first character in the fragment.
    public var start: Int
    /// Scalar offset just past the last character.
    public var end: Int

    public init(_ kind: Kind, start: Int, end: Int) {
        self.kind = kind; self.start = start; self.end = end
    }
}

/// A parsed fragment together with the string it came from.
public struct Fragment: Sendable {
    public var source: LocatedString
    public var expr: Expr
    public init(source: LocatedString, expr: Expr) { self.source = source; self.expr = expr }

    public func location(of e: Expr) -> SourceLocation { source.location(ofScalar: e.start) }
    public var location: SourceLocation { location(of: expr) }
}
