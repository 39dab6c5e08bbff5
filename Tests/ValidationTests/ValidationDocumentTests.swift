import XCTest
@testable import Validation

final class ValidationDocumentTests: XCTestCase {
    func testDocumentVersionIsOne() {
        XCTAssertEqual(Validation.documentVersion, 1)
    }
}
