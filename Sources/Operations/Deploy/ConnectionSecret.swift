import AWS
import Backends
import Foundation

/// A Glue connection may keep the database credentials in Secrets Manager instead of its own
/// properties: `AuthenticationConfiguration.SecretArn`, or the `SECRET_ID` connection property
/// ("The secret ID used for the secret manager of credentials": botocore Glue model,
/// `ConnectionProperties`). The job then reads that secret as its role, so the role needs
/// `secretsmanager:GetSecretValue` on exactly it, which the generated policy grants only for
/// the config's `glue.connection_secret_arn`. This check makes the two agree before a run
/// fails on "AccessDeniedException ... secretsmanager:GetSecretValue".
public enum ConnectionSecret {
    /// The secret the connection names (ARN, partial ARN or name), if any.
    public static func reference(of connection: GlueClient.Connection) -> String? {
        if let arn = connection.AuthenticationConfiguration?.SecretArn, !arn.isEmpty { return arn }
        if let id = connection.ConnectionProperties?["SECRET_ID"], !id.isEmpty { return id }
        return nil
    }

    public static func check(connection: GlueClient.Connection, name: String, configured: String?) -> CheckReport {
        var report = CheckReport()
        let reference = reference(of: connection)
        switch (reference, configured) {
        case (nil, nil):
            break
        case (nil, let arn?):
            report.warnings.append("the config names secret \(arn) (glue.connection_secret_arn), but Glue connection '\(name)' reads no secret: remove glue.connection_secret_arn and regenerate, so the job role cannot read a secret it does not need")
        case (let secret?, nil):
            report.problems.append("Glue connection '\(name)' reads its credentials from Secrets Manager secret \(secret), and the job role may not read it: add \"connection_secret_arn\": \"\(completeARN(secret))\" to \"glue\" in the config and regenerate the directory (the policy then grants secretsmanager:GetSecretValue on it)" + lookupHint(secret))
        case (let secret?, let arn?):
            if SecretARN(arn)?.isNamed(by: secret) == true {
                report.notes.append("Glue connection '\(name)' reads secret \(secret); the job role may read \(arn)")
            } else {
                report.problems.append("Glue connection '\(name)' reads its credentials from secret \(secret), but the config's glue.connection_secret_arn is \(arn): set it to \(completeARN(secret)) and regenerate the directory" + lookupHint(secret))
            }
        }
        return report
    }

    /// The reference itself when it is a complete ARN, else a placeholder the hint explains.
    static func completeARN(_ reference: String) -> String {
        if let arn = SecretARN(reference), arn.hasSuffix { return reference }
        return "ARN"
    }

    static func lookupHint(_ reference: String) -> String {
        if let arn = SecretARN(reference), arn.hasSuffix { return "" }
        return "; its complete ARN: aws secretsmanager describe-secret --secret-id \(reference) --query ARN --output text"
    }
}
