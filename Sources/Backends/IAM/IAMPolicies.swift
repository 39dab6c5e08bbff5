import MigrationTarget

/// The Glue job role's documents, least privilege (issue: no `*` action; a `*` resource only where
/// AWS offers nothing narrower, each one listed in `wildcardResources` and explained in the docs).
public enum IAMPolicies {
    /// Why each `*` resource is there; rendered into docs/iam.md.
    public static let wildcardResources: [(action: String, reason: String)] = [
        ("cloudwatch:PutMetricData", "CloudWatch has no resource-level permissions for PutMetricData; the statement is limited with the `cloudwatch:namespace` condition key to `Glue` (the job metrics `--enable-metrics` publishes) and the config's namespace (each run's counters)."),
        ("ec2:DescribeVpcs, ec2:DescribeSubnets, ec2:DescribeSecurityGroups, ec2:DescribeNetworkInterfaces, ec2:DescribeVpcEndpoints, ec2:DescribeRouteTables", "EC2 Describe* actions support no resource-level permissions; Glue calls them to place the job's network interfaces in the JDBC connection's VPC (the EC2 actions of the AWS managed policy AWSGlueServiceRole)."),
        ("ec2:CreateNetworkInterface, ec2:DeleteNetworkInterface", "The connection's subnet and security groups are chosen in the Glue connection, not in this config, so the ENI ARNs are unknown when the policy is written; the statement is limited to the config's region and account by the `aws:RequestedRegion` condition and to network-interface, subnet and security-group resources."),
    ]

    /// Where `generate` writes the role's trust policy, and its permissions policy: the one
    /// spelling of both paths, for the generator and the manifest.
    public static let trustPolicyPath = "iam/trust-policy.json"
    public static func rolePolicyPath(roleName: String) -> String { "iam/\(roleName)-policy.json" }

    /// A role name whose permissions policy would be written over the trust policy (`trust`
    /// gives iam/trust-policy.json; compared without case, since IAM role names are unique
    /// without case and a checkout on a case-insensitive file system would merge the two).
    public static func rolePolicyPathIsTrustPolicyPath(roleName: String) -> Bool {
        rolePolicyPath(roleName: roleName).lowercased() == trustPolicyPath
    }

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

    /// Why the bucket listing has no prefix condition; rendered into docs/iam.md.
    public static let listBucketReason = "S3 answers a GetObject of a missing key with 404 only when the caller has s3:ListBucket on the bucket, and 403 otherwise (S3 API Reference, GetObject, Permissions); the job reads its high-water mark, which is missing before the first run, and must tell \"none yet\" from \"access denied\". That check is not a list request, so an `s3:prefix` condition cannot be relied on to match it. Listing shows key names, never contents."

    /// The ARN of a GSI of a table (DynamoDB's index resource: `table/<table>/index/<index>`).
    public static func indexARN(_ c: MigrationConfig, table: String, index: String) -> String {
        c.arn("dynamodb", "table/\(table)/index/\(index)")
    }

    /// The role's inline policy for the given DynamoDB tables; `indexes`: each table's GSI names.
    public static func rolePolicy(_ c: MigrationConfig, tables: [String], indexes: [String: [String]]) -> JSONDocument {
        // S3 bucket ARNs name neither region nor account (`arn:PARTITION:s3:::bucket`).
        let bucket = ARN(partition: c.partition, service: "s3", region: "", account: "", resource: c.s3.bucket).text
        func obj(_ prefix: String) -> JSONDocument { .string("\(bucket)/\(prefix)*") }
        var statements: [JSONDocument] = [
            statement("ReadJobScripts", ["s3:GetObject"], [obj(c.s3.scriptsPrefix)]),
            // <reports_prefix><table>/high-water-mark.json: where the previous run stopped.
            statement("ReadRunState", ["s3:GetObject"], [obj(c.s3.reportsPrefix)]),
            // Summaries, progress objects and the high-water mark; dead letters.
            statement("WriteDeadLettersAndReports", ["s3:PutObject"], [obj(c.s3.deadLetterPrefix), obj(c.s3.reportsPrefix)]),
            statement("UseTempDir", ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"], [obj(c.s3.tempPrefix)]),
            // No s3:prefix condition: see listBucketReason.
            statement("ListArtifactsBucket", ["s3:ListBucket"], [.string(bucket)]),
            statement("WriteTargetTables", ["dynamodb:DescribeTable", "dynamodb:PutItem"],
                      tables.sorted().map { .string(c.tableARN($0)) }),
            // The validation job (glue/validate_<table>.py): segmented Scans of each table (its keys,
            // its item count), BatchGetItem of the sampled items. Nothing that writes.
            statement("ValidateTargetTables", ["dynamodb:BatchGetItem", "dynamodb:Scan"],
                      tables.sorted().map { .string(c.tableARN($0)) }),
        ]
        // ... and of each GSI: a Select=COUNT Scan (its item count) and a Query per sampled item.
        let indexARNs = tables.sorted().flatMap { t in (indexes[t] ?? []).sorted().map { JSONDocument.string(indexARN(c, table: t, index: $0)) } }
        if !indexARNs.isEmpty {
            statements.append(statement("ValidateTargetIndexes", ["dynamodb:Query", "dynamodb:Scan"], indexARNs))
        }
        statements += [
            statement("ReadGlueConnection", ["glue:GetConnection"], [
                .string(c.arn("glue", "catalog")),
                .string(c.arn("glue", "connection/\(c.glue.connectionName)")),
            ]),
            statement("WriteGlueLogs", ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], [
                .string(c.arn("logs", "log-group:/aws-glue/*")),
                .string(c.arn("logs", "log-group:/aws-glue/*:log-stream:*")),
            ]),
            statement("PublishJobMetrics", ["cloudwatch:PutMetricData"], [.string("*")],
                      // "Glue": the job metrics --enable-metrics publishes; ours: the run's counters.
                      condition: .object([("StringEquals", .object([("cloudwatch:namespace", JSONDocument.strings(["Glue", c.glue.metricsNamespace]))]))])),
            statement("DescribeConnectionNetwork", [
                "ec2:DescribeNetworkInterfaces", "ec2:DescribeRouteTables", "ec2:DescribeSecurityGroups",
                "ec2:DescribeSubnets", "ec2:DescribeVpcEndpoints", "ec2:DescribeVpcs",
            ], [.string("*")]),
            // Unlike the other Describe* actions, DescribeVpcAttribute takes a VPC resource (Service
            // Authorization Reference, "Actions defined by Amazon EC2"); the connection's VPC is
            // unknown here, so: any VPC of the config's account and region.
            statement("ReadConnectionVpcAttributes", ["ec2:DescribeVpcAttribute"], [
                .string(c.arn("ec2", "vpc/*")),
            ]),
            statement("ManageConnectionInterfaces", ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface"], [
                .string(c.arn("ec2", "network-interface/*")),
                .string(c.arn("ec2", "security-group/*")),
                .string(c.arn("ec2", "subnet/*")),
            ], condition: .object([("StringEquals", .object([("aws:RequestedRegion", .string(c.region))]))])),
            // Glue tags the interfaces it creates and untags them on cleanup (AWSGlueServiceRole).
            statement("TagConnectionInterfaces", ["ec2:CreateTags", "ec2:DeleteTags"], [
                .string(c.arn("ec2", "network-interface/*")),
            ], condition: .object([("ForAllValues:StringEquals", .object([("aws:TagKeys", JSONDocument.strings(["aws-glue-service-resource"]))]))])),
        ]
        if let secret = c.glue.connectionSecretARN {
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
