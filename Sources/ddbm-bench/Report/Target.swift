/// One target of the bench: a measured ratio (or time) against its limit. A miss is reported,
/// not failed: the bench is a report, and only broken measurements make it exit non-zero.
struct Target {
    enum Comparison {
        case atMost
        case below

        var symbol: String { self == .atMost ? "<=" : "<" }
    }

    let subject: String
    let measured: Double
    let limit: Double
    let comparison: Comparison
    /// How `measured` and `limit` print ("1.12", "0.420 s").
    let format: (Double) -> String

    var passed: Bool {
        switch comparison {
        case .atMost: return measured <= limit
        case .below: return measured < limit
        }
    }

    var row: [String] {
        [subject, format(measured), comparison.symbol + " " + format(limit), passed ? "PASS" : "MISS"]
    }
}
