import Foundation

/// IAM (Query protocol): the Glue job role and its inline policy.
public struct IAMClient: Sendable {
    public let client: AWSClient
    public init(client: AWSClient) { self.client = client }

    public struct Role: Sendable, Equatable {
        public var roleName: String
        public var arn: String
        public var roleId: String
        /// The trust policy document, URL-decoded JSON text.
        public var assumeRolePolicyDocument: String?
        /// The role's tags as GetRole returns them.
        public var tags: [String: String] = [:]
    }

    public func getRole(_ roleName: String) async throws -> Role {
        try Self.role(try await client.queryCall(.iam, "GetRole", [("RoleName", roleName)]))
    }

    public func createRole(_ roleName: String, assumeRolePolicyDocument: String, description: String? = nil,
                           tags: [String: String] = [:]) async throws -> Role {
        var parameters: [(name: String, value: String)] = [("RoleName", roleName), ("AssumeRolePolicyDocument", assumeRolePolicyDocument)]
        if let description { parameters.append(("Description", description)) }
        for (index, tag) in tags.sorted(by: { $0.key < $1.key }).enumerated() {
            parameters.append(("Tags.member.\(index + 1).Key", tag.key))
            parameters.append(("Tags.member.\(index + 1).Value", tag.value))
        }
        return try Self.role(try await client.queryCall(.iam, "CreateRole", parameters))
    }

    public func updateAssumeRolePolicy(_ roleName: String, policyDocument: String) async throws {
        _ = try await client.queryCall(.iam, "UpdateAssumeRolePolicy", [("RoleName", roleName), ("PolicyDocument", policyDocument)])
    }

    /// The inline policy's document (URL-decoded JSON text).
    public func getRolePolicy(_ roleName: String, policyName: String) async throws -> String {
        let result = try await client.queryCall(.iam, "GetRolePolicy", [("RoleName", roleName), ("PolicyName", policyName)])
        return PercentEncoding.decode(result.value("PolicyDocument") ?? "")
    }

    public func putRolePolicy(_ roleName: String, policyName: String, policyDocument: String) async throws {
        _ = try await client.queryCall(.iam, "PutRolePolicy", [("RoleName", roleName), ("PolicyName", policyName), ("PolicyDocument", policyDocument)])
    }

    public func deleteRolePolicy(_ roleName: String, policyName: String) async throws {
        _ = try await client.queryCall(.iam, "DeleteRolePolicy", [("RoleName", roleName), ("PolicyName", policyName)])
    }

    public func tagRole(_ roleName: String, tags: [String: String]) async throws {
        var parameters: [(name: String, value: String)] = [("RoleName", roleName)]
        for (index, tag) in tags.sorted(by: { $0.key < $1.key }).enumerated() {
            parameters.append(("Tags.member.\(index + 1).Key", tag.key))
            parameters.append(("Tags.member.\(index + 1).Value", tag.value))
        }
        _ = try await client.queryCall(.iam, "TagRole", parameters)
    }

    /// DeleteRole. IAM refuses (`DeleteConflict`, 409) while the role has inline or attached
    /// policies or is in an instance profile ("Deleting roles or instance profiles", IAM User
    /// Guide: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage_delete.html).
    public func deleteRole(_ roleName: String) async throws {
        _ = try await client.queryCall(.iam, "DeleteRole", [("RoleName", roleName)])
    }

    /// ListRolePolicies: the names of the role's inline policies, every page.
    public func listRolePolicies(_ roleName: String) async throws -> [String] {
        try await allPages("ListRolePolicies", roleName) { result in
            result.child("PolicyNames")?.all("member").map(\.text) ?? []
        }
    }

    /// ListAttachedRolePolicies: the managed policies attached to the role (name, ARN), every page.
    public func listAttachedRolePolicies(_ roleName: String) async throws -> [(name: String, arn: String)] {
        try await allPages("ListAttachedRolePolicies", roleName) { result in
            result.child("AttachedPolicies")?.all("member").map { ($0.value("PolicyName") ?? "", $0.value("PolicyArn") ?? "") } ?? []
        }
    }

    /// ListInstanceProfilesForRole: the names of the instance profiles holding the role, every page.
    public func listInstanceProfilesForRole(_ roleName: String) async throws -> [String] {
        try await allPages("ListInstanceProfilesForRole", roleName) { result in
            result.child("InstanceProfiles")?.all("member").compactMap { $0.value("InstanceProfileName") } ?? []
        }
    }

    /// Follows IAM's `IsTruncated`/`Marker` pagination of a per-role list (bounded at 1000 pages).
    private func allPages<T>(_ action: String, _ roleName: String, _ read: (XMLNode) -> [T]) async throws -> [T] {
        var out: [T] = []
        var marker: String?
        for _ in 0..<1000 {
            var parameters: [(name: String, value: String)] = [("RoleName", roleName)]
            if let marker { parameters.append(("Marker", marker)) }
            let result = try await client.queryCall(.iam, action, parameters)
            out += read(result)
            guard result.value("IsTruncated") == "true", let next = result.value("Marker"), !next.isEmpty else { return out }
            marker = next
        }
        throw AWSClientError("IAM.\(action): more than 1000 pages for role \(roleName)")
    }

    static func role(_ result: XMLNode) throws -> Role {
        guard let node = result.child("Role"), let name = node.value("RoleName"), let arn = node.value("Arn") else {
            throw AWSClientError("IAM answer lacks Role")
        }
        var tags: [String: String] = [:]
        for member in node.child("Tags")?.all("member") ?? [] {
            if let key = member.value("Key") { tags[key] = member.value("Value") ?? "" }
        }
        return Role(roleName: name, arn: arn, roleId: node.value("RoleId") ?? "",
                    assumeRolePolicyDocument: node.value("AssumeRolePolicyDocument").map(PercentEncoding.decode), tags: tags)
    }
}
