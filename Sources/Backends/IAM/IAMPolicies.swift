/// The Glue job role's documents, least privilege (issue: no `*` action; a `*` resource only where
/// AWS offers nothing narrower, each one listed in `wildcardResources` and explained in the docs).
public enum IAMPolicies {
    /// Why each `*` resource is there; rendered into docs/iam.md.
    public static let wildcardResources: [(action: String, reason: String)] = [
        ("cloudwatch:PutMetricData", "CloudWatch has no resource-level permissions for PutMetricData; the statement is limited with the `cloudwatch:namespace` condition key to `Glue` (the job metrics `--enable-metrics` publishes) and the config's namespace (each run's counters)."),
        ("ec2:DescribeVpcs, ec2:DescribeSubnets, ec2:DescribeSecurityGroups, ec2:DescribeNetworkInterfaces, ec2:DescribeVpcEndpoints, ec2:DescribeRouteTables", "EC2 Describe* actions support no resource-level permissions; Glue calls them to place the job's network interfaces in the JDBC connection's VPC."),
        ("ec2:CreateNetworkInterface, ec2:DeleteNetworkInterface", "The connection's subnet and security groups are chosen in the Glue connection, not in this config, so the ENI ARNs are unknown when the policy is written; the statement is limited to the config's region and account by the `aws:RequestedRegion` condition and to network-interface, subnet and security-group resources."),
    ]

    public static func trustPolicy(_ c: MigrationConfig) -> JSONDocument {
        .object([
            ("Version", .string("2012-10-17")),
            ("Statement", .array([.object([
                ("Sid", .string("GlueAssumesRole")),
                ("Effect", .string("Allow")),
                ("Principal", .object([("Service", .string("glue.amazonaws.com"))])),
                ("Action", .string("sts:AssumeRole")),
                // Confused-deputy protection: only Glue acting for this account may assume the role.
                ("Condition", .object([("StringEquals", .object([("aws:SourceAccount", .string(c.accountId))]))])),
            ])])),
        ])
    }

    /// The role's inline policy for the given DynamoDB tables.
    public static func rolePolicy(_ c: MigrationConfig, tables: [String], connectionSecretARN: String? = nil) -> JSONDocument {
        let p = c.partition
        let bucket = "arn:\(p):s3:::\(c.s3.bucket)"
        func obj(_ prefix: String) -> JSONDocument { .string("\(bucket)/\(prefix)*") }
        var statements: [JSONDocument] = [
            statement("ReadJobScripts", ["s3:GetObject"], [obj(c.s3.scriptsPrefix)]),
            statement("WriteDeadLettersAndReports", ["s3:PutObject"], [obj(c.s3.deadLetterPrefix), obj(c.s3.reportsPrefix)]),
            statement("UseTempDir", ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"], [obj(c.s3.tempPrefix)]),
            statement("ListOwnPrefixes", ["s3:ListBucket"], [.string(bucket)],
                      condition: .object([("StringLike", .object([("s3:prefix", JSONDocument.strings(
                        [c.s3.scriptsPrefix, c.s3.tempPrefix, c.s3.deadLetterPrefix, c.s3.reportsPrefix].map { $0 + "*" }))]))])),
            statement("WriteTargetTables", ["dynamodb:DescribeTable", "dynamodb:PutItem"],
                      tables.sorted().map { .string("arn:\(p):dynamodb:\(c.region):\(c.accountId):table/\($0)") }),
            statement("ReadGlueConnection", ["glue:GetConnection"], [
                .string("arn:\(p):glue:\(c.region):\(c.accountId):catalog"),
                .string("arn:\(p):glue:\(c.region):\(c.accountId):connection/\(c.glue.connectionName)"),
            ]),
            statement("WriteGlueLogs", ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], [
                .string("arn:\(p):logs:\(c.region):\(c.accountId):log-group:/aws-glue/*"),
                .string("arn:\(p):logs:\(c.region):\(c.accountId):log-group:/aws-glue/*:log-stream:*"),
            ]),
            statement("PublishJobMetrics", ["cloudwatch:PutMetricData"], [.string("*")],
                      // "Glue": the job metrics --enable-metrics publishes; ours: the run's counters.
                      condition: .object([("StringEquals", .object([("cloudwatch:namespace", JSONDocument.strings(["Glue", c.glue.metricsNamespace]))]))])),
            statement("DescribeConnectionNetwork", [
                "ec2:DescribeNetworkInterfaces", "ec2:DescribeRouteTables", "ec2:DescribeSecurityGroups",
                "ec2:DescribeSubnets", "ec2:DescribeVpcEndpoints", "ec2:DescribeVpcs",
            ], [.string("*")]),
            statement("ManageConnectionInterfaces", ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface"], [
                .string("arn:\(p):ec2:\(c.region):\(c.accountId):network-interface/*"),
                .string("arn:\(p):ec2:\(c.region):\(c.accountId):security-group/*"),
                .string("arn:\(p):ec2:\(c.region):\(c.accountId):subnet/*"),
            ], condition: .object([("StringEquals", .object([("aws:RequestedRegion", .string(c.region))]))])),
            statement("TagConnectionInterfaces", ["ec2:CreateTags"], [
                .string("arn:\(p):ec2:\(c.region):\(c.accountId):network-interface/*"),
            ], condition: .object([("ForAllValues:StringEquals", .object([("aws:TagKeys", JSONDocument.strings(["aws-glue-service-resource"]))]))])),
        ]
        if let secret = connectionSecretARN {
            statements.append(statement("ReadConnectionSecret", ["secretsmanager:GetSecretValue"], [.string(secret)]))
        }
        return .object([("Version", .string("2012-10-17")), ("Statement", .array(statements))])
    }

    private static func statement(_ sid: String, _ actions: [String], _ resources: [JSONDocument],
                                  condition: JSONDocument? = nil) -> JSONDocument {
        var members: [(String, JSONDocument)] = [
            ("Sid", .string(sid)), ("Effect", .string("Allow")),
            ("Action", JSONDocument.strings(actions)), ("Resource", .array(resources)),
        ]
        if let condition { members.append(("Condition", condition)) }
        return .object(members)
    }
}
