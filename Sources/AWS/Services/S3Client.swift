import Foundation

/// S3 (REST-XML): the object operations deploy needs — scripts up, run summaries down.
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

    /// CreateBucket (tests and first-time setup); outside us-east-1 the region goes in the body.
    public func createBucket(_ bucket: String) async throws {
        var body = Data()
        if client.region != "us-east-1" {
            body = Data("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>\(client.region)</LocationConstraint></CreateBucketConfiguration>".utf8)
        }
        _ = try await client.restXMLCall(.s3, operation: "CreateBucket", method: "PUT", bucket: bucket, key: nil, body: body)
    }
}
