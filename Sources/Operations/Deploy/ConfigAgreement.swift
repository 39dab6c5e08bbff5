import Backends
import Foundation

/// `deploy` acts on what `generate` wrote, so the config it is given must be the one the
/// directory was generated with: otherwise scripts would carry one bucket and the job another.
/// Compares every setting the manifest records and lists each difference.
public enum ConfigAgreement {
    public static func differences(config c: MigrationConfig, manifest m: Manifest) -> [String] {
        var out: [String] = []
        func check(_ what: String, _ configValue: String, _ manifestValue: String) {
            if configValue != manifestValue {
                out.append("\(what): the config says '\(configValue)', the directory was generated with '\(manifestValue)'")
            }
        }
        check("region", c.region, m.region)
        check("account_id", c.accountId, m.accountId)
        check("s3.bucket", c.s3.bucket, m.s3.bucket)
        check("s3.scripts_prefix", c.s3.scriptsPrefix, m.s3.scriptsPrefix)
        check("s3.temp_prefix", c.s3.tempPrefix, m.s3.tempPrefix)
        check("s3.dead_letter_prefix", c.s3.deadLetterPrefix, m.s3.deadLetterPrefix)
        check("s3.reports_prefix", c.s3.reportsPrefix, m.s3.reportsPrefix)
        check("glue.role_name", c.glue.roleName, m.iam.roleName)
        check("glue.connection_name", c.glue.connectionName, m.glueConnection)
        check("glue.connection_secret_arn", c.glue.connectionSecretARN ?? "(none)", m.glueConnectionSecretArn ?? "(none)")
        for job in m.jobs {
            check("job name of table \(job.table)", c.jobName(for: job.table), job.name)
            check("glue.version (job \(job.name))", c.glue.version, job.glueVersion)
            check("glue.worker_type (job \(job.name))", c.glue.workerType, job.workerType)
            check("glue.number_of_workers (job \(job.name))", String(c.glue.numberOfWorkers), String(job.numberOfWorkers))
            check("glue.timeout_minutes (job \(job.name))", String(c.glue.timeoutMinutes), String(job.timeoutMinutes))
            if c.resourceTags != job.tags {
                out.append("tags (job \(job.name)): the config's tags differ from the ones the directory was generated with")
            }
            if let ceiling = job.defaultArguments["--ddbm_max_write_units_per_second"] {
                check("write-unit ceiling of table \(job.table)", String(c.writes.ceiling(for: job.table)), ceiling)
            }
        }
        return out
    }

    /// The failure `deploy`/`plan` report when the config and the directory disagree.
    public static func failure(_ differences: [String], directory: String) -> DeployFailure {
        DeployFailure(.targetWrong, ["the config does not match the one \(directory) was generated with; regenerate the directory with this config (ddb-migrate generate ... --config) or pass the config it was generated with:"]
            + differences.map { "  - " + $0 })
    }
}
