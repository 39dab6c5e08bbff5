import AWS
import Foundation

/// The service clients `plan`, `deploy` and `status` talk to, all sharing one `AWSClient`
/// (one credential chain, one region, the environment's endpoint overrides).
public struct AWSServices: Sendable {
    public let client: AWSClient
    public let sts: STSClient
    public let s3: S3Client
    public let iam: IAMClient
    public let glue: GlueClient
    public let dynamoDB: DynamoDBClient
    public let logs: CloudWatchLogsClient
    public let ec2: EC2Client

    public init(client: AWSClient) {
        self.client = client
        sts = STSClient(client: client)
        s3 = S3Client(client: client)
        iam = IAMClient(client: client)
        glue = GlueClient(client: client)
        dynamoDB = DynamoDBClient(client: client)
        logs = CloudWatchLogsClient(client: client)
        ec2 = EC2Client(client: client)
    }

    /// The same clients with DynamoDB at `endpoint` (a local DynamoDB, as `run-local`'s): what
    /// `validate --dynamodb-endpoint` and `replay --dynamodb-endpoint` read and write. nil: unchanged.
    public func dynamoDB(at endpoint: URL?) -> AWSServices {
        guard let endpoint else { return self }
        return AWSServices(client: AWSClient(region: client.region, credentials: client.credentials, environment: client.environment,
                                             endpointOverrides: client.endpointOverrides.merging(["DynamoDB": endpoint]) { _, new in new }))
    }

    /// Clients configured as the AWS CLI would be (profile, keys, `AWS_ENDPOINT_URL*`), in the
    /// migration's region: the config's region wins over the profile's, since the manifest's
    /// ARNs are in it.
    public static func fromEnvironment(region: String, variables: [String: String] = ProcessInfo.processInfo.environment) throws -> AWSServices {
        let environment = try AWSEnvironment.load(variables: variables)
        return AWSServices(client: try AWSClient.fromEnvironment(environment, region: region))
    }
}
