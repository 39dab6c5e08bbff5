import Foundation
import XCTest
import TestSupport
@testable import AWS

/// Signs a few hundred generated requests with our signer and with botocore (through
/// `Support/botocore_sign.py`) and requires byte-identical Authorization headers and presigned
/// URLs. The generator is seeded, so a failure reproduces.
final class BotocoreParityTests: XCTestCase {
    struct Case: Encodable {
        var method: String
        var scheme: String
        var host: String
        var path: String
        var query: [[String]]
        var headers: [[String]]
        var body: String
        var service: String
        var region: String
        var access_key: String
        var secret_key: String
        var token: String?
        var timestamp: String
        var mode: String
        var expires: Int
    }

    struct Outcome: Decodable {
        var authorization: String?
        var url: String?
    }

    static let segments = ["a", "Ünïcødé", "with space", "res!$&'()*+,;=:@", "..", ".", "", "~tilde", "日本語",
                           "100%", "a+b", "emoji😀", "x.y-z_", "q?x", "hash#", "UPPER", "key=value"]
    static let names = ["Param", "param", "a b", "ü", "empty", "x+y", "=&?", "list-type", "prefix", "Z", "~"]
    static let values = ["", "v", "value with spaces", "a+b=c&d", "ü/ß", "/slash/", "%41", "*", "😀", "0"]
    static let headerNames = ["X-Custom", "x-custom", "Content-Type", "X-Amz-Meta-Note", "My-Header1", "User-Agent",
                              "X-Amz-Target"]
    static let headerValues = ["  leading", "trailing  ", "a   b    c", "tab\tseparated", "plain", "", "Ünïcødé",
                               "application/x-amz-json-1.0"]
    static let services = ["s3", "s3", "dynamodb", "glue", "iam", "sts", "logs", "service"]

    func testAuthorizationAndPresignedURLsMatchBotocore() throws {
        var random = SplitMix64(seed: 20_240_601)
        var cases: [Case] = []
        var requests: [(HTTPRequest, SigV4Signer, Date, Bool)] = []
        for index in 0..<320 {
            let presign = index % 4 == 3
            let service = Self.services.randomElement(using: &random)!
            let decodedSegments = (0..<Int.random(in: 0...4, using: &random)).map { _ in Self.segments.randomElement(using: &random)! }
            var path = "/" + decodedSegments.map { PercentEncoding.encode($0) }.joined(separator: "/")
            if Bool.random(using: &random) && !decodedSegments.isEmpty { path += "/" }
            // Sub-delimiters that are legal unencoded in a path are sometimes sent raw.
            if index % 7 == 0 { path += "/raw!$'()*,;=:@" }
            var query: [(name: String, value: String)] = []
            var usedNames = Set<String>()
            for _ in 0..<Int.random(in: 0...5, using: &random) {
                let name = Self.names.randomElement(using: &random)!
                if presign && usedNames.contains(name) { continue }  // botocore's presigner keeps one value per name
                usedNames.insert(name)
                query.append((name, Self.values.randomElement(using: &random)!))
            }
            var headers: [(name: String, value: String)] = []
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                headers.append((Self.headerNames.randomElement(using: &random)!, Self.headerValues.randomElement(using: &random)!))
            }
            let method = presign ? "GET" : ["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH"].randomElement(using: &random)!
            let body = presign || method == "GET" ? Data() : Data((0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
            let local = index % 5 == 0
            let host = local ? "127.0.0.1" : "\(service).us-west-2.amazonaws.com"
            let port: Int? = local ? 4566 : nil
            let scheme = local ? "http" : "https"
            let token: String? = Bool.random(using: &random) ? "FwoGZXIvYXdzE/token+with=chars\(index)" : nil
            let date = Date(timeIntervalSince1970: TimeInterval(1_400_000_000 + Int.random(in: 0...400_000_000, using: &random)))
            let credentials = AWSCredentials(accessKeyId: "AKID\(index)", secretAccessKey: "secret/\(index)+key", sessionToken: token)
            let signer = SigV4Signer(credentials: credentials, region: index % 3 == 0 ? "eu-central-1" : "us-east-1", service: service)
            let request = HTTPRequest(method: method, scheme: scheme, host: host, port: port, path: path, query: query,
                                      headers: headers, body: body)
            requests.append((request, signer, date, presign))
            cases.append(Case(method: method, scheme: scheme, host: request.hostHeader, path: path,
                              query: query.map { [$0.name, $0.value] }, headers: headers.map { [$0.name, $0.value] },
                              body: body.base64EncodedString(), service: service, region: signer.region,
                              access_key: credentials.accessKeyId, secret_key: credentials.secretAccessKey, token: token,
                              timestamp: SigV4Signer.timestamp(date), mode: presign ? "query" : "header", expires: 900 + index))
        }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("ddbm-sigv4-cases-\(UUID().uuidString).json")
        try JSONEncoder().encode(cases).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let outcomes = try JSONDecoder().decode([Outcome].self, from: pythonScripts.run("botocore_sign.py", [input.path]))
        XCTAssertEqual(outcomes.count, requests.count)
        var compared = 0
        for (index, ((request, signer, date, presign), outcome)) in zip(requests, outcomes).enumerated() {
            if presign {
                let ours = signer.presign(request, expires: 900 + index, date: date).request.urlString
                XCTAssertEqual(ours, outcome.url, "case \(index): \(cases[index])")
            } else {
                let ours = signer.sign(request, date: date)
                XCTAssertEqual(ours.authorization, outcome.authorization, "case \(index): \(ours.canonicalRequest)")
            }
            compared += 1
        }
        XCTAssertEqual(compared, 320)
    }
}
