import Foundation

/// The `json` protocol (DynamoDB 1.0; Glue and CloudWatch Logs 1.1): `POST /`, the operation
/// in `X-Amz-Target: <targetPrefix>.<Operation>`, JSON in and out, errors as `{"__type", "message"}`.
extension AWSClient {
    /// Calls `operation` with an Encodable input and decodes the output.
    public func jsonCall<Input: Encodable, Output: Decodable>(_ service: ServiceDescriptor, _ operation: String,
                                                              _ input: Input, as output: Output.Type) async throws -> Output {
        let data = try await jsonCallRaw(service, operation, body: JSONEncoder().encode(input))
        do {
            return try JSONDecoder().decode(Output.self, from: data.isEmpty ? Data("{}".utf8) : data)
        } catch {
            throw AWSClientError("\(service.serviceId).\(operation): unexpected response: \(error)")
        }
    }

    /// The escape hatch: a raw JSON body in, the raw JSON body out.
    public func jsonCallRaw(_ service: ServiceDescriptor, _ operation: String, body: Data) async throws -> Data {
        guard case let .json(version, targetPrefix) = service.wireProtocol else {
            throw AWSClientError("\(service.serviceId) does not speak the JSON protocol")
        }
        let endpoint = try endpoint(for: service)
        guard var request = HTTPRequest(method: "POST", endpoint: endpoint.url) else {
            throw AWSClientError("invalid endpoint \(endpoint.url)")
        }
        request.headers = [("Content-Type", "application/x-amz-json-\(version)"), ("X-Amz-Target", "\(targetPrefix).\(operation)")]
        request.body = body
        let response = try await send(request, service: service, operation: operation, signingRegion: endpoint.signingRegion,
                                      parseError: Self.parseJSONError)
        return response.body
    }

    static func parseJSONError(_ response: HTTPResponse) -> (code: String, message: String, requestId: String?) {
        let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
        var code = (response.header("x-amzn-errortype") ?? object["__type"] as? String ?? object["code"] as? String) ?? ""
        if let colon = code.firstIndex(of: ":") { code = String(code[..<colon]) }
        if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
        if code.isEmpty { code = "HTTP\(response.statusCode)" }
        let message = (object["message"] ?? object["Message"]) as? String ?? String(decoding: response.body.prefix(512), as: UTF8.self)
        return (code, message, response.header("x-amzn-requestid"))
    }
}
