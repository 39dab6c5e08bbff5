import MigrationTarget

/// A Secrets Manager secret ARN, `arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-SUFFIX`.
/// Secrets Manager appends "a hyphen and six random characters" to the name in every secret's
/// ARN (Secrets Manager API Reference, GetSecretValue, `SecretId`;
/// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html), so a
/// Glue connection that names its secret by name or partial ARN (`SECRET_ID`) still identifies
/// one complete ARN — the one an IAM policy must name.
public struct SecretARN: Sendable, Equatable {
    public var partition: String
    public var region: String
    public var account: String
    /// Everything after `secret:`: the name with its six-character suffix.
    public var resource: String

    public init?(_ text: String) {
        guard let arn = ARN(text), ARN.partitions.contains(arn.partition), arn.service == "secretsmanager",
              !arn.region.isEmpty, arn.account.count == 12, arn.account.allSatisfy(\.isNumber),
              arn.resource.hasPrefix("secret:") else { return nil }
        let resource = String(arn.resource.dropFirst("secret:".count))
        guard !resource.isEmpty, !resource.contains("*"), !resource.contains("?") else { return nil }
        partition = arn.partition; region = arn.region; account = arn.account; self.resource = resource
    }

    public var text: String { ARN(partition: partition, service: "secretsmanager", region: region, account: account, resource: "secret:" + resource).text }

    /// The secret's name: the resource without the `-XXXXXX` suffix Secrets Manager adds.
    public var name: String {
        hasSuffix ? String(resource.dropLast(7)) : resource
    }

    /// False for a partial ARN (no `-XXXXXX`): IAM would not match the secret's real ARN with it.
    public var hasSuffix: Bool {
        guard let dash = resource.lastIndex(of: "-") else { return false }
        return resource.distance(from: dash, to: resource.endIndex) == 7 && resource[resource.index(after: dash)...].allSatisfy { $0.isLetter || $0.isNumber }
    }

    /// True when `reference` (a connection's `SecretArn` or `SECRET_ID`: a full ARN, a partial
    /// ARN without the suffix, or a bare name) names this secret.
    public func isNamed(by reference: String) -> Bool {
        if reference == text { return true }
        if let other = SecretARN(reference) {
            // A partial ARN (no suffix) names the same secret when ours is it plus "-XXXXXX".
            return other.partition == partition && other.region == region && other.account == account
                && (other.resource == resource || other.resource == name)
        }
        return reference == name
    }
}
