import Foundation

/// The `query` protocol (IAM, STS) and its EC2 variant: `POST /` with a form body
/// `Action=...&Version=...&...`, XML out (`<OpResponse><OpResult>...`; EC2 has no `OpResult`),
/// errors as `<ErrorResponse><Error><Code>` (EC2: `<Response><Errors><Error><Code>`).
extension AWSClient {
    /// Calls `action` and returns the `<ActionResult>` element (or the root when absent).
    public func queryCall(_ service: ServiceDescriptor, _ action: String,
                          _ parameters: [(name: String, value: String)]) async throws -> XMLNode {
        let version: String
        switch service.wireProtocol {
        case .query(let v), .ec2(let v): version = v
        default: throw AWSClientError("\(service.serviceId) does not speak the Query protocol")
        }
        let endpoint = try endpoint(for: service)
        guard var request = HTTPRequest(method: "POST", endpoint: endpoint.url) else {
            throw AWSClientError("invalid endpoint \(endpoint.url)")
        }
        request.headers = [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]
        request.body = Data(PercentEncoding.formEncode([("Action", action), ("Version", version)] + parameters).utf8)
        let response = try await send(request, service: service, operation: action, signingRegion: endpoint.signingRegion,
                                      parseError: Self.parseXMLError)
        guard let root = XMLNode.parse(response.body) else {
            throw AWSClientError("\(service.serviceId).\(action): response is not XML")
        }
        return root.child("\(action)Result") ?? root
    }

    /// `<ErrorResponse><Error><Code/><Message/></Error><RequestId/>` (Query), the same with an
    /// `<Errors>` wrapper (EC2-style, and some Query endpoints), and S3's
    /// `<Error><Code/><Message/><RequestId/></Error>`; a body-less answer is named by its status.
    static func parseXMLError(_ response: HTTPResponse) -> (code: String, message: String, requestId: String?) {
        guard let root = XMLNode.parse(response.body) else {
            let code: String
            switch response.statusCode {
            case 404: code = "NotFound"
            case 403: code = "Forbidden"
            case 400: code = "BadRequest"
            case 503: code = "ServiceUnavailable"
            default: code = "HTTP\(response.statusCode)"
            }
            return (code, "", response.header("x-amz-request-id") ?? response.header("x-amzn-requestid"))
        }
        let error = root.name == "Error" ? root : (root.child("Error") ?? root.child("Errors")?.child("Error") ?? root)
        return (error.value("Code") ?? "HTTP\(response.statusCode)", error.value("Message") ?? "",
                root.value("RequestId") ?? root.value("RequestID") ?? error.value("RequestId"))
    }
}

extension Array where Element == (name: String, value: String) {
    /// Appends a Query-protocol list member: `Name.member.1=...`.
    mutating func appendMembers(_ name: String, _ values: [String]) {
        for (index, value) in values.enumerated() { append(("\(name).member.\(index + 1)", value)) }
    }

    /// Appends an EC2-protocol list: `Name.1=...` (botocore's EC2Serializer flattens every list).
    mutating func appendEC2List(_ name: String, _ values: [String]) {
        for (index, value) in values.enumerated() { append(("\(name).\(index + 1)", value)) }
    }
}
