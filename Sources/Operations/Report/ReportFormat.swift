import Foundation

/// The report's fixed number formats (no locale: the same figure prints the same everywhere).
enum ReportFormat {
    /// `1234567` → `1,234,567`.
    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// `x` with exactly `places` decimals (`String(format:)` with the C locale's `.`).
    static func fixed(_ x: Double, _ places: Int) -> String { String(format: "%.\(places)f", x) }

    /// A score as people write it: `100`, `99.5`, `99.99`.
    static func score(_ x: Double) -> String {
        var s = fixed(x, 2)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// `45 s`, `3 min 5 s`, `2 h 10 min`; under half a second: `under 1 s`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s == 0 { return "under 1 s" }
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min" + (s % 60 == 0 ? "" : " \(s % 60) s") }
        let minutes = (s % 3600) / 60
        return "\(s / 3600) h" + (minutes == 0 ? "" : " \(minutes) min")
    }

    /// Dollars with six decimals below a cent, else two: `$0.000750`, `$12.40`.
    static func usd(_ x: Double) -> String { x < 0.01 ? "$" + fixed(x, 6) : "$" + fixed(x, 2) }
}
