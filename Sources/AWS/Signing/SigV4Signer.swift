import Crypto
import Foundation

/// AWS Signature Version 4 (`AWS4-HMAC-SHA256`), header and query (presigned URL) forms.
///
/// The rules follow the SigV4 specification and botocore byte for byte (a test checks a few
/// hundred random requests against botocore): path normalisation and a second encoding of the
/// wire path for every service but S3; query pairs RFC 3986-encoded and sorted by name then
/// value; header values trimmed with runs of whitespace folded to one space; repeated headers
/// joined with commas in their order; S3 always sends `x-amz-content-sha256`.
public struct SigV4Signer: Sendable {
    public static let algorithm = "AWS4-HMAC-SHA256"
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    /// Hop-by-hop and proxy headers that must not be signed (botocore's list).
    static let unsignableHeaders: Set<String> = [
        "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// How the payload enters the signature.
    public enum Payload: Sendable, Equatable {
        /// SHA-256 of the body.
        case signed
        /// The literal `UNSIGNED-PAYLOAD` (S3 over TLS, presigned URLs).
        case unsigned
        /// A precomputed hex SHA-256.
        case precomputed(String)
    }

    /// Options that differ between services and between the official test vectors.
    public struct Options: Sendable {
        /// Remove `.`/`..` segments and repeated slashes from the path (not for S3).
        public var normalizePath: Bool
        /// Percent-encode the (already encoded) wire path again (not for S3).
        public var encodePath: Bool
        /// Send and sign `x-amz-content-sha256` (always for S3).
        public var addContentSHA256Header: Bool
        /// Put `X-Amz-Security-Token` under the signature (true everywhere except the few services
        /// that want it added after signing, as in the suite's `post-sts-header-after` case).
        public var signSessionToken: Bool
        public var payload: Payload
        /// Presigned URLs carry `UNSIGNED-PAYLOAD` (S3), not the body's hash.
        public var unsignedPayloadWhenPresigning: Bool

        public init(normalizePath: Bool = true, encodePath: Bool = true, addContentSHA256Header: Bool = false,
                    signSessionToken: Bool = true, payload: Payload = .signed,
                    unsignedPayloadWhenPresigning: Bool = false) {
            self.unsignedPayloadWhenPresigning = unsignedPayloadWhenPresigning
            self.normalizePath = normalizePath
            self.encodePath = encodePath
            self.addContentSHA256Header = addContentSHA256Header
            self.signSessionToken = signSessionToken
            self.payload = payload
        }

        /// The rules for a signing name: S3 (`s3`, `s3-object-lambda`) neither normalises nor
        /// re-encodes its path and always sends the payload hash header.
        public static func forService(_ service: String) -> Options {
            if service == "s3" || service == "s3-object-lambda" {
                return Options(normalizePath: false, encodePath: false, addContentSHA256Header: true,
                               unsignedPayloadWhenPresigning: true)
            }
            return Options()
        }
    }

    /// Every intermediate product of one signature; tests compare each with the vectors.
    public struct Result: Sendable {
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
        public var signedHeaders: String
        /// The `Authorization` header value (header signing only; empty for presigning).
        public var authorization: String
        /// The signed request (headers added, or the query extended for presigning).
        public var request: HTTPRequest
    }

    public let credentials: AWSCredentials
    public let region: String
    public let service: String
    public var options: Options

    public init(credentials: AWSCredentials, region: String, service: String, options: Options? = nil) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options ?? .forService(service)
    }

    // MARK: - Signing

    /// Signs `request` with an `Authorization` header at `date`.
    public func sign(_ request: HTTPRequest, date: Date = Date()) -> Result {
        var request = request
        let timestamp = Self.timestamp(date)
        request.removeHeader("Authorization")
        request.setHeader("X-Amz-Date", timestamp)
        if let token = credentials.sessionToken, options.signSessionToken {
            request.setHeader("X-Amz-Security-Token", token)
        }
        let payloadHash = self.payloadHash(request)
        if options.addContentSHA256Header {
            request.setHeader("X-Amz-Content-SHA256", payloadHash)
        }
        let (canonicalHeaders, signedHeaders) = self.canonicalHeaders(request)
        let canonicalRequest = [
            request.method.uppercased(), canonicalURI(request.path), canonicalQuery(request.query),
            canonicalHeaders + "\n", signedHeaders, payloadHash,
        ].joined(separator: "\n")
        let (stringToSign, signature) = self.signature(canonicalRequest, timestamp: timestamp)
        let authorization = "\(Self.algorithm) Credential=\(credentials.accessKeyId)/\(scope(timestamp)), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        request.setHeader("Authorization", authorization)
        if let token = credentials.sessionToken, !options.signSessionToken {
            request.setHeader("X-Amz-Security-Token", token)
        }
        return Result(canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
                      signedHeaders: signedHeaders, authorization: authorization, request: request)
    }

    /// Presigns `request`: the authentication goes into the query (operation parameters first,
    /// then `X-Amz-Algorithm`, `-Credential`, `-Date`, `-Expires`, `-SignedHeaders`,
    /// `-Security-Token`, and last `X-Amz-Signature`), valid for `expires` seconds.
    public func presign(_ request: HTTPRequest, expires: Int = 3600, date: Date = Date()) -> Result {
        var request = request
        let timestamp = Self.timestamp(date)
        request.removeHeader("Authorization")
        request.removeHeader("X-Amz-Date")
        let (canonicalHeaders, signedHeaders) = self.canonicalHeaders(request)
        var query = request.query
        query.append(("X-Amz-Algorithm", Self.algorithm))
        query.append(("X-Amz-Credential", "\(credentials.accessKeyId)/\(scope(timestamp))"))
        query.append(("X-Amz-Date", timestamp))
        query.append(("X-Amz-Expires", String(expires)))
        query.append(("X-Amz-SignedHeaders", signedHeaders))
        if let token = credentials.sessionToken, options.signSessionToken {
            query.append(("X-Amz-Security-Token", token))
        }
        let payloadHash: String
        switch options.payload {
        case .precomputed(let hash): payloadHash = hash
        case .unsigned: payloadHash = Self.unsignedPayload
        case .signed: payloadHash = options.unsignedPayloadWhenPresigning ? Self.unsignedPayload : Self.sha256Hex(request.body)
        }
        let canonicalRequest = [
            request.method.uppercased(), canonicalURI(request.path), canonicalQuery(query),
            canonicalHeaders + "\n", signedHeaders, payloadHash,
        ].joined(separator: "\n")
        let (stringToSign, signature) = self.signature(canonicalRequest, timestamp: timestamp)
        if let token = credentials.sessionToken, !options.signSessionToken {
            query.append(("X-Amz-Security-Token", token))
        }
        query.append(("X-Amz-Signature", signature))
        request.query = query
        return Result(canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
                      signedHeaders: signedHeaders, authorization: "", request: request)
    }

    // MARK: - Canonical parts

    /// The canonical URI: for S3 the wire path as is; for other services the path with dot
    /// segments and empty segments removed, then encoded again.
    public func canonicalURI(_ path: String) -> String {
        var path = path.isEmpty ? "/" : path
        if options.normalizePath { path = Self.removeDotSegments(path) }
        if options.encodePath { path = PercentEncoding.encode(path, keepSlash: true) }
        return path.isEmpty ? "/" : path
    }

    /// The canonical query: each pair encoded, sorted by encoded name then encoded value (bytes).
    public func canonicalQuery(_ pairs: [(name: String, value: String)]) -> String {
        pairs.map { (PercentEncoding.encode($0.name), PercentEncoding.encode($0.value)) }
            .sorted { lhs, rhs in
                if lhs.0 != rhs.0 { return lhs.0.utf8.lexicographicallyPrecedes(rhs.0.utf8) }
                return lhs.1.utf8.lexicographicallyPrecedes(rhs.1.utf8)
            }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Canonical header block and the signed-header list. `Host` is added when absent.
    func canonicalHeaders(_ request: HTTPRequest) -> (String, String) {
        var values: [String: [String]] = [:]
        for (name, value) in request.headers {
            let lower = name.lowercased()
            guard !Self.unsignableHeaders.contains(lower) else { continue }
            values[lower, default: []].append(Self.trimAll(value))
        }
        if values["host"] == nil { values["host"] = [request.hostHeader] }
        let names = values.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let block = names.map { "\($0):\(values[$0, default: []].joined(separator: ","))" }.joined(separator: "\n")
        return (block, names.joined(separator: ";"))
    }

    func payloadHash(_ request: HTTPRequest) -> String {
        switch options.payload {
        case .unsigned: return Self.unsignedPayload
        case .precomputed(let hash): return hash
        case .signed:
            if !options.addContentSHA256Header, let given = request.headerValues("X-Amz-Content-SHA256").first {
                return given
            }
            return Self.sha256Hex(request.body)
        }
    }

    func scope(_ timestamp: String) -> String {
        "\(timestamp.prefix(8))/\(region)/\(service)/aws4_request"
    }

    func signature(_ canonicalRequest: String, timestamp: String) -> (String, String) {
        let stringToSign = [
            Self.algorithm, timestamp, scope(timestamp), Self.sha256Hex(Data(canonicalRequest.utf8)),
        ].joined(separator: "\n")
        let dateKey = Self.hmac(Data("AWS4\(credentials.secretAccessKey)".utf8), String(timestamp.prefix(8)))
        let regionKey = Self.hmac(dateKey, region)
        let serviceKey = Self.hmac(regionKey, service)
        let signingKey = Self.hmac(serviceKey, "aws4_request")
        let signature = Self.hex(Self.hmac(signingKey, stringToSign))
        return (stringToSign, signature)
    }

    // MARK: - Helpers

    /// RFC 3986 §5.2.4 dot-segment removal plus collapsing of empty segments, keeping a leading
    /// and (when something remains) a trailing slash — botocore's `remove_dot_segments`.
    public static func removeDotSegments(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        var output: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                if !output.isEmpty { output.removeLast() }
                continue
            }
            output.append(segment)
        }
        let first = path.hasPrefix("/") ? "/" : ""
        let last = path.hasSuffix("/") && !output.isEmpty ? "/" : ""
        return first + output.joined(separator: "/") + last
    }

    /// Trims a header value and folds every run of whitespace (including line folds) to one space.
    static func trimAll(_ value: String) -> String {
        value.split(whereSeparator: { isPythonWhitespace($0) }).joined(separator: " ")
    }

    private static func isPythonWhitespace(_ character: Character) -> Bool {
        if character.isWhitespace { return true }
        // Python's str.split() also splits on the ASCII information separators.
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else { return false }
        return (0x1C...0x1F).contains(scalar.value)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    public static func sha256Hex(_ data: Data) -> String { hex(Data(SHA256.hash(data: data))) }

    static func hmac(_ key: Data, _ message: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: key)))
    }

    static func hex(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(data.count * 2)
        for byte in data {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
