import Foundation

/// The `rest-xml` protocol as S3 uses it: the operation is the method and path, inputs are
/// path, query and headers, errors are `<Error>` documents (or just a status for HEAD).
/// With a custom endpoint the bucket goes in the path (path style); on AWS it goes in the host
/// when it is DNS-compatible (virtual-hosted style).
extension AWSClient {
    public func restXMLCall(_ service: ServiceDescriptor, operation: String, method: String, bucket: String?, key: String?,
                            query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [],
                            body: Data = Data()) async throws -> HTTPResponse {
        let endpoint = try endpoint(for: service)
        var path = ""
        var url = endpoint.url
        if let bucket {
            if !endpoint.isCustom, Self.isVirtualHostable(bucket), var components = URLComponents(url: url, resolvingAgainstBaseURL: false),
               let host = components.host {
                components.host = "\(bucket).\(host)"
                url = components.url ?? url
            } else {
                path += "/" + PercentEncoding.encode(bucket)
            }
        }
        if let key { path += "/" + PercentEncoding.encode(key, keepSlash: true) }
        guard var request = HTTPRequest(method: method, endpoint: url, path: path.isEmpty ? "/" : path, query: query) else {
            throw AWSClientError("invalid endpoint \(url)")
        }
        request.headers = headers
        request.body = body
        return try await send(request, service: service, operation: operation, signingRegion: endpoint.signingRegion,
                              parseError: Self.parseXMLError)
    }

    /// Lower-case DNS label rules without dots (dotted names break TLS wildcard certificates).
    static func isVirtualHostable(_ bucket: String) -> Bool {
        guard (3...63).contains(bucket.count), !bucket.contains("."), bucket.first != "-", bucket.last != "-" else { return false }
        return bucket.allSatisfy { ($0.isLetter && $0.isLowercase && $0.isASCII) || ($0.isNumber && $0.isASCII) || $0 == "-" }
    }
}
