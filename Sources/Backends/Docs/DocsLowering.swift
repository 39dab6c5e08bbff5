import MigrationIR
import ContractSyntax
import Mustache

/// Renders the human documents of a generated directory: `docs/runbook.md` (order of
/// operations, per-table notes, failure handling, rollback) and `docs/iam.md` (what the role
/// may do, and why each `*` resource is there).
public enum DocsLowering {
    public static func runbook(_ ir: MigrationIR, config c: MigrationConfig, contractFile: String, contractHash: String,
                               template: MustacheTemplate) -> String {
        let tables: [[String: Any]] = ir.tables.sorted { $0.name < $1.name }.map { t in
            let ceiling = c.writes.ceiling(for: t.name)
            var d: [String: Any] = [
                "name": t.name, "view": t.viewName, "job_name": c.jobName(for: t.name),
                "write_mode": t.write.mode.rawValue, "pk": t.pk.name,
                "gsis": t.gsis.map(\.name),
                "ceiling": ceiling == 0 ? "none (the table's own capacity is the limit)" : "\(ceiling) write units per second",
                "incremental": t.bookmarkAttribute.map { "yes: the job keeps a high-water mark of `\($0)` in `s3://\(c.s3.bucket)/\(c.s3.reportsPrefix)\(t.name)/high-water-mark.json` and reads only rows at or past it (ties are read again; conditional writes make that harmless)" }
                    ?? "no (every run reads the whole view)",
                "rerun": rerunNote(t.write.mode),
            ]
            if let sk = t.sk { d["sk"] = sk.name }
            if let v = t.write.versionAttribute { d["version_attribute"] = v }
            return d
        }
        var context: [String: Any] = [
            "contract_file": contractFile, "contract_sha256": contractHash, "region": c.region,
            "account_id": c.accountId, "bucket": c.s3.bucket, "dead_letter_prefix": c.s3.deadLetterPrefix,
            "reports_prefix": c.s3.reportsPrefix, "tables": tables, "connection_name": c.glue.connectionName,
            // `generate` reads no AWS account: the ids are placeholders here, filled in by plan/deploy.
            "dynamodb_endpoint_command": NetworkCommands.createGatewayEndpoint(service: "dynamodb", region: c.region, vpcId: "VPC_ID", routeTableId: "ROUTE_TABLE_ID"),
            "s3_endpoint_command": NetworkCommands.createGatewayEndpoint(service: "s3", region: c.region, vpcId: "VPC_ID", routeTableId: "ROUTE_TABLE_ID"),
            "self_rule_command": NetworkCommands.selfReferencingIngress(groupId: "SECURITY_GROUP_ID", region: c.region),
        ]
        if let secret = c.glue.connectionSecretARN { context["connection_secret_arn"] = secret }
        return template.render(context)
    }

    public static func iam(_ ir: MigrationIR, config c: MigrationConfig, template: MustacheTemplate) -> String {
        template.render([
            "role_name": c.glue.roleName, "account_id": c.accountId, "region": c.region, "policy_name": Manifest.policyName(c),
            "bucket": c.s3.bucket, "scripts_prefix": c.s3.scriptsPrefix, "connection_name": c.glue.connectionName,
            "metrics_namespace": c.glue.metricsNamespace, "reports_prefix": c.s3.reportsPrefix,
            "list_bucket_reason": IAMPolicies.listBucketReason,
            "connection_secret_arn": c.glue.connectionSecretARN ?? false,
            "tables": ir.tables.map(\.name).sorted().map { c.tableARN($0) },
            "indexes": ir.tables.sorted { $0.name < $1.name }.flatMap { t in
                t.gsis.map(\.name).sorted().map { IAMPolicies.indexARN(c, table: t.name, index: $0) }
            },
            "wildcards": IAMPolicies.wildcardResources.map { ["action": $0.action, "reason": $0.reason] },
        ] as [String: Any])
    }

    private static func rerunNote(_ mode: WriteMode) -> String {
        switch mode {
        case .ifAbsent: return "safe; items already in the table are kept and counted as skipped."
        case .ifNewer: return "safe; an item is replaced only when the source version is newer, so newer items (e.g. from the application's dual writes) are kept."
        case .overwrite: return "overwrites items (explicit opt-in): writes the application made since the last run are lost."
        }
    }
}
