import Foundation

/// The default credential chain, in botocore's order:
/// 1. environment keys (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`);
/// 2. the profile's `role_arn` with `source_profile` (chains, cycles detected) or `credential_source`;
/// 3. web identity (`AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` [+ `AWS_ROLE_SESSION_NAME`], or the
///    profile's `web_identity_token_file` + `role_arn`) via STS AssumeRoleWithWebIdentity;
/// 4. static keys of the profile in the credentials file;
/// 5. the profile's `credential_process`;
/// 6. static keys of the profile in the config file;
/// 7. the container endpoint (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` / `_FULL_URI`);
/// 8. EC2 instance metadata (IMDSv2) unless `AWS_EC2_METADATA_DISABLED=true`.
/// The first source that is configured is used; if it fails the error is reported (the chain
/// does not silently fall through to another identity). Temporary credentials are cached and
/// refreshed 5 minutes before they expire.
public final class CredentialChain: CredentialProvider, @unchecked Sendable {
    public let environment: AWSEnvironment
    public let region: String
    let transport: HTTPTransport
    private let cache: CachingCredentialProvider
    /// Profile chains deeper than this are rejected (no unbounded recursion).
    static let maxChainDepth = 16

    public init(environment: AWSEnvironment, region: String, transportOptions: TransportOptions = TransportOptions(readTimeout: 5, attemptTimeout: 30)) {
        self.environment = environment
        self.region = region
        let transport = HTTPTransport(options: transportOptions)
        self.transport = transport
        let box = Resolver(environment: environment, region: region, transport: transport)
        self.cache = CachingCredentialProvider { try await box.resolve() }
    }

    public func credentials() async throws -> AWSCredentials { try await cache.credentials() }

    /// The name of the source the chain would use, without contacting anything (for `plan` output).
    public var configuredSource: String? { Resolver(environment: environment, region: region, transport: transport).configuredSource() }

    struct Resolver: Sendable {
        let environment: AWSEnvironment
        let region: String
        let transport: HTTPTransport

        var variables: [String: String] { environment.variables }

        func configuredSource() -> String? {
            if nonEmpty(variables["AWS_ACCESS_KEY_ID"]) != nil { return "environment" }
            let profile = environment.currentProfile
            if nonEmpty(profile["role_arn"]) != nil, profile["source_profile"] != nil || profile["credential_source"] != nil { return "assume-role" }
            if webIdentitySettings() != nil { return "assume-role-with-web-identity" }
            if environment.credentialsFile.sections[environment.profileName]?.values["aws_access_key_id"] != nil { return "shared-credentials-file" }
            if nonEmpty(profile["credential_process"]) != nil { return "credential_process" }
            if nonEmpty(profile["aws_access_key_id"]) != nil { return "config-file" }
            if nonEmpty(variables["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"]) != nil || nonEmpty(variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"]) != nil { return "container" }
            if variables["AWS_EC2_METADATA_DISABLED"]?.lowercased() != "true" { return "ec2-instance-metadata" }
            return nil
        }

        func resolve() async throws -> AWSCredentials {
            if let key = nonEmpty(variables["AWS_ACCESS_KEY_ID"]) {
                guard let secret = nonEmpty(variables["AWS_SECRET_ACCESS_KEY"]) else {
                    throw CredentialsError(source: "environment", "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
                }
                return AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: nonEmpty(variables["AWS_SESSION_TOKEN"]),
                                      source: "environment")
            }
            let name = environment.profileName
            let profile = environment.currentProfile
            if name != "default", !environment.profileExists(name) {
                throw CredentialsError(source: "profile", "the config profile (\(name)) could not be found")
            }
            if nonEmpty(profile["role_arn"]) != nil, profile["source_profile"] != nil || profile["credential_source"] != nil {
                return try await assumeRoleProfile(name, visited: [])
            }
            if let settings = webIdentitySettings() {
                return try await webIdentity(settings)
            }
            if profile.keys.contains(where: { $0.hasPrefix("sso_") }) && profile["aws_access_key_id"] == nil {
                throw CredentialsError(source: "sso", "profile '\(name)' uses IAM Identity Center (SSO), which ddb-migrate does not support; "
                    + "export credentials with `aws configure export-credentials --profile \(name) --format env`")
            }
            if let values = environment.credentialsFile.sections[name]?.values, values["aws_access_key_id"] != nil {
                return try staticKeys(values, profile: name, source: "shared-credentials-file")
            }
            if let command = nonEmpty(profile["credential_process"]) {
                return try await ProcessCredentials.fetch(command: command, profile: name)
            }
            if profile["aws_access_key_id"] != nil {
                return try staticKeys(profile, profile: name, source: "config-file")
            }
            if nonEmpty(variables["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"]) != nil || nonEmpty(variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"]) != nil {
                return try await MetadataCredentials.container(environment: environment, transport: transport)
            }
            if variables["AWS_EC2_METADATA_DISABLED"]?.lowercased() != "true" {
                do {
                    return try await MetadataCredentials.instanceMetadata(environment: environment, transport: transport)
                } catch let error as CredentialsError {
                    throw CredentialsError(source: "chain", "no credentials found (environment, profile '\(name)', container, instance metadata); "
                        + "last tried: \(error)")
                }
            }
            throw CredentialsError(source: "chain", "no credentials found (environment, profile '\(name)', container; instance metadata disabled)")
        }

        func staticKeys(_ values: [String: String], profile: String, source: String) throws -> AWSCredentials {
            guard let key = nonEmpty(values["aws_access_key_id"]), let secret = nonEmpty(values["aws_secret_access_key"]) else {
                throw CredentialsError(source: source, "profile '\(profile)' has aws_access_key_id without aws_secret_access_key (or the reverse)")
            }
            return AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: nonEmpty(values["aws_session_token"]), source: source)
        }

        struct WebIdentitySettings {
            var tokenFile: String
            var roleArn: String
            var sessionName: String?
        }

        func webIdentitySettings() -> WebIdentitySettings? {
            if let file = nonEmpty(variables["AWS_WEB_IDENTITY_TOKEN_FILE"]), let role = nonEmpty(variables["AWS_ROLE_ARN"]) {
                return WebIdentitySettings(tokenFile: file, roleArn: role, sessionName: nonEmpty(variables["AWS_ROLE_SESSION_NAME"]))
            }
            let profile = environment.currentProfile
            if let file = nonEmpty(profile["web_identity_token_file"]), let role = nonEmpty(profile["role_arn"]) {
                return WebIdentitySettings(tokenFile: file, roleArn: role, sessionName: nonEmpty(profile["role_session_name"]))
            }
            return nil
        }

        func webIdentity(_ settings: WebIdentitySettings) async throws -> AWSCredentials {
            guard let token = try? String(contentsOfFile: settings.tokenFile, encoding: .utf8) else {
                throw CredentialsError(source: "assume-role-with-web-identity", "cannot read web identity token file \(settings.tokenFile)")
            }
            let sts = STSClient(client: stsClient(credentials: nil))
            return try await sts.assumeRoleWithWebIdentity(roleArn: settings.roleArn, sessionName: settings.sessionName ?? defaultSessionName(),
                                                           webIdentityToken: token.trimmingCharacters(in: .whitespacesAndNewlines))
        }

        /// AssumeRole for profile `name`, getting the source credentials from `source_profile`
        /// (itself possibly a role profile) or `credential_source`.
        func assumeRoleProfile(_ name: String, visited: [String]) async throws -> AWSCredentials {
            let profile = environment.profile(name)
            guard visited.count < CredentialChain.maxChainDepth else {
                throw CredentialsError(source: "assume-role", "profile chain deeper than \(CredentialChain.maxChainDepth): \((visited + [name]).joined(separator: " -> "))")
            }
            guard let roleArn = nonEmpty(profile["role_arn"]) else {
                throw CredentialsError(source: "assume-role", "profile '\(name)' has no role_arn")
            }
            if profile["mfa_serial"] != nil {
                throw CredentialsError(source: "assume-role", "profile '\(name)' requires MFA (mfa_serial), which needs an interactive prompt")
            }
            let sourceCredentials: AWSCredentials
            if let sourceName = nonEmpty(profile["source_profile"]) {
                if profile["credential_source"] != nil {
                    throw CredentialsError(source: "assume-role", "profile '\(name)' sets both source_profile and credential_source")
                }
                guard environment.profileExists(sourceName) else {
                    throw CredentialsError(source: "assume-role", "source_profile '\(sourceName)' of profile '\(name)' does not exist")
                }
                let source = environment.profile(sourceName)
                let path = visited + [name]
                let hasStatic = nonEmpty(source["aws_access_key_id"]) != nil
                if sourceName == name && hasStatic {
                    // A profile may name itself as source to use its own keys for its role.
                    sourceCredentials = try staticKeys(source, profile: sourceName, source: "source_profile")
                } else if path.contains(sourceName) {
                    throw CredentialsError(source: "assume-role", "infinite loop in profile chain: \((path + [sourceName]).joined(separator: " -> "))")
                } else if nonEmpty(source["role_arn"]) != nil, !hasStatic || source["source_profile"] != nil || source["credential_source"] != nil {
                    sourceCredentials = try await assumeRoleProfile(sourceName, visited: path)
                } else if nonEmpty(source["web_identity_token_file"]) != nil, let role = nonEmpty(source["role_arn"]) {
                    sourceCredentials = try await webIdentity(WebIdentitySettings(tokenFile: source["web_identity_token_file"] ?? "", roleArn: role,
                                                                                 sessionName: nonEmpty(source["role_session_name"])))
                } else if hasStatic {
                    sourceCredentials = try staticKeys(source, profile: sourceName, source: "source_profile")
                } else if let command = nonEmpty(source["credential_process"]) {
                    sourceCredentials = try await ProcessCredentials.fetch(command: command, profile: sourceName)
                } else {
                    throw CredentialsError(source: "assume-role", "source_profile '\(sourceName)' has no credentials")
                }
            } else if let credentialSource = nonEmpty(profile["credential_source"]) {
                switch credentialSource {
                case "Environment":
                    guard let key = nonEmpty(variables["AWS_ACCESS_KEY_ID"]), let secret = nonEmpty(variables["AWS_SECRET_ACCESS_KEY"]) else {
                        throw CredentialsError(source: "assume-role", "credential_source Environment but no AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY")
                    }
                    sourceCredentials = AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: nonEmpty(variables["AWS_SESSION_TOKEN"]), source: "environment")
                case "EcsContainer":
                    sourceCredentials = try await MetadataCredentials.container(environment: environment, transport: transport)
                case "Ec2InstanceMetadata":
                    sourceCredentials = try await MetadataCredentials.instanceMetadata(environment: environment, transport: transport)
                default:
                    throw CredentialsError(source: "assume-role", "unknown credential_source '\(credentialSource)' in profile '\(name)' "
                        + "(expected Environment, EcsContainer or Ec2InstanceMetadata)")
                }
            } else {
                throw CredentialsError(source: "assume-role", "profile '\(name)' has role_arn but neither source_profile nor credential_source")
            }
            let sts = STSClient(client: stsClient(credentials: StaticCredentialProvider(sourceCredentials)))
            return try await sts.assumeRole(roleArn: roleArn, sessionName: nonEmpty(profile["role_session_name"]) ?? defaultSessionName(),
                                            externalId: nonEmpty(profile["external_id"]),
                                            durationSeconds: profile["duration_seconds"].flatMap { Int($0) })
        }

        func stsClient(credentials: (any CredentialProvider)?) -> AWSClient {
            AWSClient(region: environment.region ?? region, credentials: credentials, environment: environment)
        }

        func defaultSessionName() -> String { "ddb-migrate-\(Int(Date().timeIntervalSince1970))" }
    }
}
