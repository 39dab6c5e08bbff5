import Foundation

/// Number formatting of the report: fixed decimals, thousands separators, no locale.
enum Format {
    /// Seconds with three decimals; below 10 ms in milliseconds instead, so the index lookups
    /// (bounds queries) and the small tables' ranges do not all print as "0.00x s".
    static func seconds(_ value: Double) -> String {
        value < 0.01 ? String(format: "%.2f ms", value * 1000) : String(format: "%.3f s", value)
    }
    static func ratio(_ value: Double) -> String { String(format: "%.2f", value) }
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }
}
