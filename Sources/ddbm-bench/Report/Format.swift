import Foundation

/// Number formatting of the report: fixed decimals, thousands separators, no locale.
enum Format {
    static func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }
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
