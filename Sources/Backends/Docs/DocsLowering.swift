import MigrationIR
import ContractSyntax

/// Renders the human documents of a generated directory: `docs/runbook.md` (order of
/// operations, per-table notes, failure handling, rollback) and `docs/iam.md` (what the role
/// may do, and why each `*` resource is there).
public enum DocsLowering {
    public static func runbook(_ ir: MigrationIR, config c: MigrationConfig, contractFile: String, contractHash: String,
                               template: TextTemplate) throws -> String {
        try template.render(runbookContext(ir, config: c, contractFile: contractFile, contractHash: contractHash))
    }

    /// What templates/docs/runbook.md.mustache renders from.
    static func runbookContext(_ ir: MigrationIR, config c: MigrationConfig, contractFile: String, contractHash: String) -> TemplateObject {
        let tables: [TemplateValue] = ir.tables.sorted { $0.name < $1.name }.map { t in
            let ceiling = c.writes.ceiling(for: t.name)
            var d: TemplateObject = [
                "name": .text(t.name), "view": .text(t.viewName), "job_name": .text(c.jobName(for: t.name)),
                "write_mode": .text(t.write.mode.rawValue), "pk": .text(t.pk.name),
                "gsis": .texts(t.gsis.map(\.name)),
                "ceiling": .text(ceiling == 0 ? "none (the table's own capacity is the limit)" : "\(ceiling) write units per second"),
                "incremental": .text(t.bookmarkAttribute.map { "yes: the job keeps a high-water mark of `\($0)` in `s3://\(c.s3.bucket)/\(c.s3.reportsPrefix)\(t.name)/high-water-mark.json` and reads only rows at or past it (ties are read again; conditional writes make that harmless)" }
                    ?? "no (every run reads the whole view)"),
                "rerun": .text(rerunNote(t.write.mode)),
            ]
            if let sk = t.sk { d["sk"] = .text(sk.name) }
            if let v = t.write.versionAttribute { d["version_attribute"] = .text(v) }
            return .object(d)
        }
        var context: TemplateObject = [
            "contract_file": .text(contractFile), "contract_sha256": .text(contractHash), "region": .text(c.region),
            "account_id": .text(c.accountId), "bucket": .text(c.s3.bucket), "dead_letter_prefix": .text(c.s3.deadLetterPrefix),
            "reports_prefix": .text(c.s3.reportsPrefix), "tables": .list(tables), "connection_name": .text(c.glue.connectionName),
            // `generate` reads no AWS account: the ids are placeholders here, filled in by plan/deploy.
            "dynamodb_endpoint_command": .text(NetworkCommands.createGatewayEndpoint(service: "dynamodb", region: c.region, vpcId: "VPC_ID", routeTableId: "ROUTE_TABLE_ID")),
            "s3_endpoint_command": .text(NetworkCommands.createGatewayEndpoint(service: "s3", region: c.region, vpcId: "VPC_ID", routeTableId: "ROUTE_TABLE_ID")),
            "self_rule_command": .text(NetworkCommands.selfReferencingIngress(groupId: "SECURITY_GROUP_ID", region: c.region)),
        ]
        if let secret = c.glue.connectionSecretARN { context["connection_secret_arn"] = .text(secret) }
        return context
    }

    public static func iam(_ ir: MigrationIR, config c: MigrationConfig, template: TextTemplate) throws -> String {
        try template.render(iamContext(ir, config: c))
    }

    /// What templates/docs/iam.md.mustache renders from.
    static func iamContext(_ ir: MigrationIR, config c: MigrationConfig) -> TemplateObject {
        [
            "role_name": .text(c.glue.roleName), "account_id": .text(c.accountId), "region": .text(c.region),
            "policy_name": .text(Manifest.policyName(c)),
            "bucket": .text(c.s3.bucket), "scripts_prefix": .text(c.s3.scriptsPrefix), "connection_name": .text(c.glue.connectionName),
            "metrics_namespace": .text(c.glue.metricsNamespace), "reports_prefix": .text(c.s3.reportsPrefix),
            "list_bucket_reason": .text(IAMPolicies.listBucketReason),
            "connection_secret_arn": c.glue.connectionSecretARN.map { .text($0) } ?? .flag(false),
            "tables": .texts(ir.tables.map(\.name).sorted().map { c.tableARN($0) }),
            "indexes": .texts(ir.tables.sorted { $0.name < $1.name }.flatMap { t in
                t.gsis.map(\.name).sorted().map { IAMPolicies.indexARN(c, table: t.name, index: $0) }
            }),
            "wildcards": .list(IAMPolicies.wildcardResources.map { .object(["action": .text($0.action), "reason": .text($0.reason)]) }),
        ]
    }

    private static func rerunNote(_ mode: WriteMode) -> String {
        switch mode {
        case .ifAbsent: return "safe; items already in the table are kept and counted as skipped."
        case .ifNewer: return "safe; an item is replaced only when the source version is newer, so newer items (e.g. from the application's dual writes) are kept."
        case .overwrite: return "overwrites items (explicit opt-in): writes the application made since the last run are lost."
        }
    }
}
