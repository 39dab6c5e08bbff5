/// The integrity score of a table, 0–100 (docs/VALIDATE.md, "Integrity score"): every
/// discrepancy weighs one item, any discrepancy takes the score below 100, and each term is
/// shown. Written once here; both engines deliver only the measurement it is computed from.
public struct IntegrityScore: Codable, Equatable, Sendable {
    public var score: Double
    public var terms: Terms

    public struct Terms: Codable, Equatable, Sendable {
        public var missing: Int
        public var unexpected: Int
        /// x̂: items with a differing attribute, the sample's rate scaled to the matched items.
        public var mismatched: Int
        /// Σ over the GSIs of max(|present − actual|, failed queries).
        public var gsi: Int
        public var discrepancies: Int
        public init(missing: Int, unexpected: Int, mismatched: Int, gsi: Int, discrepancies: Int) {
            self.missing = missing; self.unexpected = unexpected; self.mismatched = mismatched; self.gsi = gsi
            self.discrepancies = discrepancies
        }
    }

    /// A score as a validation document states it (`report` reads it back; it never recomputes).
    public init(score: Double, terms: Terms) { self.score = score; self.terms = terms }

    public init(_ m: TableMeasurement) {
        let x = m.attributeMismatches.count, c = m.attributeMismatches.compared
        let mismatched: Int
        if c == 0 || c >= m.matched {
            mismatched = x
        } else {
            // ⌈x × M / c⌉ in integers (no floating point: the figure must be reproducible).
            mismatched = (x * m.matched + c - 1) / c
        }
        // Against the present items, not the expected ones: an item missing from the table is
        // missing from its indexes too, and is already counted once, as missing. A sampled item
        // whose Query fails is usually the same item the count misses: the larger of the two.
        let gsi = m.gsis.reduce(0) { $0 + max(abs($1.present - $1.actual), $1.queryFailures) }
        let discrepancies = m.missingKeys.count + m.unexpectedKeys.count + mismatched + gsi
        terms = Terms(missing: m.missingKeys.count, unexpected: m.unexpectedKeys.count, mismatched: mismatched,
                      gsi: gsi, discrepancies: discrepancies)
        if discrepancies == 0 {
            score = 100
        } else {
            let e = m.expectedItems
            let hundredths = (10_000 * max(0, e - discrepancies)) / max(e, 1)
            score = Double(min(9_999, hundredths)) / 100
        }
    }
}
