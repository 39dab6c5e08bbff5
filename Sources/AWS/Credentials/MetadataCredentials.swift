import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Credentials from an HTTP metadata endpoint: the ECS/EKS container endpoint and EC2 IMDSv2.
enum MetadataCredentials {
    struct Document: Decodable {
        var AccessKeyId: String?
        var SecretAccessKey: String?
        var Token: String?
        var Expiration: String?
        var Code: String?
        var Message: String?
    }

    /// Hosts allowed for `AWS_CONTAINER_CREDENTIALS_FULL_URI` over plain HTTP (as in botocore):
    /// loopback and the ECS/EKS link-local addresses. Anything else must be HTTPS.
    static func isAllowedFullURI(_ url: URL) -> Bool {
        if url.scheme == "https" { return true }
        guard url.scheme == "http", let host = url.host else { return false }
        return host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
            || host == "169.254.170.2" || host == "169.254.170.23" || host == "fd00:ec2::23" || host == "[fd00:ec2::23]"
    }

    /// ECS/EKS: GET the URI (relative to the container host, or full), with the authorization token if configured.
    static func container(environment: AWSEnvironment, transport: HTTPTransport) async throws -> AWSCredentials {
        let source = "container"
        let variables = environment.variables
        let url: URL
        if let relative = nonEmpty(variables["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"]) {
            guard let value = URL(string: "http://\(environment.containerCredentialsHost)\(relative.hasPrefix("/") ? "" : "/")\(relative)") else {
                throw CredentialsError(source: source, "invalid AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
            }
            url = value
        } else if let full = nonEmpty(variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"]) {
            guard let value = URL(string: full), isAllowedFullURI(value) else {
                throw CredentialsError(source: source, "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https or a loopback/ECS/EKS address")
            }
            url = value
        } else {
            throw CredentialsError(source: source, "no container credentials URI set")
        }
        guard var request = HTTPRequest(method: "GET", endpoint: url.deletingQueryAndPath(), path: url.percentEncodedPathOrSlash,
                                        query: PercentEncoding.parseQuery(URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQuery ?? "")) else {
            throw CredentialsError(source: source, "invalid credentials URI")
        }
        if let tokenFile = nonEmpty(variables["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"]) {
            guard let token = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw CredentialsError(source: source, "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(tokenFile)")
            }
            request.setHeader("Authorization", token.trimmingCharacters(in: .whitespacesAndNewlines))
        } else if let token = nonEmpty(variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"]) {
            request.setHeader("Authorization", token)
        }
        let response = try await sendOrExplain(request, transport: transport, source: source)
        guard response.statusCode == 200 else {
            throw CredentialsError(source: source, "endpoint answered HTTP \(response.statusCode)")
        }
        return try decode(response.body, source: source)
    }

    /// EC2 IMDSv2: PUT a session token, GET the role name, GET the role's credentials.
    static func instanceMetadata(environment: AWSEnvironment, transport: HTTPTransport) async throws -> AWSCredentials {
        let source = "ec2-instance-metadata"
        let base = nonEmpty(environment.variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"]) ?? "http://169.254.169.254"
        guard let endpoint = URL(string: base) else { throw CredentialsError(source: source, "invalid AWS_EC2_METADATA_SERVICE_ENDPOINT") }
        guard var tokenRequest = HTTPRequest(method: "PUT", endpoint: endpoint, path: "/latest/api/token") else {
            throw CredentialsError(source: source, "invalid AWS_EC2_METADATA_SERVICE_ENDPOINT")
        }
        tokenRequest.setHeader("X-aws-ec2-metadata-token-ttl-seconds", "21600")
        let tokenResponse = try await sendOrExplain(tokenRequest, transport: transport, source: source)
        guard tokenResponse.statusCode == 200 else {
            throw CredentialsError(source: source, "token request answered HTTP \(tokenResponse.statusCode)")
        }
        let token = String(decoding: tokenResponse.body, as: UTF8.self)
        let rolePath = "/latest/meta-data/iam/security-credentials/"
        guard var roleRequest = HTTPRequest(method: "GET", endpoint: endpoint, path: rolePath) else {
            throw CredentialsError(source: source, "invalid endpoint")
        }
        roleRequest.setHeader("X-aws-ec2-metadata-token", token)
        let roleResponse = try await sendOrExplain(roleRequest, transport: transport, source: source)
        guard roleResponse.statusCode == 200,
              let role = String(decoding: roleResponse.body, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init),
              !role.isEmpty else {
            throw CredentialsError(source: source, "no IAM role attached to the instance (HTTP \(roleResponse.statusCode))")
        }
        var credentialsRequest = roleRequest
        credentialsRequest.path = rolePath + PercentEncoding.encode(role)
        let response = try await sendOrExplain(credentialsRequest, transport: transport, source: source)
        guard response.statusCode == 200 else {
            throw CredentialsError(source: source, "credentials request answered HTTP \(response.statusCode)")
        }
        return try decode(response.body, source: source)
    }

    static func sendOrExplain(_ request: HTTPRequest, transport: HTTPTransport, source: String) async throws -> HTTPResponse {
        do { return try await transport.send(request) } catch {
            throw CredentialsError(source: source, "endpoint unreachable: \(error.localizedDescription)")
        }
    }

    static func decode(_ body: Data, source: String) throws -> AWSCredentials {
        guard let document = try? JSONDecoder().decode(Document.self, from: body) else {
            throw CredentialsError(source: source, "response is not a credentials document")
        }
        if let code = document.Code, code != "Success" {
            throw CredentialsError(source: source, "\(code): \(document.Message ?? "")")
        }
        guard let key = document.AccessKeyId, let secret = document.SecretAccessKey else {
            throw CredentialsError(source: source, "response lacks AccessKeyId/SecretAccessKey")
        }
        var expiration: Date?
        if let text = document.Expiration {
            guard let date = ISO8601.parse(text) else { throw CredentialsError(source: source, "invalid Expiration '\(text)'") }
            expiration = date
        }
        return AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: document.Token, expiration: expiration, source: source)
    }
}

extension URL {
    /// scheme://host[:port] only.
    func deletingQueryAndPath() -> URL {
        guard var components = URLComponents(url: self, resolvingAgainstBaseURL: false) else { return self }
        components.path = ""
        components.query = nil
        components.fragment = nil
        return components.url ?? self
    }

    var percentEncodedPathOrSlash: String {
        let path = URLComponents(url: self, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? ""
        return path.isEmpty ? "/" : path
    }
}
