import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A response: status, headers (names lower-cased), body.
public struct HTTPResponse: Sendable {
    public var statusCode: Int
    public var headers: [String: String]
    public var body: Data

    public init(statusCode: Int, headers: [String: String], body: Data) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Timeouts for every request of a client.
public struct TransportOptions: Sendable {
    /// Longest wait for the connection or for the next bytes of a response (URLSession's
    /// request timeout, which on Linux covers connecting and each read).
    public var readTimeout: TimeInterval
    /// Upper bound for a whole attempt, including the transfer of a large body.
    public var attemptTimeout: TimeInterval

    public init(readTimeout: TimeInterval = 60, attemptTimeout: TimeInterval = 600) {
        self.readTimeout = readTimeout
        self.attemptTimeout = attemptTimeout
    }
}

/// Sends `HTTPRequest`s over URLSession. Never follows redirects (a signed request must reach
/// the endpoint it was signed for) and keeps no cookies or cache.
public final class HTTPTransport: @unchecked Sendable {
    private let session: URLSession
    private let delegate = NoRedirectDelegate()
    public let options: TransportOptions

    public init(options: TransportOptions = TransportOptions()) {
        self.options = options
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = options.readTimeout
        configuration.timeoutIntervalForResource = options.attemptTimeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Sends the request. Network failures throw `URLError`; any HTTP status is a response.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let url = URL(string: request.urlString) else {
            throw AWSClientError("cannot form a URL from \(request.urlString)")
        }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers where name.lowercased() != "host" {
            urlRequest.addValue(value, forHTTPHeaderField: name)
        }
        if !request.body.isEmpty { urlRequest.httpBody = request.body }
        let session = self.session
        return try await withCheckedThrowingContinuation { continuation in
            let task = session.dataTask(with: urlRequest) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                    return
                }
                guard let http = response as? HTTPURLResponse else {
                    continuation.resume(throwing: URLError(.badServerResponse))
                    return
                }
                var headers: [String: String] = [:]
                for (key, value) in http.allHeaderFields {
                    if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
                }
                continuation.resume(returning: HTTPResponse(statusCode: http.statusCode, headers: headers, body: data ?? Data()))
            }
            task.resume()
        }
    }
}

private final class NoRedirectDelegate: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
