/// An Amazon Resource Name, `arn:PARTITION:SERVICE:REGION:ACCOUNT-ID:RESOURCE` (AWS, "Amazon
/// Resource Names (ARNs)", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
/// The one place that builds and parses ARNs: the partition of a region is a fact of AWS, and a
/// hand-written `arn:aws:` is wrong in China and GovCloud, where IAM then matches nothing.
public struct ARN: Hashable, Sendable, CustomStringConvertible {
    /// The partitions a migration can target, from the same page: "aws" (AWS Regions), "aws-cn"
    /// (China Regions), "aws-us-gov" (AWS GovCloud (US) Regions).
    public static let partitions = ["aws", "aws-cn", "aws-us-gov"]

    public var partition: String
    public var service: String
    /// Empty for global resources (IAM roles, S3 buckets).
    public var region: String
    /// Empty where the service leaves it out (S3 buckets).
    public var account: String
    /// Everything after the fifth colon (`table/Users`, `role/name`, `secret:name-AbCdEf`).
    public var resource: String

    public init(partition: String, service: String, region: String, account: String, resource: String) {
        self.partition = partition; self.service = service; self.region = region
        self.account = account; self.resource = resource
    }

    /// An ARN in `region`'s partition; `global` leaves the region out (IAM is global, its ARNs
    /// have an empty region field, but still name the partition of the account's region).
    public init(region: String, service: String, account: String, resource: String, global: Bool = false) {
        self.init(partition: ARN.partition(ofRegion: region), service: service, region: global ? "" : region,
                  account: account, resource: resource)
    }

    /// Parses an ARN; nil when `text` has fewer than six colon-separated fields, does not start
    /// with `arn`, or has an empty partition or service. The resource may hold colons.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        self.init(partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: parts[5])
    }

    public var text: String { "arn:\(partition):\(service):\(region):\(account):\(resource)" }
    public var description: String { text }

    /// The partition a region belongs to: `aws-cn` for the China Regions (`cn-north-1`,
    /// `cn-northwest-1`), `aws-us-gov` for GovCloud (`us-gov-west-1`, `us-gov-east-1`), else `aws`.
    public static func partition(ofRegion region: String) -> String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }
}
