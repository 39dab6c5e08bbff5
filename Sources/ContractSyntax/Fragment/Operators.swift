/// The operators of the fragment language (docs/CONTRACT.md §3): one closed vocabulary. The
/// parser maps MySQL's spellings onto these cases once (`FragmentSyntaxParser`), Sema matches on
/// them, and `SQLPrinter` spells each with one exhaustive switch, so an operator the printer
/// cannot write cannot be built. `IN`, `BETWEEN`, `LIKE` and `IS [NOT] NULL` take lists or
/// patterns and are node kinds of their own (`Expr.Kind`).

/// Operators with one operand.
public enum UnaryOperator: Hashable, Sendable, CaseIterable {
    /// `-x`
    case negate
    /// `+x`
    case plus
    /// `NOT x` (and `!x`)
    case not
    /// `x IS TRUE`, `x IS NOT TRUE`, `x IS FALSE`, `x IS NOT FALSE`: postfix, and unlike `= TRUE`
    /// never NULL (MySQL 8.0 Reference Manual, 14.4.2 "Comparison Functions and Operators").
    case isTrue, isNotTrue, isFalse, isNotFalse

    /// Whether the operator is written after its operand.
    public var isPostfix: Bool {
        switch self {
        case .negate, .plus, .not: return false
        case .isTrue, .isNotTrue, .isFalse, .isNotFalse: return true
        }
    }
}

/// Operators with two operands.
public enum BinaryOperator: Hashable, Sendable, CaseIterable {
    /// `=`, `<=>` (NULL-safe equality), `<>` (and `!=`), `<`, `<=`, `>`, `>=`.
    case equal, nullSafeEqual, notEqual, less, lessOrEqual, greater, greaterOrEqual
    /// `+`, `-`, `*`, `/`, `DIV`, `MOD` (and `%`).
    case add, subtract, multiply, divide, integerDivide, modulo
    /// `AND` (and `&&`), `OR`, `XOR`.
    case and, or, xor

    /// Whether the operator compares its operands (a boolean result).
    public var isComparison: Bool {
        switch self {
        case .equal, .nullSafeEqual, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return true
        case .add, .subtract, .multiply, .divide, .integerDivide, .modulo, .and, .or, .xor: return false
        }
    }

    /// The operator that gives the same value with the operands swapped (`a < b` is `b > a`), or
    /// nil when order matters (`a - b`). Equality, `AND`, `OR`, `XOR` are their own mirror: SQL's
    /// three-valued `AND`/`OR`/`XOR` are commutative, so is `=` (NULL when either side is).
    public var mirrored: BinaryOperator? {
        switch self {
        case .equal, .nullSafeEqual, .notEqual, .add, .multiply, .and, .or, .xor: return self
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        case .subtract, .divide, .integerDivide, .modulo: return nil
        }
    }
}
