import Crypto
import Foundation

/// S3 (REST-XML): the object operations deploy needs — scripts up, run summaries down — and
/// the bucket operations that prepare the artifacts bucket (location, creation, encryption,
/// public access block).
public struct S3Client: Sendable {
    public let client: AWSClient
    public init(client: AWSClient) { self.client = client }

    public struct ObjectHead: Sendable, Equatable {
        public var contentLength: Int?
        public var eTag: String?
        public var contentType: String?
        /// User metadata (`x-amz-meta-*` headers), keys lower-cased without the prefix.
        public var metadata: [String: String] = [:]
        public var lastModified: String?
    }

    public struct ListedObject: Sendable, Equatable {
        public var key: String
        public var size: Int
        public var eTag: String?
        public var lastModified: String?
    }

    public struct ListPage: Sendable {
        public var objects: [ListedObject]
        public var commonPrefixes: [String]
        public var nextContinuationToken: String?
    }

    /// PutObject; returns the ETag. `tags` become the object's tag set, sent in `x-amz-tagging`
    /// as URL query parameters ("Key1=Value1&Key2=Value2", S3 API Reference, PutObject).
    @discardableResult
    public func putObject(bucket: String, key: String, body: Data, contentType: String? = nil,
                          metadata: [String: String] = [:], tags: [String: String] = [:]) async throws -> String? {
        var headers: [(name: String, value: String)] = []
        if let contentType { headers.append(("Content-Type", contentType)) }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) { headers.append(("x-amz-meta-\(name)", value)) }
        if !tags.isEmpty { headers.append(("x-amz-tagging", Self.taggingHeader(tags))) }
        let response = try await client.restXMLCall(.s3, operation: "PutObject", method: "PUT", bucket: bucket, key: key,
                                                    headers: headers, body: body)
        return response.header("etag")
    }

    public func getObject(bucket: String, key: String) async throws -> Data {
        try await client.restXMLCall(.s3, operation: "GetObject", method: "GET", bucket: bucket, key: key).body
    }

    /// HeadObject; a missing object throws `AWSError` with code `NotFound` (status 404).
    public func headObject(bucket: String, key: String) async throws -> ObjectHead {
        let response = try await client.restXMLCall(.s3, operation: "HeadObject", method: "HEAD", bucket: bucket, key: key)
        var metadata: [String: String] = [:]
        for (name, value) in response.headers where name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(name.lowercased().dropFirst("x-amz-meta-".count))] = value
        }
        return ObjectHead(contentLength: response.header("content-length").flatMap { Int($0) }, eTag: response.header("etag"),
                          contentType: response.header("content-type"), metadata: metadata,
                          lastModified: response.header("last-modified"))
    }

    /// The `x-amz-tagging` value: `key=value` pairs, each part percent-encoded, joined by `&`.
    static func taggingHeader(_ tags: [String: String]) -> String {
        tags.sorted { $0.key < $1.key }.map { PercentEncoding.encode($0.key) + "=" + PercentEncoding.encode($0.value) }.joined(separator: "&")
    }

    /// GetObjectTagging: the object's tag set; a missing object throws `NoSuchKey` (404).
    public func getObjectTagging(bucket: String, key: String) async throws -> [String: String] {
        let response = try await client.restXMLCall(.s3, operation: "GetObjectTagging", method: "GET", bucket: bucket, key: key,
                                                    query: [("tagging", "")])
        guard let root = XMLNode.parse(response.body), root.name == "Tagging" else {
            throw AWSClientError("S3.GetObjectTagging: response is not a Tagging document")
        }
        var tags: [String: String] = [:]
        for tag in root.child("TagSet")?.all("Tag") ?? [] {
            if let k = tag.value("Key") { tags[k] = tag.value("Value") ?? "" }
        }
        return tags
    }

    /// A key DeleteObjects could not delete, with S3's error code and message.
    public struct DeleteError: Sendable, Equatable {
        public var key: String
        public var code: String
        public var message: String
    }

    /// DeleteObjects (quiet mode, so only failures come back), at most 1000 keys per request as S3
    /// allows; returns the keys S3 refused. The body needs a checksum (botocore:
    /// `httpChecksum.requestChecksumRequired`): Content-MD5, as for the bucket settings. Deleting a
    /// key that does not exist counts as deleted (S3 API Reference, DeleteObjects).
    public func deleteObjects(bucket: String, keys: [String]) async throws -> [DeleteError] {
        var errors: [DeleteError] = []
        var start = 0
        while start < keys.count {
            let batch = keys[start..<min(start + 1000, keys.count)]
            start += batch.count
            let objects = batch.map { "<Object><Key>\(Self.xmlEscaped($0))</Key></Object>" }.joined()
            let body = Data("<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>\(objects)</Delete>".utf8)
            let response = try await client.restXMLCall(.s3, operation: "DeleteObjects", method: "POST", bucket: bucket, key: nil,
                                                        query: [("delete", "")], headers: Self.checksumHeaders(body), body: body)
            guard let root = XMLNode.parse(response.body), root.name == "DeleteResult" else {
                throw AWSClientError("S3.DeleteObjects: response is not a DeleteResult document")
            }
            errors += root.all("Error").map { DeleteError(key: $0.value("Key") ?? "", code: $0.value("Code") ?? "", message: $0.value("Message") ?? "") }
        }
        return errors
    }

    /// Text safe inside an XML element: the five predefined entities.
    static func xmlEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    public func deleteObject(bucket: String, key: String) async throws {
        _ = try await client.restXMLCall(.s3, operation: "DeleteObject", method: "DELETE", bucket: bucket, key: key)
    }

    /// One page of ListObjectsV2.
    public func listObjectsV2(bucket: String, prefix: String? = nil, delimiter: String? = nil,
                              continuationToken: String? = nil, maxKeys: Int? = nil) async throws -> ListPage {
        var query: [(name: String, value: String)] = [("list-type", "2")]
        if let prefix { query.append(("prefix", prefix)) }
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let maxKeys { query.append(("max-keys", String(maxKeys))) }
        let response = try await client.restXMLCall(.s3, operation: "ListObjectsV2", method: "GET", bucket: bucket, key: nil, query: query)
        guard let root = XMLNode.parse(response.body) else { throw AWSClientError("S3.ListObjectsV2: response is not XML") }
        let objects = root.all("Contents").map {
            ListedObject(key: $0.value("Key") ?? "", size: Int($0.value("Size") ?? "") ?? 0, eTag: $0.value("ETag"),
                         lastModified: $0.value("LastModified"))
        }
        let truncated = root.value("IsTruncated") == "true"
        return ListPage(objects: objects, commonPrefixes: root.all("CommonPrefixes").compactMap { $0.value("Prefix") },
                        nextContinuationToken: truncated ? root.value("NextContinuationToken") : nil)
    }

    /// Every object under `prefix`, following continuation tokens (bounded by `maxPages`).
    public func listAllObjects(bucket: String, prefix: String? = nil, maxPages: Int = 10_000) async throws -> [ListedObject] {
        var objects: [ListedObject] = []
        var token: String?
        for _ in 0..<maxPages {
            let page = try await listObjectsV2(bucket: bucket, prefix: prefix, continuationToken: token)
            objects += page.objects
            guard let next = page.nextContinuationToken else { return objects }
            token = next
        }
        throw AWSClientError("S3.ListObjectsV2: more than \(maxPages) pages under \(prefix ?? "")")
    }

    /// The region a bucket lives in. GetBucketLocation answers an empty (or absent)
    /// `LocationConstraint` for us-east-1 and the legacy `EU` for eu-west-1 (S3 API Reference,
    /// GetBucketLocation: "Buckets in Region us-east-1 have a LocationConstraint of null";
    /// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html). Asked through
    /// another region's endpoint, S3 may answer 301 with the `x-amz-bucket-region` header instead.
    /// A missing bucket throws `AWSError` `NoSuchBucket` (404).
    public func getBucketRegion(_ bucket: String) async throws -> String {
        let response: HTTPResponse
        do {
            response = try await client.restXMLCall(.s3, operation: "GetBucketLocation", method: "GET", bucket: bucket, key: nil,
                                                    query: [("location", "")])
        } catch let error as AWSError where error.code == "AuthorizationHeaderMalformed" {
            // "the region 'us-east-1' is wrong; expecting 'eu-west-1'": signed for the wrong region.
            if let expected = Self.expectedRegion(inMessage: error.message) { return expected }
            throw error
        }
        if (300..<400).contains(response.statusCode) {
            if let region = response.header("x-amz-bucket-region"), !region.isEmpty { return region }
            throw AWSClientError("S3.GetBucketLocation: bucket \(bucket) redirects (HTTP \(response.statusCode)) without naming its region")
        }
        guard let root = XMLNode.parse(response.body), root.name == "LocationConstraint" else {
            throw AWSClientError("S3.GetBucketLocation: response is not a LocationConstraint document")
        }
        return Self.region(fromLocationConstraint: root.text)
    }

    /// `""` → us-east-1, `EU` → eu-west-1, anything else is the region itself.
    public static func region(fromLocationConstraint constraint: String) -> String {
        let value = constraint.trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty || value == "null" { return "us-east-1" }
        if value == "EU" { return "eu-west-1" }
        return value
    }

    static func expectedRegion(inMessage message: String) -> String? {
        guard let range = message.range(of: "expecting '") else { return nil }
        let rest = message[range.upperBound...]
        guard let end = rest.firstIndex(of: "'") else { return nil }
        let region = String(rest[..<end])
        return region.isEmpty ? nil : region
    }

    /// CreateBucket in `region` (the client's when nil). Outside us-east-1 the region goes in a
    /// `CreateBucketConfiguration`; in us-east-1 S3 refuses one that names us-east-1, so none is
    /// sent (S3 API Reference, CreateBucket).
    public func createBucket(_ bucket: String, region: String? = nil) async throws {
        let target = region ?? client.region
        var body = Data()
        if target != "us-east-1" {
            body = Data("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>\(target)</LocationConstraint></CreateBucketConfiguration>".utf8)
        }
        _ = try await client.restXMLCall(.s3, operation: "CreateBucket", method: "PUT", bucket: bucket, key: nil, body: body)
    }

    /// PutBucketEncryption: default encryption SSE-S3 (`AES256`) for every new object.
    public func putBucketEncryption(_ bucket: String) async throws {
        let rule = "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault>"
        let body = Data("<ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule>\(rule)</Rule></ServerSideEncryptionConfiguration>".utf8)
        _ = try await client.restXMLCall(.s3, operation: "PutBucketEncryption", method: "PUT", bucket: bucket, key: nil,
                                         query: [("encryption", "")], headers: Self.checksumHeaders(body), body: body)
    }

    /// PutPublicAccessBlock with all four settings on: no public ACLs or policies, ever.
    public func putPublicAccessBlock(_ bucket: String) async throws {
        let flags = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"].map { "<\($0)>true</\($0)>" }.joined()
        let body = Data("<PublicAccessBlockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\(flags)</PublicAccessBlockConfiguration>".utf8)
        _ = try await client.restXMLCall(.s3, operation: "PutPublicAccessBlock", method: "PUT", bucket: bucket, key: nil,
                                         query: [("publicAccessBlock", "")], headers: Self.checksumHeaders(body), body: body)
    }

    /// PutBucketEncryption and PutPublicAccessBlock require a body checksum (botocore:
    /// `httpChecksum.requestChecksumRequired`); Content-MD5 is the one every S3 endpoint accepts.
    static func checksumHeaders(_ body: Data) -> [(name: String, value: String)] {
        [("Content-Type", "application/xml"), ("Content-MD5", Data(Insecure.MD5.hash(data: body)).base64EncodedString())]
    }
}
