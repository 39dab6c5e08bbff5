import Foundation

/// An HTTP request as the signer and the transports see it: the path exactly as it goes on the
/// wire (already percent-encoded), the query as decoded name/value pairs (encoded once, the same
/// way, for the URL and for the signature), and headers as an ordered list so that repeated
/// headers keep their order (SigV4 joins their values with commas in that order).
public struct HTTPRequest: Sendable {
    public var method: String
    /// `https` or `http`.
    public var scheme: String
    /// Host name, without port.
    public var host: String
    /// Port, or nil for the scheme's default.
    public var port: Int?
    /// The path as sent on the wire, percent-encoded, starting with `/`.
    public var path: String
    /// Decoded query parameters, in order; repeated names are allowed.
    public var query: [(name: String, value: String)]
    /// Headers in insertion order; names keep the caller's case.
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(
        method: String, scheme: String = "https", host: String, port: Int? = nil, path: String = "/",
        query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [],
        body: Data = Data()
    ) {
        self.method = method
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Builds a request from an endpoint URL (scheme, host, port and base path) plus a path
    /// relative to it. Returns nil when the URL has no scheme or host.
    public init?(method: String, endpoint: URL, path: String = "/", query: [(name: String, value: String)] = []) {
        guard let components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false),
              let scheme = components.scheme?.lowercased(), let host = components.host, !host.isEmpty
        else { return nil }
        var base = components.percentEncodedPath
        if base.hasSuffix("/") { base.removeLast() }
        let tail = path.hasPrefix("/") ? path : "/" + path
        self.init(method: method, scheme: scheme, host: host, port: components.port, path: base + tail, query: query)
    }

    /// The value of the `Host` header: lower-cased host, plus the port when it is not the
    /// scheme's default (as botocore derives it).
    public var hostHeader: String {
        var value = host.lowercased()
        if value.contains(":") && !value.hasPrefix("[") { value = "[\(value)]" }
        if let port, !(scheme == "https" && port == 443) && !(scheme == "http" && port == 80) {
            value += ":\(port)"
        }
        return value
    }

    /// The query string as sent: every name and value RFC 3986-encoded, in order.
    public var encodedQuery: String { PercentEncoding.formEncode(query) }

    /// The full URL string (`scheme://host[:port]/path?query`).
    public var urlString: String {
        var text = "\(scheme)://\(hostHeader)\(path.isEmpty ? "/" : path)"
        if !query.isEmpty { text += "?" + encodedQuery }
        return text
    }

    /// All values of a header, matched case-insensitively, in order.
    public func headerValues(_ name: String) -> [String] {
        let lower = name.lowercased()
        return headers.filter { $0.name.lowercased() == lower }.map(\.value)
    }

    /// Replaces every occurrence of a header with one value.
    public mutating func setHeader(_ name: String, _ value: String) {
        removeHeader(name)
        headers.append((name, value))
    }

    /// Removes every occurrence of a header.
    public mutating func removeHeader(_ name: String) {
        let lower = name.lowercased()
        headers.removeAll { $0.name.lowercased() == lower }
    }
}
