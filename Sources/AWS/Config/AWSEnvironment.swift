import Foundation

/// Everything that configures AWS access, read the way the AWS CLI reads it: environment
/// variables first, then the selected profile of `~/.aws/config` merged with
/// `~/.aws/credentials` (credentials file values win, as in botocore).
public struct AWSEnvironment: Sendable {
    /// The process environment (or a test's fake one).
    public var variables: [String: String]
    public var profileName: String
    public var configFile: SharedConfigFile
    public var credentialsFile: SharedConfigFile
    /// The host of the ECS/EKS container credentials endpoint for relative URIs (overridable for tests).
    public var containerCredentialsHost: String = "169.254.170.2"

    /// Loads the files named by `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` (defaults under
    /// `$HOME/.aws`) for the profile `profile`, else `AWS_PROFILE`, else `default`.
    public static func load(variables: [String: String] = ProcessInfo.processInfo.environment,
                            profile: String? = nil) throws -> AWSEnvironment {
        let home = variables["HOME"] ?? NSHomeDirectory()
        let configPath = expandTilde(variables["AWS_CONFIG_FILE"] ?? "~/.aws/config", home: home)
        let credentialsPath = expandTilde(variables["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials", home: home)
        let name = profile ?? nonEmpty(variables["AWS_PROFILE"]) ?? nonEmpty(variables["AWS_DEFAULT_PROFILE"]) ?? "default"
        return AWSEnvironment(variables: variables, profileName: name,
                              configFile: try SharedConfigFile.load(path: configPath),
                              credentialsFile: try SharedConfigFile.load(path: credentialsPath))
    }

    public init(variables: [String: String], profileName: String, configFile: SharedConfigFile,
                credentialsFile: SharedConfigFile) {
        self.variables = variables
        self.profileName = profileName
        self.configFile = configFile
        self.credentialsFile = credentialsFile
    }

    /// True when `name` is a profile in either file.
    public func profileExists(_ name: String) -> Bool {
        credentialsFile.sections[name] != nil || configFile.sections[Self.configSectionName(name)] != nil
    }

    /// The merged settings of profile `name`: config file `[profile name]` (`[default]` for the
    /// default profile), overlaid by the credentials file `[name]`.
    public func profile(_ name: String) -> [String: String] {
        var merged = configFile.sections[Self.configSectionName(name)]?.values ?? [:]
        if name == "default", merged.isEmpty, let legacy = configFile.sections["profile default"] {
            merged = legacy.values
        }
        for (key, value) in credentialsFile.sections[name]?.values ?? [:] { merged[key] = value }
        return merged
    }

    /// The selected profile's settings.
    public var currentProfile: [String: String] { profile(profileName) }

    static func configSectionName(_ profile: String) -> String {
        profile == "default" ? "default" : "profile \(profile)"
    }

    /// The region: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the profile's `region`.
    public var region: String? {
        nonEmpty(variables["AWS_REGION"]) ?? nonEmpty(variables["AWS_DEFAULT_REGION"]) ?? nonEmpty(currentProfile["region"])
    }

    /// `max_attempts` from `AWS_MAX_ATTEMPTS` or the profile, when set and valid.
    public var maxAttempts: Int? {
        (nonEmpty(variables["AWS_MAX_ATTEMPTS"]) ?? nonEmpty(currentProfile["max_attempts"])).flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
    }

    /// A configured endpoint for a service, as the SDKs resolve it:
    /// `AWS_ENDPOINT_URL_<SERVICE_ID>`, then `AWS_ENDPOINT_URL`, then the profile's `services`
    /// section (`<service_id> = \n endpoint_url = ...`), then the profile's `endpoint_url`.
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or the profile setting) turns all of them off.
    public func configuredEndpoint(serviceId: String) -> URL? {
        let ignore = nonEmpty(variables["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]) ?? currentProfile["ignore_configured_endpoint_urls"]
        if ignore?.lowercased() == "true" { return nil }
        let envSuffix = serviceId.uppercased().replacingOccurrences(of: " ", with: "_")
        if let value = nonEmpty(variables["AWS_ENDPOINT_URL_\(envSuffix)"]) { return URL(string: value) }
        if let value = nonEmpty(variables["AWS_ENDPOINT_URL"]) { return URL(string: value) }
        let profile = currentProfile
        let configKey = serviceId.lowercased().replacingOccurrences(of: " ", with: "_")
        if let servicesName = nonEmpty(profile["services"]),
           let value = nonEmpty(configFile.sections["services \(servicesName)"]?.nested[configKey]?["endpoint_url"]) {
            return URL(string: value)
        }
        if let value = nonEmpty(profile["endpoint_url"]) { return URL(string: value) }
        return nil
    }

    static func expandTilde(_ path: String, home: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst() }
        return path
    }
}

func nonEmpty(_ value: String?) -> String? {
    guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
    return value
}
