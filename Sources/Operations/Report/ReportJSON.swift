import Foundation

/// `report.json` (docs/REPORT.md, "report.json"): the model, keys sorted, pretty-printed.
enum ReportJSON {
    static func render(_ model: ReportModel) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(model) + Data("\n".utf8)
    }
}
