import Foundation

/// STS (Query protocol): who am I, and temporary credentials for a role.
public struct STSClient: Sendable {
    public let client: AWSClient
    public init(client: AWSClient) { self.client = client }

    public struct CallerIdentity: Sendable, Equatable {
        public var account: String
        public var arn: String
        public var userId: String
    }

    public func getCallerIdentity() async throws -> CallerIdentity {
        let result = try await client.queryCall(.sts, "GetCallerIdentity", [])
        return CallerIdentity(account: result.value("Account") ?? "", arn: result.value("Arn") ?? "", userId: result.value("UserId") ?? "")
    }

    /// AssumeRole, signed with the client's credentials.
    public func assumeRole(roleArn: String, sessionName: String, externalId: String? = nil,
                           durationSeconds: Int? = nil) async throws -> AWSCredentials {
        var parameters: [(name: String, value: String)] = [("RoleArn", roleArn), ("RoleSessionName", sessionName)]
        if let externalId { parameters.append(("ExternalId", externalId)) }
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        return try Self.credentials(from: try await client.queryCall(.sts, "AssumeRole", parameters), source: "assume-role")
    }

    /// AssumeRoleWithWebIdentity: needs no credentials (use a client with `credentials: nil`).
    public func assumeRoleWithWebIdentity(roleArn: String, sessionName: String, webIdentityToken: String,
                                          durationSeconds: Int? = nil) async throws -> AWSCredentials {
        var parameters: [(name: String, value: String)] = [
            ("RoleArn", roleArn), ("RoleSessionName", sessionName), ("WebIdentityToken", webIdentityToken),
        ]
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        return try Self.credentials(from: try await client.queryCall(.sts, "AssumeRoleWithWebIdentity", parameters),
                                    source: "assume-role-with-web-identity")
    }

    static func credentials(from result: XMLNode, source: String) throws -> AWSCredentials {
        guard let node = result.child("Credentials"), let key = node.value("AccessKeyId"), let secret = node.value("SecretAccessKey") else {
            throw AWSClientError("STS answer lacks Credentials")
        }
        return AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: node.value("SessionToken"),
                              expiration: node.value("Expiration").flatMap(ISO8601.parse), source: source)
    }
}
