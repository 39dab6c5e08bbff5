import AWS
import Foundation
import XCTest
@testable import Validation

final class ComparisonTests: XCTestCase {
    func names(_ expected: DynamoDBItem, _ actual: DynamoDBItem) -> [String] { differences(expected: expected, actual: actual).map(\.attribute) }

    func testEqualValuesUnderDynamoDBsEquality() {
        let expected: DynamoDBItem = [
            "n": .n("150"), "ns": .ns(["1", "2.5"]), "ss": .ss(["a", "b"]), "bs": .bs([Data([1]), Data([2])]),
            "m": .m(["x": .n("1.0"), "y": .l([.s("a"), .null])]), "l": .l([.n("1"), .bool(true)]), "b": .b(Data([0, 255])), "s": .s("é"),
        ]
        let actual: DynamoDBItem = [
            "n": .n("1.50E+2"), "ns": .ns(["2.50", "1"]), "ss": .ss(["b", "a"]), "bs": .bs([Data([2]), Data([1])]),
            "m": .m(["y": .l([.s("a"), .null]), "x": .n("1")]), "l": .l([.n("1.0"), .bool(true)]), "b": .b(Data([0, 255])), "s": .s("é"),
        ]
        XCTAssertEqual(differences(expected: expected, actual: actual), [])
    }

    func testEveryKindOfDifferenceIsOneAndTheyAreSortedByName() {
        let expected: DynamoDBItem = [
            "z_missing": .s("x"), "a_type": .n("1"), "nfc": .s("\u{e9}"), "ord": .l([.n("1"), .n("2")]), "deep": .m(["k": .m(["j": .n("1")])]),
            "num": .n("0.1"), "set": .ns(["1", "2"]), "bin": .b(Data([1])), "bool": .bool(true), "mkeys": .m(["a": .null]),
        ]
        let actual: DynamoDBItem = [
            "extra": .null, "a_type": .s("1"), "nfc": .s("e\u{301}"), "ord": .l([.n("2"), .n("1")]), "deep": .m(["k": .m(["j": .n("2")])]),
            "num": .n("0.10000000000000001"), "set": .ns(["1"]), "bin": .b(Data([1, 0])), "bool": .bool(false), "mkeys": .m(["b": .null]),
        ]
        let found = differences(expected: expected, actual: actual)
        XCTAssertEqual(found.map(\.attribute), ["a_type", "bin", "bool", "deep", "extra", "mkeys", "nfc", "num", "ord", "set", "z_missing"])
        XCTAssertEqual(found.first { $0.attribute == "extra" }, AttributeDifference(attribute: "extra", expected: nil, actual: .null))
        XCTAssertEqual(found.first { $0.attribute == "z_missing" }, AttributeDifference(attribute: "z_missing", expected: .s("x"), actual: nil))
    }

    func testSetsAreNotListsAndNumbersAreNotText() {
        XCTAssertEqual(names(["a": .ss(["1"])], ["a": .ns(["1"])]), ["a"])
        XCTAssertEqual(names(["a": .l([.s("1")])], ["a": .ss(["1"])]), ["a"])
        XCTAssertEqual(names(["a": .n("x")], ["a": .n("x")]), [])  // equal text that is no number still equals itself
        XCTAssertEqual(names(["a": .n("x")], ["a": .n("0")]), ["a"])
        XCTAssertEqual(names(["a": .bs([Data([1])])], ["a": .b(Data([1]))]), ["a"])
    }

    func testDynamoDBJSONIsTheAWSModulesEncodingWithSortedKeys() {
        XCTAssertEqual(dynamoDBJSON(.b(Data([0xFF, 0x00]))), #"{"B":"/wA="}"#)
        XCTAssertEqual(dynamoDBJSON(.bs([Data([1])])), #"{"BS":["AQ=="]}"#)
        XCTAssertEqual(dynamoDBJSON(.m(["b": .null, "a": .bool(true)])), #"{"M":{"a":{"BOOL":true},"b":{"NULL":true}}}"#)
        XCTAssertEqual(dynamoDBJSON(["SK": .s("#META"), "PK": .s("USER#1")]), ##"{"PK":{"S":"USER#1"},"SK":{"S":"#META"}}"##)
        XCTAssertEqual(dynamoDBJSON(.s("a/b")), #"{"S":"a/b"}"#)
    }
}
