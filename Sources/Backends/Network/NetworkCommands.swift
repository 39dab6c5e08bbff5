/// The AWS CLI commands that create what a Glue job in a VPC needs, in one place: `deploy` and
/// `plan` print them with the connection's real ids when a check fails, and the runbook prints
/// them with placeholders (it is written by `generate`, which reads no AWS account).
///
/// Why these resources: a job with a connection runs in the connection's subnet on network
/// interfaces that get "a private IP address ... No public IP addresses are assigned" (AWS Glue
/// Developer Guide, "Setting up network access to data stores",
/// https://docs.aws.amazon.com/glue/latest/dg/start-connecting.html), so DynamoDB and S3 must be
/// reachable through VPC endpoints (or a NAT gateway), and Glue needs "a security group with a
/// self-referencing inbound rule for all TCP ports" among the connection's groups (same guide,
/// "Setting up Amazon VPC for JDBC connections to Amazon RDS data stores from AWS Glue",
/// https://docs.aws.amazon.com/glue/latest/dg/setup-vpc-for-glue-access.html).
public enum NetworkCommands {
    /// The endpoint service a gateway or interface endpoint names: `com.amazonaws.<region>.<service>`
    /// (Amazon VPC, "Gateway endpoints", https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html).
    public static func serviceName(_ service: String, region: String) -> String { "com.amazonaws.\(region).\(service)" }

    /// A gateway endpoint for `service` (`dynamodb` or `s3`) on `routeTableId`: traffic from every
    /// subnet using that route table then reaches the service without leaving AWS, free of charge.
    public static func createGatewayEndpoint(service: String, region: String, vpcId: String, routeTableId: String) -> String {
        "aws ec2 create-vpc-endpoint --region \(region) --vpc-id \(vpcId) --vpc-endpoint-type Gateway --service-name \(serviceName(service, region: region)) --route-table-ids \(routeTableId)"
    }

    /// Associates an existing gateway endpoint with one more route table.
    public static func addRouteTable(endpointId: String, routeTableId: String, region: String) -> String {
        "aws ec2 modify-vpc-endpoint --region \(region) --vpc-endpoint-id \(endpointId) --add-route-table-ids \(routeTableId)"
    }

    /// The self-referencing inbound rule: all TCP ports from the group itself.
    public static func selfReferencingIngress(groupId: String, region: String) -> String {
        "aws ec2 authorize-security-group-ingress --region \(region) --group-id \(groupId) --ip-permissions 'IpProtocol=tcp,FromPort=0,ToPort=65535,UserIdGroupPairs=[{GroupId=\(groupId)}]'"
    }

    /// All outbound traffic allowed (the default of a new security group).
    public static func openEgress(groupId: String, region: String) -> String {
        "aws ec2 authorize-security-group-egress --region \(region) --group-id \(groupId) --ip-permissions 'IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]'"
    }
}
