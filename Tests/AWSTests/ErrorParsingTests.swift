import XCTest
import Foundation
@testable import AWS

/// Error bodies of the XML protocols, as AWS and moto send them.
final class ErrorParsingTests: XCTestCase {
    private func parse(_ xml: String, status: Int = 400) -> (String, String, String?) {
        let r = AWSClient.parseXMLError(HTTPResponse(statusCode: status, headers: [:], body: Data(xml.utf8)))
        return (r.code, r.message, r.requestId)
    }

    func testQueryErrorResponse() {
        let r = parse("<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>Role x not found</Message></Error><RequestId>abc</RequestId></ErrorResponse>", status: 404)
        XCTAssertEqual(r.0, "NoSuchEntity")
        XCTAssertEqual(r.1, "Role x not found")
        XCTAssertEqual(r.2, "abc")
    }

    /// The `<Errors>` wrapper (EC2-style; moto's STS) used to come out as "HTTP403".
    func testErrorsWrapper() {
        let r = parse("<?xml version=\"1.0\"?><ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error></Errors></ErrorResponse>", status: 403)
        XCTAssertEqual(r.0, "InvalidClientTokenId")
        XCTAssertEqual(r.1, "The security token included in the request is invalid.")
    }

    func testS3Error() {
        let r = parse("<Error><Code>NoSuchKey</Code><Message>gone</Message><RequestId>r1</RequestId></Error>", status: 404)
        XCTAssertEqual(r.0, "NoSuchKey")
        XCTAssertEqual(r.2, "r1")
    }

    func testBodylessAnswerNamedByStatus() {
        XCTAssertEqual(parse("", status: 404).0, "NotFound")
    }
}
