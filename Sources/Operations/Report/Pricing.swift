/// The prices `report` states its costs in: DynamoDB, us-east-1 list prices, Standard table
/// class. A report prints both figures and where they come from; a migration in another region
/// or under a discount costs what the bill says, and these two numbers are the only ones to change.
public enum Pricing {
    /// On-demand write request units: $0.625 per million WRU (us-east-1, Standard table class,
    /// after AWS's November 2024 price reduction), https://aws.amazon.com/dynamodb/pricing/on-demand/.
    /// One WRU writes an item of up to 1 KB (a transactional write takes two).
    public static let onDemandUSDPerMillionWriteUnits = 0.625

    /// Provisioned write capacity: $0.00065 per WCU-hour (us-east-1, Standard table class),
    /// https://aws.amazon.com/dynamodb/pricing/provisioned/. Billed per hour provisioned.
    public static let provisionedUSDPerWCUHour = 0.00065

    public static let region = "us-east-1"
    public static let onDemandSource = "https://aws.amazon.com/dynamodb/pricing/on-demand/"
    public static let provisionedSource = "https://aws.amazon.com/dynamodb/pricing/provisioned/"

    /// What `units` write request units cost on demand.
    public static func onDemandUSD(writeUnits units: Double) -> Double {
        units * onDemandUSDPerMillionWriteUnits / 1_000_000
    }

    /// What `wcu` provisioned write capacity units cost for `seconds` (billed by the started hour,
    /// at least one).
    public static func provisionedUSD(wcu: Int, seconds: Double) -> Double {
        let hours = max(1, (seconds / 3600).rounded(.up))
        return Double(wcu) * hours * provisionedUSDPerWCUHour
    }
}
