/// The keys of a synthetic table for the key reconciliation figure: key i is the canonical key
/// bytes (docs/VALIDATE.md) of `PK = "USER#<i>", SK = "#META"`, i in 0..<count, with three
/// kinds of discrepancy planted at fixed strides so the expected result is known exactly:
///
/// - every `collidingEvery`-th key (i ≡ collidingEvery / 2) is expected twice and not in the
///   table (the job writes none of a collision's rows);
/// - otherwise every `missingEvery`-th key (i ≡ missingEvery − 1) is expected, not in the table;
/// - every `unexpectedEvery`-th i (i ≡ 0) adds a key `PK = "GHOST#<i>"` to the table only.
///
/// A stride of 0 plants none of that kind. Nothing is stored: each key is built when fed.
struct SyntheticKeys {
    let count: Int
    let missingEvery: Int
    let unexpectedEvery: Int
    let collidingEvery: Int
    /// The Scan order's stride (see `scanOrder`).
    private let scanStride: Int

    init(count: Int, missingEvery: Int, unexpectedEvery: Int, collidingEvery: Int) {
        self.count = count
        self.missingEvery = missingEvery
        self.unexpectedEvery = unexpectedEvery
        self.collidingEvery = collidingEvery
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        var stride = max(1, count * 618 / 1000)
        while gcd(stride, count) != 1 { stride += 1 }
        scanStride = stride
    }

    enum Kind: Equatable {
        case matched, missing, colliding
    }

    func kind(of index: Int) -> Kind {
        if collidingEvery > 0 && index % collidingEvery == collidingEvery / 2 { return .colliding }
        if missingEvery > 0 && index % missingEvery == missingEvery - 1 { return .missing }
        return .matched
    }

    func isUnexpected(_ index: Int) -> Bool { unexpectedEvery > 0 && index % unexpectedEvery == 0 }

    /// `S<len>:<prefix><i>S5:#META`, written as bytes (no String on the measured path).
    static func key(_ prefix: String, _ index: Int) -> [UInt8] {
        var digits: [UInt8] = []
        var rest = index
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        var out: [UInt8] = []
        out.reserveCapacity(prefix.utf8.count + digits.count + 16)
        out.append(UInt8(ascii: "S"))
        appendDecimal(prefix.utf8.count + digits.count, to: &out)
        out.append(UInt8(ascii: ":"))
        out.append(contentsOf: prefix.utf8)
        out.append(contentsOf: digits.reversed())
        out.append(contentsOf: "S5:#META".utf8)
        return out
    }

    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value >= 10 { appendDecimal(value / 10, to: &out) }
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    static func userKey(_ index: Int) -> [UInt8] { key("USER#", index) }
    static func ghostKey(_ index: Int) -> [UInt8] { key("GHOST#", index) }

    /// The index of a key this generator built with `prefix`, or nil.
    static func index(of key: [UInt8], prefix: String) -> Int? {
        let text = String(decoding: key, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":"), text.hasSuffix("S5:#META") else { return nil }
        let pk = text[text.index(after: colon)...].dropLast("S5:#META".count)
        guard pk.hasPrefix(prefix), let index = Int(pk.dropFirst(prefix.count)), key == Self.key(prefix, index) else {
            return nil
        }
        return index
    }

    /// The table's keys in Scan order: a fixed permutation of 0..<count (i ↦ i × stride mod
    /// count, the stride coprime with count), since a Scan returns keys in hash order, not in
    /// the order the view reads them.
    func scanOrder(_ position: Int) -> Int { Int((UInt64(position) &* UInt64(scanStride)) % UInt64(count)) }

    /// What the planted discrepancies add up to: the counts a correct reconciliation finds.
    struct Planted: Codable, Equatable {
        var expectedKeys = 0
        var collidingKeys = 0
        var collidingRows = 0
        var actualKeys = 0
        var matched = 0
        var missing = 0
        var unexpected = 0
        var duplicateActual = 0
    }

    var planted: Planted {
        var out = Planted()
        for index in 0..<count {
            switch kind(of: index) {
            case .colliding:
                out.collidingKeys += 1
                out.collidingRows += 2
            case .missing:
                out.expectedKeys += 1
                out.missing += 1
            case .matched:
                out.expectedKeys += 1
                out.matched += 1
                out.actualKeys += 1
            }
            if isUnexpected(index) {
                out.unexpected += 1
                out.actualKeys += 1
            }
        }
        return out
    }
}
