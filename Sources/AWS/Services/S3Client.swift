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

    /// PutObject; returns the ETag.
    @discardableResult
    public func putObject(bucket: String, key: String, body: Data, contentType: String? = nil,
                          metadata: [String: String] = [:]) async throws -> String? {
        var headers: [(name: String, value: String)] = []
        if let contentType { headers.append(("Content-Type", contentType)) }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) { headers.append(("x-amz-meta-\(name)", value)) }
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
