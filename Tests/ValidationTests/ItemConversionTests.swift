import AWS
import Foundation
import MySQL
import XCTest
@testable import Validation

/// CONTRACT.md §5 rule by rule, on rows built by hand with the wire types MySQL sends.
final class ItemConversionTests: XCTestCase {
    static let text = MySQLColumnType.varString
    typealias Cell = (name: String, column: MySQLColumnType, binary: Bool, value: [UInt8]?)

    func cell(_ name: String, _ value: String?, _ type: MySQLColumnType = text, binary: Bool = false) -> Cell {
        (name, type, binary, value.map { Array($0.utf8) })
    }

    func row(_ cells: [Cell]) -> MySQLRow {
        MySQLRow(columns: [MySQLColumn(name: "_partition_key", type: .long, isBinary: true)]
                    + cells.map { MySQLColumn(name: $0.name, type: $0.column, isBinary: $0.binary) },
                 values: [MySQLValue("1")] + cells.map { $0.value.map(MySQLValue.init(bytes:)) })
    }

    func shape(_ attributes: [(String, AttributeType)], sk: String? = nil, gsi: [String] = [], version: String? = nil) -> ItemShape {
        ItemShape(table: "T", view: "v", pk: "PK", sk: sk, attributes: [.init(name: "PK", type: .S)] + attributes.map { .init(name: $0.0, type: $0.1) },
                  gsiKeys: gsi, writeMode: version == nil ? .ifAbsent : .ifNewer, versionAttribute: version)
    }

    /// The value one attribute `a` of declared `type` gets from one cell, or the reason it is refused.
    func convert(_ value: String?, _ type: AttributeType, column: MySQLColumnType = text, binary: Bool = false, bytes: [UInt8]? = nil) -> String {
        let c: Cell = ("a", column, binary, bytes ?? value.map { Array($0.utf8) })
        switch expectedOutcome(row: row([cell("PK", "k"), c]), shape: shape([("a", type)])) {
        case let .item(item, _): return item["a"].map(dynamoDBJSON) ?? "absent"
        case let .deadLetter(reason, _): return reason
        }
    }

    func testNullIsAbsentAndReservedAndUnlistedColumnsAreNeverAttributes() {
        let outcome = expectedOutcome(row: row([cell("PK", "k"), cell("a", nil), cell("_entity_type", "USER"), cell("other", "x")]),
                                      shape: shape([("a", .S)]))
        XCTAssertEqual(outcome, .item(["PK": .s("k")], size: 3))
        // A column the row lacks (a source without the attribute) is NULL, not an error.
        XCTAssertEqual(convert(nil, .N), "absent")
        if case let .item(item, _) = expectedOutcome(row: row([cell("PK", "k")]), shape: shape([("missing", .S)])) {
            XCTAssertEqual(Array(item.keys), ["PK"])
        } else { XCTFail("a missing column must not dead-letter the row") }
    }

    func testS() {
        XCTAssertEqual(convert("héllo😀", .S), #"{"S":"héllo😀"}"#)
        XCTAssertEqual(convert("", .S), #"{"S":""}"#)
        XCTAssertEqual(convert(nil, .S, column: .blob, binary: true, bytes: [0xC3, 0xA9]), #"{"S":"é"}"#)
        XCTAssertEqual(convert(nil, .S, column: .blob, binary: true, bytes: [0xFF]), DeadLetterReason.invalidValue)
        XCTAssertEqual(convert("-12", .S, column: .long), #"{"S":"-12"}"#)
        XCTAssertEqual(convert("2024-01-02", .S, column: .date), #"{"S":"2024-01-02"}"#)
        // A text column with bytes that are not UTF-8 (a CAST of binary data): the JVM's replacement.
        XCTAssertEqual(convert(nil, .S, bytes: [0x61, 0xED, 0xA0, 0x80, 0x62]), #"{"S":"a\#u{FFFD}b"}"#)
        XCTAssertEqual(convert(nil, .S, bytes: [0x61, 0xC0, 0xAF]), #"{"S":"a\#u{FFFD}\#u{FFFD}"}"#)
    }

    func testN() {
        XCTAssertEqual(convert("12345678901234567890.1234567890", .N, column: .decimal), #"{"N":"12345678901234567890.123456789"}"#)
        XCTAssertEqual(convert("18446744073709551615", .N, column: .longLong), #"{"N":"18446744073709551615"}"#)
        XCTAssertEqual(convert(" 1.50E+2 ", .N), #"{"N":"150"}"#)
        XCTAssertEqual(convert("0.30000000000000004", .N, column: .double), #"{"N":"0.30000000000000004"}"#)
        XCTAssertEqual(convert("-0", .N, column: .double), #"{"N":"0"}"#)
        XCTAssertEqual(convert(nil, .N, column: .bit, binary: true, bytes: [0x01]), #"{"N":"1"}"#)
        XCTAssertEqual(convert(nil, .N, column: .bit, binary: true, bytes: [0x01, 0x00]), #"{"N":"256"}"#)
        for rejected in ["abc", "", "1e400", "1E-131", "123456789012345678901234567890123456789", "NaN"] {
            XCTAssertEqual(convert(rejected, .N), DeadLetterReason.invalidValue, rejected)
        }
        XCTAssertEqual(convert("1e300", .N, column: .double), DeadLetterReason.invalidValue)
        XCTAssertEqual(convert("2024-01-02 00:00:00", .N, column: .dateTime), DeadLetterReason.invalidValue)
        XCTAssertEqual(convert(nil, .N, column: .blob, binary: true, bytes: [0xFF]), DeadLetterReason.invalidValue)
    }

    func testB() {
        XCTAssertEqual(convert(nil, .B, column: .blob, binary: true, bytes: [0xFF, 0x00]), #"{"B":"/wA="}"#)
        XCTAssertEqual(convert("QUJD", .B), #"{"B":"QUJD"}"#)
        XCTAssertEqual(convert("QR==", .B), #"{"B":"QQ=="}"#)  // unused bits ignored, as CPython does
        XCTAssertEqual(convert("QUJD=", .B), #"{"B":"QUJD"}"#)
        for rejected in ["QQ=", "QU JD", "=QQ=", "QQ==QQ==", "QQ=a", "Q", "é"] {
            XCTAssertEqual(convert(rejected, .B), DeadLetterReason.invalidValue, rejected)
        }
        XCTAssertEqual(convert("5", .B, column: .long), DeadLetterReason.invalidValue)
    }

    func testBOOL() {
        XCTAssertEqual(convert("1", .BOOL, column: .longLong), #"{"BOOL":true}"#)
        XCTAssertEqual(convert("0", .BOOL, column: .tiny), #"{"BOOL":false}"#)
        XCTAssertEqual(convert("1.0000000000", .BOOL, column: .decimal), #"{"BOOL":true}"#)
        XCTAssertEqual(convert(" TRUE ", .BOOL), #"{"BOOL":true}"#)
        XCTAssertEqual(convert("false", .BOOL), #"{"BOOL":false}"#)
        XCTAssertEqual(convert(nil, .BOOL, column: .bit, binary: true, bytes: [0x01]), #"{"BOOL":true}"#)
        for rejected in ["2", "yes", "", "1.0"] { XCTAssertEqual(convert(rejected, .BOOL), DeadLetterReason.invalidValue, rejected) }
        XCTAssertEqual(convert("2", .BOOL, column: .long), DeadLetterReason.invalidValue)
        XCTAssertEqual(convert("1", .BOOL, column: .double), DeadLetterReason.invalidValue)  // the job has no float branch
    }

    func testNULL() {
        XCTAssertEqual(convert("anything", .NULL), #"{"NULL":true}"#)
        XCTAssertEqual(convert(nil, .NULL), "absent")
    }

    func testMAndL() {
        XCTAssertEqual(convert(#"{"a": 1.50, "b": [true, null, "x"], "a2": {}}"#, .M),
                       #"{"M":{"a":{"N":"1.5"},"a2":{"M":{}},"b":{"L":[{"BOOL":true},{"NULL":true},{"S":"x"}]}}}"#)
        XCTAssertEqual(convert(#"{"a": 1, "a": 2}"#, .M), #"{"M":{"a":{"N":"2"}}}"#)
        XCTAssertEqual(convert("[12345678901234567890123456789012345678]", .L), #"{"L":[{"N":"12345678901234567890123456789012345678"}]}"#)
        XCTAssertEqual(convert("[1]", .M), DeadLetterReason.invalidJSON)
        XCTAssertEqual(convert("{}", .L), DeadLetterReason.invalidJSON)
        for rejected in ["", "[1,]", "[NaN]", "\u{FEFF}[1]", "{'a': 1}", "[1] x", "[\"\u{01}\"]"] {
            XCTAssertEqual(convert(rejected, .L), DeadLetterReason.invalidJSON, rejected)
        }
        XCTAssertEqual(convert("[1e400]", .L), DeadLetterReason.invalidValue)  // valid JSON, a number DynamoDB cannot hold
        let deepest = String(repeating: "[", count: 31) + "1" + String(repeating: "]", count: 31)  // the 1 is at depth 32
        XCTAssertNotEqual(convert(deepest, .L), DeadLetterReason.invalidJSON)
        XCTAssertEqual(convert("[" + deepest + "]", .L), DeadLetterReason.invalidJSON)
        XCTAssertEqual(convert(nil, .M, column: .blob, binary: true, bytes: [0xFF]), DeadLetterReason.invalidJSON)
        // A lone surrogate escape is no text (ddbm_core refuses it too, since the fix this work found).
        for type in [AttributeType.L, .SS, .NS, .BS] { XCTAssertEqual(convert(#"["\ud800"]"#, type), DeadLetterReason.invalidJSON) }
        XCTAssertEqual(convert(#"{"\udc00": 1}"#, .M), DeadLetterReason.invalidJSON)
        XCTAssertEqual(convert(#"["\ud83d\ude00"]"#, .L), #"{"L":[{"S":"😀"}]}"#)
    }

    func testSets() throws {
        XCTAssertEqual(convert(#"["b", "a", "a", null, 1.50, 1e2]"#, .SS), #"{"SS":["b","a","1.50","100"]}"#)
        XCTAssertEqual(convert(#"[1, 1.0, "1", " 2 ", null, -0, 0]"#, .NS), #"{"NS":["1","2","0"]}"#)
        XCTAssertEqual(convert(#"["QUJD", "QUJD", null]"#, .BS), #"{"BS":["QUJD"]}"#)
        for type in [AttributeType.SS, .NS, .BS] {
            XCTAssertEqual(convert("[]", type), "absent")
            XCTAssertEqual(convert("[null, null]", type), "absent")
            XCTAssertEqual(convert("{}", type), DeadLetterReason.invalidJSON)
            XCTAssertEqual(convert("[1", type), DeadLetterReason.invalidJSON)
            XCTAssertEqual(convert("[true]", type), DeadLetterReason.invalidValue)
            XCTAssertEqual(convert("[[1]]", type), DeadLetterReason.invalidValue)
        }
        XCTAssertEqual(convert(#"["abc"]"#, .NS), DeadLetterReason.invalidValue)
        XCTAssertEqual(convert("[1e400]", .NS), DeadLetterReason.invalidValue)
        XCTAssertEqual(convert("[1]", .BS), DeadLetterReason.invalidValue)
        XCTAssertEqual(convert(#"["QQ="]"#, .BS), DeadLetterReason.invalidValue)
    }

    func testTableKeysGSIKeysAndVersion() {
        let keyed = shape([("SK", .N), ("G", .S), ("GB", .B)], sk: "SK", gsi: ["G", "GB"])
        XCTAssertEqual(expectedOutcome(row: row([cell("PK", ""), cell("SK", "1")]), shape: keyed).reason, DeadLetterReason.missingKey)
        XCTAssertEqual(expectedOutcome(row: row([cell("PK", "k"), cell("SK", nil)]), shape: keyed).reason, DeadLetterReason.missingKey)
        let sparse = expectedOutcome(row: row([cell("PK", "k"), cell("SK", "1"), cell("G", ""), cell("GB", nil, .blob, binary: true)]), shape: keyed)
        XCTAssertEqual(sparse, .item(["PK": .s("k"), "SK": .n("1")], size: 2 + 1 + 2 + 2))
        let binaryKey = ItemShape(table: "T", view: "v", pk: "K", attributes: [.init(name: "K", type: .B)])
        XCTAssertEqual(expectedOutcome(row: row([(name: "K", column: .blob, binary: true, value: [])]), shape: binaryKey).reason,
                       DeadLetterReason.missingKey)
        let newer = shape([("v", .N)], version: "v")
        XCTAssertEqual(expectedOutcome(row: row([cell("PK", "k"), cell("v", nil)]), shape: newer).reason, DeadLetterReason.missingVersion)
        // A conversion failure comes before the key check, as in row_to_item.
        XCTAssertEqual(expectedOutcome(row: row([cell("PK", nil), cell("v", "x")]), shape: newer).reason, DeadLetterReason.invalidValue)
    }

    func testItemSizeFollowsDynamoDBsRules() {
        XCTAssertEqual(ItemSize.numberSize("0"), 2)
        XCTAssertEqual(ItemSize.numberSize("123"), 3)       // (3 + 1) / 2 + 1
        XCTAssertEqual(ItemSize.numberSize("-1234.5000"), 5) // 5 digits: 3 + 1, + 1 for the sign
        XCTAssertEqual(ItemSize.of(["ab": .l([.s("é"), .null]), "m": .m(["k": .bool(true)])]), 2 + (3 + 1 + 2 + 1 + 1) + 1 + (3 + 1 + 1 + 1))
        XCTAssertEqual(ItemSize.of(["s": .ss(["a", "bc"]), "n": .ns(["1", "22"]), "b": .bs([Data([1, 2])])]), 1 + 3 + 1 + 4 + 1 + 2)
        let limit = DynamoDBLimits.maxItemBytes
        let big = shape([("data", .B)])
        func blob(_ count: Int) -> MySQLRow { row([cell("PK", "k"), (name: "data", column: .longBlob, binary: true, value: [UInt8](repeating: 7, count: count))]) }
        let fits = limit - "PK".utf8.count - 1 - "data".utf8.count
        if case let .item(_, size) = expectedOutcome(row: blob(fits), shape: big) { XCTAssertEqual(size, limit) } else { XCTFail("400 KB exactly fits") }
        XCTAssertEqual(expectedOutcome(row: blob(fits + 1), shape: big).reason, DeadLetterReason.itemTooLarge)
    }
}

extension RowOutcome {
    var reason: String? {
        if case let .deadLetter(reason, _) = self { return reason }
        return nil
    }
}
