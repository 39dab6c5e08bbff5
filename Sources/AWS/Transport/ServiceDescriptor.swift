import Foundation

/// What the client needs to know about one service, taken from botocore's service models
/// (`botocore/data/<service>/<version>/service-2.json`: `serviceId`, `signingName`,
/// `endpointPrefix`, `apiVersion`, `protocol`, `targetPrefix`, `jsonVersion`).
public struct ServiceDescriptor: Sendable {
    /// `ec2` is the Query protocol as EC2 speaks it (botocore's `protocol: ec2`): lists go as
    /// `Name.N` (no `.member`), the answer is `<ActionResponse>` without a `Result` wrapper, and
    /// errors come as `<Response><Errors><Error>`.
    public enum WireProtocol: Sendable { case json(version: String, targetPrefix: String), query(version: String), ec2(version: String), restXML }

    /// The service id; also names `AWS_ENDPOINT_URL_<ID>` (upper-cased, spaces → `_`).
    public var serviceId: String
    public var signingName: String
    public var endpointPrefix: String
    public var wireProtocol: WireProtocol
    /// Global services (IAM) have one endpoint per partition, signed for its home region.
    public var isGlobal: Bool

    public static let dynamoDB = ServiceDescriptor(serviceId: "DynamoDB", signingName: "dynamodb", endpointPrefix: "dynamodb",
                                                   wireProtocol: .json(version: "1.0", targetPrefix: "DynamoDB_20120810"), isGlobal: false)
    public static let glue = ServiceDescriptor(serviceId: "Glue", signingName: "glue", endpointPrefix: "glue",
                                               wireProtocol: .json(version: "1.1", targetPrefix: "AWSGlue"), isGlobal: false)
    public static let cloudWatchLogs = ServiceDescriptor(serviceId: "CloudWatch Logs", signingName: "logs", endpointPrefix: "logs",
                                                         wireProtocol: .json(version: "1.1", targetPrefix: "Logs_20140328"), isGlobal: false)
    public static let iam = ServiceDescriptor(serviceId: "IAM", signingName: "iam", endpointPrefix: "iam",
                                              wireProtocol: .query(version: "2010-05-08"), isGlobal: true)
    public static let sts = ServiceDescriptor(serviceId: "STS", signingName: "sts", endpointPrefix: "sts",
                                              wireProtocol: .query(version: "2011-06-15"), isGlobal: false)
    /// botocore `ec2/2016-11-15/service-2.json`: `apiVersion` 2016-11-15, `protocol` ec2.
    public static let ec2 = ServiceDescriptor(serviceId: "EC2", signingName: "ec2", endpointPrefix: "ec2",
                                              wireProtocol: .ec2(version: "2016-11-15"), isGlobal: false)
    public static let s3 = ServiceDescriptor(serviceId: "S3", signingName: "s3", endpointPrefix: "s3",
                                             wireProtocol: .restXML, isGlobal: false)
}

/// Where a request goes and for which region it is signed.
public struct ResolvedEndpoint: Sendable {
    public var url: URL
    public var signingRegion: String
    /// True for `AWS_ENDPOINT_URL*` / config overrides (S3 then uses path-style addressing).
    public var isCustom: Bool
}

extension ServiceDescriptor {
    /// The default AWS endpoint in `region`'s partition (aws, aws-cn, aws-us-gov).
    public func defaultEndpoint(region: String) -> ResolvedEndpoint? {
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        var host = "\(endpointPrefix).\(region).\(suffix)"
        var signingRegion = region
        if isGlobal {
            if region.hasPrefix("cn-") {
                host = "\(endpointPrefix).cn-north-1.amazonaws.com.cn"
                signingRegion = "cn-north-1"
            } else if region.hasPrefix("us-gov-") {
                host = "\(endpointPrefix).us-gov.amazonaws.com"
                signingRegion = "us-gov-west-1"
            } else {
                host = "\(endpointPrefix).amazonaws.com"
                signingRegion = "us-east-1"
            }
        }
        guard let url = URL(string: "https://\(host)") else { return nil }
        return ResolvedEndpoint(url: url, signingRegion: signingRegion, isCustom: false)
    }
}
