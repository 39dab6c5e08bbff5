import Foundation
import XCTest
@testable import AWS

/// Runs every case of the official SigV4 suite (aws-c-auth's `v4` folder): canonical request,
/// string to sign, signature and Authorization must match, for header and query signing.
final class SigV4SuiteTests: XCTestCase {
    /// The vectors are vendored next to this file (Apache-2.0, see the suite's README).
    static let suite = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Vectors/aws-signing-test-suite/v4")

    struct Context: Decodable {
        struct Creds: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }
        var credentials: Creds
        var expiration_in_seconds: Int?
        var normalize: Bool
        var region: String
        var service: String
        var sign_body: Bool
        var timestamp: String
        var omit_session_token: Bool?
    }

    func testEveryVector() throws {
        let root = ProcessInfo.processInfo.environment["DDBM_SIGV4_SUITE"].map(URL.init(fileURLWithPath:)) ?? Self.suite
        let cases = try FileManager.default.contentsOfDirectory(atPath: root.path).filter {
            FileManager.default.fileExists(atPath: root.appendingPathComponent($0).appendingPathComponent("request.txt").path)
        }.sorted()
        XCTAssertGreaterThanOrEqual(cases.count, 38, "suite not found at \(root.path)")
        for name in cases {
            let dir = root.appendingPathComponent(name)
            let context = try JSONDecoder().decode(Context.self, from: Data(contentsOf: dir.appendingPathComponent("context.json")))
            let request = try XCTUnwrap(Self.parseRequest(try String(contentsOf: dir.appendingPathComponent("request.txt"), encoding: .utf8)), name)
            let date = try XCTUnwrap(ISO8601DateFormatter().date(from: context.timestamp))
            let credentials = AWSCredentials(accessKeyId: context.credentials.access_key_id,
                                             secretAccessKey: context.credentials.secret_access_key,
                                             sessionToken: context.credentials.token)
            let options = SigV4Signer.Options(normalizePath: context.normalize, encodePath: true,
                                              addContentSHA256Header: context.sign_body,
                                              signSessionToken: !(context.omit_session_token ?? false))
            let signer = SigV4Signer(credentials: credentials, region: context.region, service: context.service, options: options)

            let header = signer.sign(request, date: date)
            XCTAssertEqual(header.canonicalRequest, try read(dir, "header-canonical-request.txt"), "\(name): canonical request")
            XCTAssertEqual(header.stringToSign, try read(dir, "header-string-to-sign.txt"), "\(name): string to sign")
            XCTAssertEqual(header.signature, try read(dir, "header-signature.txt"), "\(name): signature")
            let expectedAuthorization = try read(dir, "header-signed-request.txt")
                .components(separatedBy: "\n").first { $0.hasPrefix("Authorization:") }
            XCTAssertEqual("Authorization:" + header.authorization, expectedAuthorization, "\(name): Authorization")

            let query = signer.presign(request, expires: context.expiration_in_seconds ?? 3600, date: date)
            XCTAssertEqual(query.canonicalRequest, try read(dir, "query-canonical-request.txt"), "\(name): query canonical request")
            XCTAssertEqual(query.stringToSign, try read(dir, "query-string-to-sign.txt"), "\(name): query string to sign")
            XCTAssertEqual(query.signature, try read(dir, "query-signature.txt"), "\(name): query signature")
            let expectedLine = try read(dir, "query-signed-request.txt").components(separatedBy: "\n")[0]
            let target = expectedLine.components(separatedBy: " HTTP/")[0]
            let expectedQuery = target.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
            // Compare decoded pairs: the suite writes some names raw (UTF-8), we always encode.
            let signedQuery = Set(query.request.query.map { "\($0.name)=\($0.value)" })
            let expectedPairs = Set(PercentEncoding.parseQuery(expectedQuery).map { "\($0.name)=\($0.value)" })
            XCTAssertEqual(signedQuery, expectedPairs, "\(name): presigned query parameters")
        }
    }

    private func read(_ dir: URL, _ file: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
    }

    /// Parses the suite's raw HTTP request: request line, headers (a line starting with
    /// whitespace continues the previous header), blank line, body. The request path may hold
    /// raw UTF-8 and spaces; the query is split on `&` and percent-decoded.
    static func parseRequest(_ text: String) -> HTTPRequest? {
        var lines = text.components(separatedBy: "\n")
        guard !lines.isEmpty else { return nil }
        let requestLine = lines.removeFirst()
        guard let firstSpace = requestLine.firstIndex(of: " "),
              let lastSpace = requestLine.range(of: " HTTP/", options: .backwards)?.lowerBound else { return nil }
        let method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])
        var headers: [(name: String, value: String)] = []
        var bodyLines: [String] = []
        var inBody = false
        for line in lines {
            if inBody { bodyLines.append(line); continue }
            if line.isEmpty { inBody = true; continue }
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
        let path: String
        var query: [(name: String, value: String)] = []
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            query = PercentEncoding.parseQuery(String(target[target.index(after: mark)...]))
        } else {
            path = target
        }
        let host = headers.first { $0.name.lowercased() == "host" }?.value ?? ""
        return HTTPRequest(method: method, host: host, path: path, query: query, headers: headers,
                           body: Data(bodyLines.joined(separator: "\n").utf8))
    }
}
