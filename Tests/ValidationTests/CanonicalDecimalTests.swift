import XCTest
@testable import Validation

final class CanonicalDecimalTests: XCTestCase {
    func testCanonicalTextWritesTheNumberInFullWithoutRedundantCharacters() {
        let cases: [(String, String)] = [
            ("1.50E+2", "150"), ("-0.0", "0"), ("0.0010", "0.001"), ("+7", "7"), ("007.500", "7.5"), ("-.5", "-0.5"),
            ("5.", "5"), ("1E-130", "0." + String(repeating: "0", count: 129) + "1"),
            ("9.9999999999999999999999999999999999999E+125", String(repeating: "9", count: 38) + String(repeating: "0", count: 88)),
            ("-1e0", "-1"), ("0e999", "0"), ("-0E-5", "0"), ("123.456e1", "1234.56"), ("1e-3", "0.001"), ("  42\n", "42"),
        ]
        for (text, canonical) in cases {
            XCTAssertEqual(canonicalDecimalText(text), canonical, text)
        }
    }

    func testTextThatIsNotANumberHasNoCanonicalForm() {
        for text in ["", " ", "abc", "1e", "e5", ".", "+", "1.2.3", "0x10", "1_000", "NaN", "inf", "--1", "1e+", "١٢"] {
            XCTAssertNil(canonicalDecimalText(text), text)
        }
    }

    func testSignificantDigitsAndExponentAreDecimalsOwn() throws {
        let number = try XCTUnwrap(ExactDecimal(numberText: "0012.3400"))
        XCTAssertEqual(number.significantDigits, 4)  // 1234: leading and trailing zeros do not count
        XCTAssertEqual(number.adjustedExponent, 1)
        XCTAssertEqual(try XCTUnwrap(ExactDecimal(numberText: "0.00050")).adjustedExponent, -4)
        XCTAssertEqual(try XCTUnwrap(ExactDecimal(numberText: "100")).significantDigits, 1)
    }

    func testFormatFIsPythonsFormatOfADecimal() throws {
        // format(Decimal(text), "f") in CPython 3.11, for the SS rendering of JSON numbers.
        let cases: [(String, String)] = [("1.50", "1.50"), ("1E+2", "100"), ("0E+2", "0"), ("0E-3", "0.000"), ("-0", "-0"),
                                         ("-0.0", "-0.0"), ("00012", "12"), ("0.0010", "0.0010"), ("-1.00E-10", "-0.000000000100")]
        for (text, formatted) in cases {
            XCTAssertEqual(try XCTUnwrap(ExactDecimal(numberText: text)).formatF, formatted, text)
        }
    }

    func testNumbersAreCheckedAgainstDynamoDBsRange() throws {
        func check(_ text: String) throws -> String { try AttributeConversion.checkedNumber(XCTUnwrap(ExactDecimal(numberText: text))).canonicalText }
        XCTAssertEqual(try check("1E-130"), canonicalDecimalText("1E-130"))
        XCTAssertEqual(try check("9.9999999999999999999999999999999999999E+125"), canonicalDecimalText("9.9999999999999999999999999999999999999E+125"))
        XCTAssertEqual(try check("12345678901234567890123456789012345678"), "12345678901234567890123456789012345678")
        XCTAssertEqual(try check("0E+999"), "0")  // zero is never out of range
        for text in ["1E-131", "1E+126", "123456789012345678901234567890123456789", "1e999999999999999999999"] {
            XCTAssertThrowsError(try check(text), text) { XCTAssertEqual(($0 as? Rejection)?.reason, DeadLetterReason.invalidValue) }
        }
    }
}
