import AWS
import Foundation
import MySQL

/// Executes a `CleanupPlan` that was not refused, in its order: Glue jobs (DeleteJob), then S3
/// objects (DeleteObjects: scripts, and the prefixes' objects with --all), then the role's inline
/// policy (DeleteRolePolicy) and the role (DeleteRole, which IAM refuses while a policy is
/// attached), then the views (DROP VIEW, in the plan's order). Only `delete` actions get a call,
/// so a second cleanup — everything absent — changes nothing. Stops at the first failure with
/// the resource named.
public struct CleanupExecutor {
    public let services: AWSServices
    public let mysql: MySQLConnection?

    public init(services: AWSServices, mysql: MySQLConnection?) {
        self.services = services
        self.mysql = mysql
    }

    public func execute(_ plan: CleanupPlan, log: (String) -> Void) async throws {
        guard !plan.refused else { throw DeployFailure(.targetWrong, plan.refusal) }
        for action in plan.deletions {
            do {
                switch action.resource {
                case .glueJob(let name):
                    try await services.glue.deleteJob(name)
                case .script(let bucket, let key):
                    try await deleteObjects(bucket: bucket, keys: [key])
                case .prefix(let bucket, _, _, let keys):
                    try await deleteObjects(bucket: bucket, keys: keys)
                case .rolePolicy(let role, let policy):
                    try await services.iam.deleteRolePolicy(role, policyName: policy)
                case .role(let name):
                    try await services.iam.deleteRole(name)
                case .view(let view):
                    guard let mysql else { continue }
                    do { try ViewDropper.drop([view], on: mysql) } catch let error as MySQLError {
                        throw DeployFailure(error.isUnreachable ? .unreachable : .targetWrong, ["dropping view \(view): \(error)"])
                    }
                case .dynamoDBTable, .bucket:
                    continue  // never deleted; the planner only ever keeps them
                }
            } catch {
                throw DeployFailure.from(error, while: "deleting \(action.label)")
            }
            log("deleted \(action.label)")
        }
    }

    func deleteObjects(bucket: String, keys: [String]) async throws {
        let errors = try await services.s3.deleteObjects(bucket: bucket, keys: keys)
        if !errors.isEmpty {
            throw DeployFailure(.unreachable, errors.map { "s3://\(bucket)/\($0.key): \($0.code): \($0.message)" })
        }
    }
}
