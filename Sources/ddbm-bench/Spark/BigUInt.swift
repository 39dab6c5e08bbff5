/// A non-negative integer of any size: just enough arithmetic for `JavaDecimal`, whose exact
/// intermediate products (a 34-digit mantissa times a 19-digit stride) do not fit 128 bits.
/// Little-endian 32-bit limbs, never a most significant zero limb (zero has no limbs). The
/// numbers here have a few hundred bits at most, so schoolbook multiplication and bitwise long
/// division are plenty.
struct BigUInt: Comparable, CustomStringConvertible {
    private(set) var limbs: [UInt32]

    init(_ value: UInt64) {
        limbs = [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
        normalize()
    }

    private init(limbs: [UInt32]) {
        self.limbs = limbs
        normalize()
    }

    private mutating func normalize() {
        while limbs.last == 0 { limbs.removeLast() }
    }

    var isZero: Bool { limbs.isEmpty }
    var isOdd: Bool { (limbs.first ?? 0) & 1 == 1 }

    /// The low 64 bits (Java's `longValue` keeps exactly these).
    var low64: UInt64 {
        let low = UInt64(limbs.first ?? 0)
        let high = limbs.count > 1 ? UInt64(limbs[1]) : 0
        return low | high << 32
    }

    static func pow10(_ exponent: Int) -> BigUInt {
        precondition(exponent >= 0, "negative power of ten")
        var out = BigUInt(1)
        var left = exponent
        while left >= 9 { out = out.multiplied(bySmall: 1_000_000_000); left -= 9 }
        var last: UInt32 = 1
        for _ in 0..<left { last *= 10 }
        return out.multiplied(bySmall: last)
    }

    /// Number of decimal digits; 1 for zero, as `BigDecimal.precision()` counts it.
    var decimalDigitCount: Int { description.count }

    var description: String {
        if isZero { return "0" }
        var chunks: [UInt32] = []
        var rest = self
        while !rest.isZero {
            let (quotient, remainder) = rest.quotientAndRemainder(dividingBySmall: 1_000_000_000)
            chunks.append(remainder)
            rest = quotient
        }
        var out = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            out += String(repeating: "0", count: 9 - digits.count) + digits
        }
        return out
    }

    static func < (lhs: BigUInt, rhs: BigUInt) -> Bool {
        if lhs.limbs.count != rhs.limbs.count { return lhs.limbs.count < rhs.limbs.count }
        for index in stride(from: lhs.limbs.count - 1, through: 0, by: -1) where lhs.limbs[index] != rhs.limbs[index] {
            return lhs.limbs[index] < rhs.limbs[index]
        }
        return false
    }

    static func + (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        var out: [UInt32] = []
        out.reserveCapacity(max(lhs.limbs.count, rhs.limbs.count) + 1)
        var carry: UInt64 = 0
        for index in 0..<max(lhs.limbs.count, rhs.limbs.count) {
            let sum = UInt64(index < lhs.limbs.count ? lhs.limbs[index] : 0)
                + UInt64(index < rhs.limbs.count ? rhs.limbs[index] : 0) + carry
            out.append(UInt32(truncatingIfNeeded: sum))
            carry = sum >> 32
        }
        out.append(UInt32(carry))
        return BigUInt(limbs: out)
    }

    /// `lhs - rhs`; `rhs` must not exceed `lhs`.
    static func - (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        precondition(rhs <= lhs, "BigUInt subtraction would be negative")
        var out = lhs.limbs
        var borrow: Int64 = 0
        for index in 0..<out.count {
            var difference = Int64(out[index]) - Int64(index < rhs.limbs.count ? rhs.limbs[index] : 0) - borrow
            borrow = difference < 0 ? 1 : 0
            if difference < 0 { difference += 1 << 32 }
            out[index] = UInt32(difference)
        }
        return BigUInt(limbs: out)
    }

    static func * (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        if lhs.isZero || rhs.isZero { return BigUInt(0) }
        var out = [UInt32](repeating: 0, count: lhs.limbs.count + rhs.limbs.count)
        for (i, a) in lhs.limbs.enumerated() {
            var carry: UInt64 = 0
            for (j, b) in rhs.limbs.enumerated() {
                let product = UInt64(a) * UInt64(b) + UInt64(out[i + j]) + carry
                out[i + j] = UInt32(truncatingIfNeeded: product)
                carry = product >> 32
            }
            var k = i + rhs.limbs.count
            while carry != 0 {
                let sum = UInt64(out[k]) + carry
                out[k] = UInt32(truncatingIfNeeded: sum)
                carry = sum >> 32
                k += 1
            }
        }
        return BigUInt(limbs: out)
    }

    func multiplied(bySmall factor: UInt32) -> BigUInt { self * BigUInt(UInt64(factor)) }

    func quotientAndRemainder(dividingBySmall divisor: UInt32) -> (quotient: BigUInt, remainder: UInt32) {
        precondition(divisor != 0, "division by zero")
        var out = [UInt32](repeating: 0, count: limbs.count)
        var remainder: UInt64 = 0
        for index in stride(from: limbs.count - 1, through: 0, by: -1) {
            let current = remainder << 32 | UInt64(limbs[index])
            out[index] = UInt32(current / UInt64(divisor))
            remainder = current % UInt64(divisor)
        }
        return (BigUInt(limbs: out), UInt32(remainder))
    }

    /// Truncating division, bit by bit (the operands here are a few hundred bits).
    func quotientAndRemainder(dividingBy divisor: BigUInt) -> (quotient: BigUInt, remainder: BigUInt) {
        precondition(!divisor.isZero, "division by zero")
        if self < divisor { return (BigUInt(0), self) }
        if divisor.limbs.count == 1 {
            let (quotient, remainder) = quotientAndRemainder(dividingBySmall: divisor.limbs[0])
            return (quotient, BigUInt(UInt64(remainder)))
        }
        var quotient = [UInt32](repeating: 0, count: limbs.count)
        var remainder = BigUInt(0)
        for bit in stride(from: limbs.count * 32 - 1, through: 0, by: -1) {
            remainder = remainder.shiftedLeftOne(orBit: (limbs[bit / 32] >> UInt32(bit % 32)) & 1)
            if remainder >= divisor {
                remainder = remainder - divisor
                quotient[bit / 32] |= 1 << UInt32(bit % 32)
            }
        }
        return (BigUInt(limbs: quotient), remainder)
    }

    private func shiftedLeftOne(orBit bit: UInt32) -> BigUInt {
        var out: [UInt32] = []
        out.reserveCapacity(limbs.count + 1)
        var carry = bit
        for limb in limbs {
            out.append(limb << 1 | carry)
            carry = limb >> 31
        }
        out.append(carry)
        return BigUInt(limbs: out)
    }
}
