import AWS
import Foundation
import MySQL
import XCTest
import TestSupport
@testable import Validation

/// The issue's demand: "The Swift and Python (ddbm_core) conversions are differential-tested on
/// generated rows: they must agree." A throw-away table with one column per MySQL type the views
/// produce is filled with seeded random rows; the job's side (Support/job_outcomes.py) reads its
/// view as the job does (Spark's JDBC source, ddbm_core.read_source) and applies
/// ddbm_core.row_to_item; this side reads it through the text protocol and applies
/// `expectedOutcome`. Every (spec, row) must give the same item or the same dead-letter reason.
///
/// Reproduce a failure with `DDBM_TEST_SEED=<the seed in the message>`.
final class ItemDifferentialTests: XCTestCase {
    func testSwiftAndTheJobMakeTheSameItemOfEveryRow() throws {
        guard let server = try TestDatabase.serverURL() else { throw XCTSkip("DDBM_TEST_MYSQL_URL is unset") }
        let seed = ProcessInfo.processInfo.environment["DDBM_TEST_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        let db = try TestDatabase(server: server, prefix: "items")
        defer { db.drop() }
        try db.run(sql: DifferentialTable.schema)
        var random = SplitMix64(seed: seed)
        let rows = (1...DifferentialTable.rowCount).map { DifferentialTable.row(id: $0, random: &random) }
        for start in stride(from: 0, to: rows.count, by: 20) {
            let values = rows[start..<min(start + 20, rows.count)].map { "(" + $0.joined(separator: ", ") + ")" }
            _ = try db.connection.execute("INSERT INTO t (\(DifferentialTable.tableColumns.map(\.name).joined(separator: ", "))) VALUES "
                + values.joined(separator: ", "))
        }
        try db.run(sql: DifferentialTable.view)

        let specs = DifferentialTable.specs()
        let request: [String: Any] = [
            "host": server.host ?? "127.0.0.1", "port": server.port, "database": db.name,
            "user": server.user ?? "", "password": server.password ?? "", "row_id": "rid",
            "read_spec": DifferentialTable.readSpec(), "specs": specs.map(\.document),
        ]
        let requestFile = FileManager.default.temporaryDirectory.appendingPathComponent("ddbm-items-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: request).write(to: requestFile)
        defer { try? FileManager.default.removeItem(at: requestFile) }
        let output = try pythonScripts.run("job_outcomes.py", [requestFile.path])

        let shapes = try specs.map { try JSONDecoder().decode(ItemShape.self, from: JSONSerialization.data(withJSONObject: $0.document)) }
        let viewRows = try db.connection.query("SELECT * FROM v ORDER BY rid").namedRows
        let byID = Dictionary(uniqueKeysWithValues: viewRows.map { (Int($0["rid"]!.text)!, $0) })

        var compared = 0
        var mismatches: [String] = []
        var reasonsSeen = Set<String>()
        for line in output.split(separator: UInt8(ascii: "\n")) {
            let job = try JSONDecoder().decode(JobLine.self, from: Data(line))
            let row = try XCTUnwrap(byID[job.row], "the job read a row (\(job.row)) this side did not")
            let spec = specs[job.spec]
            let swift = expectedOutcome(row: row, shape: shapes[job.spec])
            compared += 1
            let agree: Bool
            switch (swift, job.item, job.dead_letter) {
            case let (.item(item, size), jobItem?, nil):
                agree = differences(expected: item, actual: jobItem).isEmpty && size == job.size
            case let (.deadLetter(reason, _), nil, jobReason?):
                reasonsSeen.insert(reason)
                agree = reason == jobReason
            default:
                agree = false
            }
            if !agree {
                let values = spec.columns.map { name -> String in
                    guard let index = row.columnIndex(name) else { return "\(name)=<none>" }
                    return "\(name)=" + (row.values[index].map { describe($0.bytes) } ?? "NULL")
                }
                mismatches.append("spec \(spec.label), row \(job.row) [\(values.joined(separator: ", "))]: "
                    + "swift \(describe(swift)) / job \(job.item.map { dynamoDBJSON($0) + " size \(job.size ?? -1)" } ?? "dead letter \(job.dead_letter ?? "?"): \(job.detail ?? "")")")
            }
        }
        XCTAssertEqual(compared, specs.count * rows.count, "seed \(seed): the job reported another number of outcomes")
        XCTAssert(mismatches.isEmpty, "seed \(seed): \(mismatches.count) of \(compared) outcomes differ; first ones:\n"
            + mismatches.prefix(40).joined(separator: "\n"))
        // The rows must reach every rejection reason a row can have, or the test proves less than it claims.
        for reason in [DeadLetterReason.missingKey, DeadLetterReason.invalidValue, DeadLetterReason.invalidJSON,
                       DeadLetterReason.missingVersion, DeadLetterReason.itemTooLarge] {
            XCTAssert(reasonsSeen.contains(reason), "seed \(seed): no row was dead-lettered with \(reason)")
        }
    }

    private struct JobLine: Decodable {
        var spec: Int
        var row: Int
        var item: DynamoDBItem?
        var size: Int?
        var dead_letter: String?
        var detail: String?
    }

    private func describe(_ outcome: RowOutcome) -> String {
        switch outcome {
        case let .item(item, size): return dynamoDBJSON(item) + " size \(size)"
        case let .deadLetter(reason, detail): return "dead letter \(reason): \(detail)"
        }
    }

    private func describe(_ bytes: [UInt8]) -> String {
        let shown = bytes.prefix(80)
        if let text = String(validating: shown, as: UTF8.self) { return "'" + text + "'" + (bytes.count > 80 ? "...(\(bytes.count) bytes)" : "") }
        return "x'" + shown.map { String(format: "%02x", $0) }.joined() + "'" + (bytes.count > 80 ? "...(\(bytes.count) bytes)" : "")
    }
}


/// The table, its view (shaped as generated views are: `_partition_key` first, `CAST(... AS CHAR)`
/// and `(x) <> 0` columns as `ValueSQL.column` writes them), its random rows and the job specs.
enum DifferentialTable {
    static let rowCount = 250

    struct Column { var name: String; var sql: String }

    static let tableColumns: [Column] = [
        .init(name: "id", sql: "INT PRIMARY KEY"), .init(name: "k", sql: "VARCHAR(40)"),
        .init(name: "i", sql: "INT"), .init(name: "iu", sql: "INT UNSIGNED"), .init(name: "bi", sql: "BIGINT"),
        .init(name: "bu", sql: "BIGINT UNSIGNED"), .init(name: "d", sql: "DECIMAL(30,10)"), .init(name: "db", sql: "DOUBLE"),
        .init(name: "f", sql: "FLOAT"), .init(name: "t1", sql: "TINYINT(1)"), .init(name: "b1", sql: "BIT(1)"),
        .init(name: "vc", sql: "VARCHAR(300) CHARACTER SET utf8mb4"), .init(name: "tx", sql: "TEXT CHARACTER SET utf8mb4"),
        .init(name: "vb", sql: "VARBINARY(300)"), .init(name: "bl", sql: "BLOB"), .init(name: "big", sql: "LONGBLOB"),
        .init(name: "js", sql: "LONGTEXT CHARACTER SET utf8mb4"), .init(name: "jv", sql: "JSON"),
        .init(name: "dt0", sql: "DATETIME"), .init(name: "dt6", sql: "DATETIME(6)"), .init(name: "dd", sql: "DATE"),
    ]

    static var schema: String {
        "CREATE TABLE t (" + tableColumns.map { "\($0.name) \($0.sql)" + ($0.name == "id" ? "" : " NULL") }.joined(separator: ", ")
            + ") CHARACTER SET utf8mb4"
    }

    /// View columns, with what the job spec may map each to. Raw DECIMAL, DOUBLE, FLOAT,
    /// DATETIME(6) and DATE columns are never `S` here: generated views CAST every column but text
    /// and plain integers for an S attribute (docs/VIEW-CASTS.md), and the job's own text of those
    /// Python values is not MySQL's (docs/VALIDATE.md, "Where the view's types meet Spark's").
    /// A raw DATE or DATETIME in the Julian–Gregorian gap (1582-10-05..14) arrives ten days later:
    /// Connector/J builds a hybrid-calendar java.sql.Date or Timestamp (seed 4882178492236113694:
    /// DATE '1582-10-06' became '1582-10-16'; seed 2112176124095887073: DATETIME
    /// '1582-10-08 03:15:07' became '1582-10-18 03:15:07'). MySQL's calendar is proleptic
    /// Gregorian, so MySQL's text is the right one, and it is what a generated view sends for an
    /// S attribute: `CAST(... AS CHAR CHARACTER SET latin1)` (docs/VIEW-CASTS.md). So no raw
    /// date column is `S` here; `dt0_c`, `dt6_c` and `dd_c` are those casts.
    static let viewColumns: [(name: String, sql: String, notS: Bool)] = [
        ("pk", "CONCAT('R#', id)", false), ("k", "k", false),
        ("i", "i", false), ("iu", "iu", false), ("bi", "bi", false), ("bu", "bu", false),
        ("d", "d", true), ("db", "db", true), ("f", "f", true), ("t1", "t1", false), ("b1", "b1", false),
        ("vc", "vc", false), ("tx", "tx", false), ("vb", "vb", false), ("bl", "bl", false), ("big", "big", false),
        ("js", "js", false), ("jv", "jv", false), ("dt0", "dt0", true), ("dt6", "dt6", true), ("dd", "dd", true),
        ("i_c", "CAST(i AS CHAR)", false), ("bu_c", "CAST(bu AS CHAR)", false), ("d_c", "CAST(d AS CHAR)", false),
        ("db_c", "CAST(db AS CHAR)", false), ("f_c", "CAST(f AS CHAR)", false), ("t1_c", "CAST(t1 AS CHAR)", false),
        ("dt0_c", "CAST(dt0 AS CHAR)", false), ("dt6_c", "CAST(dt6 AS CHAR)", false), ("dd_c", "CAST(dd AS CHAR)", false),
        ("jv_c", "CAST(jv AS CHAR)", false), ("js_c", "CAST(js AS CHAR)", false), ("vb_c", "CAST(vb AS CHAR)", false),
        ("bl_c", "CAST(bl AS CHAR)", false),
        ("i_b", "((i) <> 0)", false), ("d_b", "((d) <> 0)", false), ("db_b", "((db) <> 0)", false), ("t1_b", "((t1) <> 0)", false),
    ]

    static var view: String {
        "CREATE VIEW v AS SELECT id AS _partition_key, id AS rid, "
            + viewColumns.map { "\($0.sql) AS \($0.name)" }.joined(separator: ", ") + " FROM t"
    }

    struct Spec {
        var label: String
        var document: [String: Any]
        var columns: [String]
    }

    static func spec(_ label: String, pk: (String, AttributeType), sk: (String, AttributeType)? = nil,
                     attributes: [(String, AttributeType)], gsiKeys: [String] = [], version: String? = nil) -> Spec {
        var all = [pk] + (sk.map { [$0] } ?? [])
        for attribute in attributes where !all.contains(where: { $0.0 == attribute.0 }) { all.append(attribute) }
        var document: [String: Any] = [
            "spec_version": 2, "table": "Differential", "view": "v", "pk": pk.0, "gsi_keys": gsiKeys,
            "attributes": all.map { ["name": $0.0, "type": $0.1.rawValue] },
            "write": version.map { ["mode": "if-newer", "version_attribute": $0] } ?? ["mode": "overwrite"],
            "partition_column": "_partition_key",
            "sources": [["entity": NSNull(), "view": "v", "columns": all.map(\.0), "bounds": ["table": "t", "column": "id"]]],
        ]
        if let sk { document["sk"] = sk.0 }
        return Spec(label: label, document: document, columns: all.map(\.0))
    }

    /// What the job reads: every view column (the values Spark gives do not depend on the type).
    static func readSpec() -> [String: Any] {
        spec("read", pk: ("pk", .S), attributes: [("rid", .N)] + viewColumns.map { ($0.name, .S) }).document
    }

    /// Every column under every type it may have, then the row-level rules: keys (S, N, B;
    /// NULL/empty), sparse GSI keys, if-newer's version, item size, and a many-attribute item
    /// whose first failing attribute decides the reason.
    static func specs() -> [Spec] {
        var specs: [Spec] = []
        for column in viewColumns {
            for type in AttributeType.allCases where !(type == .S && column.notS) {
                specs.append(spec("\(column.name) as \(type.rawValue)", pk: ("pk", .S), sk: ("rid", .N), attributes: [(column.name, type)]))
            }
        }
        specs.append(spec("S key k, N sort key, sparse S GSI key vc", pk: ("k", .S), sk: ("rid", .N),
                          attributes: [("vc", .S), ("i", .N)], gsiKeys: ["vc"]))
        specs.append(spec("B key vb, sparse B GSI key bl", pk: ("vb", .B), attributes: [("bl", .B)], gsiKeys: ["bl"]))
        specs.append(spec("N key db, N GSI key d", pk: ("db", .N), sk: ("pk", .S), attributes: [("d", .N)], gsiKeys: ["d"]))
        specs.append(spec("B key from base64 text tx", pk: ("tx", .B), attributes: [("rid", .N)]))
        specs.append(spec("if-newer on i", pk: ("pk", .S), attributes: [("rid", .N), ("i", .N)], version: "i"))
        specs.append(spec("if-newer on text vc", pk: ("pk", .S), attributes: [("vc", .S)], version: "vc"))
        specs.append(spec("item size", pk: ("pk", .S), attributes: [("big", .B), ("tx", .S), ("jv", .M)]))
        specs.append(spec("many attributes", pk: ("pk", .S), sk: ("rid", .N),
                          attributes: [("i", .N), ("vc", .S), ("vb", .B), ("js", .L), ("jv_c", .M), ("t1", .BOOL), ("tx", .SS),
                                       ("d", .N), ("f", .N), ("db", .N), ("bl", .BS), ("dt0", .NULL), ("js_c", .NS)],
                          gsiKeys: ["vc"]))
        return specs
    }

    // MARK: Rows

    /// Text the conversions treat specially: numbers, booleans, base64, JSON of every shape.
    static let fragments: [String] = {
        var out = [
            "", "a", "héllo", "😀 emoji", "e\u{301}", "\u{e9}", "  true ", "TRUE", "false", "False\t", "1", "0", " 1 ", "2", "yes",
            "1.50E+2", "-0.0", "+5", ".5", "5.", "0.0010", "1e400", "1e-131", "1E-130", "9.9999999999999999999999999999999999999E+125",
            "12345678901234567890123456789012345678", "123456789012345678901234567890123456789", "NaN", "inf", "0x10", "1_000",
            "abc", "QUJD", "QR==", "QQ=", "QUJD=", "QQ==QQ==", "=QQ=", "QU JD", "QUI=", "QQ=a", "8J+YgA==",
            "[]", "[null]", "{}", "[1, 2, 2.0, null, -0]", "[\"a\", \"a\", null, \"é\", \"e\\u0301\"]",
            "{\"a\": 1.50, \"b\": [true, null, {\"c\": \"x\"}], \"e\": \"\"}", "[1e400]", "[1e-131]",
            "[\"QUJD\", \"QUJD\", null, \"QR==\", \"QUI=\"]", "[\"QQ\"]", "[true]", "[[1]]", "[1.0, \"1\", \" 2 \"]",
            "[\"x\", 1.50, 1e2, -0, 0.0010]", "{\"a\": 1, \"a\": 2}", "[NaN]", "[Infinity]",
            "{\"n\": 12345678901234567890123456789012345678}", "[123456789012345678901234567890123456789]",
            "\u{FEFF}[1]", "[1,]", "\"just a string\"", "null", "true", "42", " [1] ", "\t{\"k\": \"v\"}\n", "{\"k\": \"\\u00e9\\ud83d\\ude00\"}",
            "[\"a\\\"b\", \"tab\\tx\", \"\\/\"]", "{\"nested\": {\"deeper\": [1, [2, [3]]]}}", "[1 2]", "{\"a\" 1}", "[01]", "[-]", "[1.]",
            "[\"1\", \"abc\"]", "[{}]", "[[]]", "{\"\": 0}",
            // Lone UTF-16 surrogates from escapes: no Unicode text, so invalid JSON to both sides.
            "[\"\\ud800\"]", "{\"\\udc00\": 1}", "[\"x\\udbffy\"]", "[\"\\ud83d\\ude00\"]",
        ]
        for depth in [31, 32, 33] {
            out.append(String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth))
            out.append(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
            out.append(String(repeating: "{\"a\":", count: depth) + "\"x\"" + String(repeating: "}", count: depth))
        }
        return out
    }()

    static func pick<T>(_ values: [T], _ random: inout SplitMix64) -> T { values[Int.random(in: 0..<values.count, using: &random)] }

    static func chance(_ percent: Int, _ random: inout SplitMix64) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    static func text(_ random: inout SplitMix64) -> String {
        if chance(65, &random) { return pick(fragments, &random) }
        let alphabet = Array("abcXYZ019 .,-+e\"[]{}:éß€😀\u{301}\t")
        return String((0..<Int.random(in: 0...24, using: &random)).map { _ in pick(alphabet, &random) })
    }

    static func bytes(_ random: inout SplitMix64) -> [UInt8] {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return Array(text(&random).utf8)
        case 1:
            // Malformed UTF-8 of every kind a decoder may replace differently (see JavaUTF8), valid edge
            // sequences, each alone or between ASCII letters.
            let piece = pick([[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xED, 0xA0, 0x41], [0xED, 0xA0],
                              [0xF0, 0x9F, 0x98], [0xF0, 0x9F, 0x98, 0x41], [0xF0, 0x9F], [0xF0], [0xC3], [0xE1], [0xE1, 0x80, 0x41],
                              [0xE1, 0x80], [0xE0, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xC0, 0xAF],
                              [0xF8, 0x88, 0x80, 0x80, 0x80], [0x00], [0xC3, 0xA9], [0xF4, 0x8F, 0xBF, 0xBF], [0xEF, 0xBF, 0xBD]] as [[UInt8]], &random)
            return chance(50, &random) ? piece : [0x61] + piece + [0x62]
        case 2: return []
        default: return (0..<Int.random(in: 1...40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        }
    }

    static func textLiteral(_ text: String) -> String { "_utf8mb4 " + MySQLConnection.hexLiteral(Array(text.utf8)) }

    static func null<T>(_ percent: Int, _ random: inout SplitMix64, _ value: (inout SplitMix64) -> T) -> T? {
        chance(percent, &random) ? nil : value(&random)
    }

    static func integer(_ random: inout SplitMix64, low: Int64, high: Int64) -> String {
        if chance(30, &random) { return String(pick([low, high, 0, 1, -1, 2].filter { $0 >= low && $0 <= high }, &random)) }
        return String(Int64.random(in: low...high, using: &random))
    }

    static func decimal(_ random: inout SplitMix64) -> String {
        if chance(25, &random) {
            return pick(["0", "0.0000000001", "-0.0000000001", "1", "-1.5", "99999999999999999999.9999999999", "0.0000001000",
                         "-99999999999999999999.9999999999", "100", "0.5000000000"], &random)
        }
        let integerDigits = (0..<Int.random(in: 0...20, using: &random)).map { _ in String(Int.random(in: 0...9, using: &random)) }
        let fraction = (0..<Int.random(in: 0...10, using: &random)).map { _ in String(Int.random(in: 0...9, using: &random)) }
        return (chance(40, &random) ? "-" : "") + (integerDigits.isEmpty ? "0" : integerDigits.joined())
            + (fraction.isEmpty ? "" : "." + fraction.joined())
    }

    static func double(_ random: inout SplitMix64) -> String {
        if chance(30, &random) {
            return pick(["0", "-0", "0.1", "0.30000000000000004", "1e16", "1e300", "-1e-300", "123456789.123", "1.7976931348623157e308",
                         "2.2250738585072014e-308", "1e125", "9.99e125", "1e126", "1e-130", "1e-131", "123456789012345678901234567890"], &random)
        }
        let value = Double.random(in: 1..<10, using: &random) * pow(10, Double(Int.random(in: -140...140, using: &random)))
        return "\(chance(30, &random) ? -value : value)"
    }

    static func float(_ random: inout SplitMix64) -> String {
        if chance(30, &random) { return pick(["0", "3.1415927", "16777217", "1e-7", "1e38", "-2.5", "0.1", "1234567"], &random) }
        let value = Float.random(in: 1..<10, using: &random) * powf(10, Float(Int.random(in: -30...30, using: &random)))
        return "\(chance(30, &random) ? -value : value)"
    }

    static func datetime(_ random: inout SplitMix64, fraction: Bool) -> String {
        let year = chance(5, &random) ? pick([1000, 1582, 1900, 1970, 2038, 9999], &random) : Int.random(in: 1971...2100, using: &random)
        var text = String(format: "%04d-%02d-%02d %02d:%02d:%02d", year, Int.random(in: 1...12, using: &random),
                          Int.random(in: 1...28, using: &random), Int.random(in: 0...23, using: &random),
                          Int.random(in: 0...59, using: &random), Int.random(in: 0...59, using: &random))
        if fraction { text += String(format: ".%06d", chance(30, &random) ? 0 : Int.random(in: 0...999_999, using: &random)) }
        return text
    }

    /// One row's SQL literals, in `tableColumns` order.
    static func row(id: Int, random: inout SplitMix64) -> [String] {
        var r = random
        defer { random = r }
        let jsonValid = fragments.filter { (try? JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed])) != nil
            && !$0.contains("1e400") && !$0.hasPrefix("\u{FEFF}") }
        func q(_ text: String?) -> String { text.map(textLiteral) ?? "NULL" }
        func n(_ text: String?) -> String { text ?? "NULL" }
        // The first rows always carry one blob over DynamoDB's 400 KB and one just under, so every
        // seed reaches item-too-large and its boundary (random rows alone missed it in 1 of 3 runs).
        let size: Int? = id <= 3 ? 409_700 : id <= 6 ? 409_500 : chance(3, &r) ? pick([409_500, 409_700, 300_000], &r) : nil
        let big = size.map { MySQLConnection.hexLiteral([UInt8](repeating: 0x61, count: $0)) }
        return [
            String(id),
            q(null(5, &r) { chance(5, &$0) ? "" : "K#\(id)" }),
            n(null(10, &r) { integer(&$0, low: Int64(Int32.min), high: Int64(Int32.max)) }),
            n(null(10, &r) { integer(&$0, low: 0, high: Int64(UInt32.max)) }),
            n(null(10, &r) { integer(&$0, low: Int64.min, high: Int64.max) }),
            n(null(10, &r) { chance(20, &$0) ? pick(["18446744073709551615", "9223372036854775808", "0"], &$0) : integer(&$0, low: 0, high: Int64.max) }),
            n(null(10, &r) { decimal(&$0) }),
            n(null(10, &r) { double(&$0) }),
            n(null(10, &r) { float(&$0) }),
            // TINYINT(1) with every value: the job reads it as the number it is (tinyInt1isBit=false).
            n(null(10, &r) { pick(["0", "1", "5", "-128", "127"], &$0) }),
            n(null(10, &r) { pick(["b'0'", "b'1'"], &$0) }),
            q(null(10, &r) { text(&$0) }),
            q(null(10, &r) { text(&$0) }),
            n(null(10, &r) { MySQLConnection.hexLiteral(bytes(&$0)) }),
            n(null(10, &r) { MySQLConnection.hexLiteral(bytes(&$0)) }),
            big ?? "NULL",
            q(null(10, &r) { text(&$0) }),
            // The server's own JSON_VALID decides what the JSON column may hold (MariaDB: at most 32 levels).
            null(10, &r) { pick(jsonValid, &$0) }.map { "IF(JSON_VALID(\(textLiteral($0))), \(textLiteral($0)), NULL)" } ?? "NULL",
            q(null(10, &r) { datetime(&$0, fraction: false) }),
            q(null(10, &r) { datetime(&$0, fraction: true) }),
            q(null(10, &r) { String(datetime(&$0, fraction: false).prefix(10)) }),
        ]
    }
}
