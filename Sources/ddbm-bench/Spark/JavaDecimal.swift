/// The value semantics of Scala 2.12's `scala.math.BigDecimal` (over `java.math.BigDecimal`,
/// default `MathContext.DECIMAL128`: 34 significant digits, HALF_EVEN) for the few operations
/// Spark's JDBC stride computation uses. Spark computes the stride in decimal on purpose, and
/// its last step rounds a value that is often an exact half give or take 34-digit rounding:
/// reproducing the partition bounds the job really gets means rounding exactly where Scala
/// does, which Double or Int128 would not. Scala 2.12 (the Scala of Spark 3.5 and Glue 5.0)
/// adds and subtracts exactly and rounds only products and quotients to the context; measured
/// on its scala-library, and held against Spark itself by bench/glue/spark_ranges_check.py.
///
/// Only values matter here (BigDecimal's preferred scales change how a number prints, never
/// which number it is), so each operation computes the exact result and rounds it once.
struct JavaDecimal: CustomStringConvertible {
    enum Rounding { case halfEven, halfUp }

    /// Significant digits of `MathContext.DECIMAL128`, Scala's `BigDecimal.defaultMathContext`.
    static let precision = 34

    /// value = (negative ? -1 : 1) × magnitude × 10^-scale
    let negative: Bool
    let magnitude: BigUInt
    let scale: Int

    private init(negative: Bool, magnitude: BigUInt, scale: Int) {
        self.negative = magnitude.isZero ? false : negative
        self.magnitude = magnitude
        self.scale = scale
    }

    /// A Long, exactly (19 digits fit in 34).
    init(_ value: Int64) {
        self.init(negative: value < 0, magnitude: BigUInt(value.magnitude), scale: 0)
    }

    var isZero: Bool { magnitude.isZero }

    var description: String {
        let digits = magnitude.description
        let sign = negative ? "-" : ""
        if scale <= 0 { return sign + digits + String(repeating: "0", count: -scale) }
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        return sign + padded.dropLast(scale) + "." + padded.suffix(scale)
    }

    // MARK: Arithmetic as Scala 2.12 does it

    /// Exact, as Scala 2.12's `+` (`bigDecimal.add(that.bigDecimal)`, no context).
    static func + (lhs: JavaDecimal, rhs: JavaDecimal) -> JavaDecimal {
        let scale = max(lhs.scale, rhs.scale)
        let a = lhs.magnitude * BigUInt.pow10(scale - lhs.scale)
        let b = rhs.magnitude * BigUInt.pow10(scale - rhs.scale)
        if lhs.negative == rhs.negative {
            return JavaDecimal(negative: lhs.negative, magnitude: a + b, scale: scale)
        } else if a >= b {
            return JavaDecimal(negative: lhs.negative, magnitude: a - b, scale: scale)
        } else {
            return JavaDecimal(negative: rhs.negative, magnitude: b - a, scale: scale)
        }
    }

    /// Exact, as Scala 2.12's `-`.
    static func - (lhs: JavaDecimal, rhs: JavaDecimal) -> JavaDecimal {
        lhs + JavaDecimal(negative: !rhs.negative, magnitude: rhs.magnitude, scale: rhs.scale)
    }

    /// `bigDecimal.multiply(that.bigDecimal, DECIMAL128)`.
    static func * (lhs: JavaDecimal, rhs: JavaDecimal) -> JavaDecimal {
        JavaDecimal(negative: lhs.negative != rhs.negative, magnitude: lhs.magnitude * rhs.magnitude,
                    scale: lhs.scale + rhs.scale).rounded(toPrecision: precision, .halfEven)
    }

    /// `bigDecimal.divide(that.bigDecimal, DECIMAL128)`; nil where Java throws ArithmeticException (division by zero).
    static func / (lhs: JavaDecimal, rhs: JavaDecimal) -> JavaDecimal? {
        guard !rhs.isZero else { return nil }
        if lhs.isZero { return JavaDecimal(0) }
        // Scale the dividend so the integer quotient has at least precision + 1 digits; the
        // remainder then only decides ties (sticky), as in any correctly rounded division.
        let shift = max(0, precision + 1 + rhs.magnitude.decimalDigitCount - lhs.magnitude.decimalDigitCount)
        let (quotient, remainder) = (lhs.magnitude * BigUInt.pow10(shift)).quotientAndRemainder(dividingBy: rhs.magnitude)
        return JavaDecimal(negative: lhs.negative != rhs.negative, magnitude: quotient,
                           scale: lhs.scale - rhs.scale + shift)
            .rounded(toPrecision: precision, .halfEven, inexactBelow: !remainder.isZero)
    }

    /// `setScale(scale, mode)`: exactly `scale` digits after the point.
    func settingScale(_ newScale: Int, _ mode: Rounding) -> JavaDecimal {
        if newScale >= scale {
            return JavaDecimal(negative: negative, magnitude: magnitude * BigUInt.pow10(newScale - scale), scale: newScale)
        }
        return dropping(digits: scale - newScale, mode, inexactBelow: false)
    }

    /// `longValue()`: the integer part (truncated toward zero), wrapped to 64 bits as Java does.
    var longValue: Int64 {
        let integer = scale <= 0 ? magnitude * BigUInt.pow10(-scale)
            : magnitude.quotientAndRemainder(dividingBy: BigUInt.pow10(scale)).quotient
        let bits = Int64(bitPattern: integer.low64)
        return negative ? 0 &- bits : bits
    }

    // MARK: Rounding

    /// The value rounded to `digits` significant digits. `inexactBelow` says the magnitude is
    /// really a little larger than stored (a division's non-zero remainder), which turns an
    /// apparent exact half into "more than half".
    private func rounded(toPrecision digits: Int, _ mode: Rounding, inexactBelow: Bool = false) -> JavaDecimal {
        let excess = magnitude.decimalDigitCount - digits
        guard excess > 0 else {
            // Fewer digits than the precision: the stored value is the exact result, unless a
            // remainder was dropped, which the callers rule out by always keeping excess digits.
            precondition(!inexactBelow, "inexact value stored without guard digits")
            return self
        }
        return dropping(digits: excess, mode, inexactBelow: inexactBelow)
    }

    private func dropping(digits count: Int, _ mode: Rounding, inexactBelow: Bool) -> JavaDecimal {
        let divisor = BigUInt.pow10(count)
        let (kept, dropped) = magnitude.quotientAndRemainder(dividingBy: divisor)
        let half = BigUInt.pow10(count - 1).multiplied(bySmall: 5)
        let up: Bool
        if dropped > half || (dropped == half && inexactBelow) {
            up = true
        } else if dropped == half {
            up = mode == .halfUp || kept.isOdd
        } else {
            up = false
        }
        return JavaDecimal(negative: negative, magnitude: up ? kept + BigUInt(1) : kept, scale: scale - count)
    }
}
