import AWS
import Backends
import Foundation

/// The checks `deploy` runs before writing anything, in deploy's order (docs/DEPLOY.md).
/// Each fails fast with a `DeployFailure` naming what to fix (exit 1 when the target is wrong,
/// 3 when AWS cannot be reached or rejects the credentials).
public struct Preconditions {
    public let manifest: Manifest
    public let services: AWSServices

    public init(manifest: Manifest, services: AWSServices) {
        self.manifest = manifest
        self.services = services
    }

    /// What `verify` found: who is calling, and the notes and warnings of the checks that passed.
    public struct Outcome: Sendable {
        public var identity: STSClient.CallerIdentity
        public var report: CheckReport
    }

    /// Credentials, region, tables, connection, its network and secret, the bucket; PITR too
    /// when `requirePointInTimeRecovery`. Every problem of one check is listed, then it stops.
    @discardableResult
    public func verify(requirePointInTimeRecovery: Bool) async throws -> Outcome {
        let identity = try await verifyAccount()
        let connection = try await verifyGlueConnectionExists()
        try verifyRegions(connection: connection)
        try await verifyTables()
        let report = try await environmentChecks(connection: connection)
        if !report.problems.isEmpty { throw DeployFailure(.targetWrong, report.problems) }
        if requirePointInTimeRecovery { try await verifyPointInTimeRecovery() }
        return Outcome(identity: identity, report: report)
    }

    /// The checks `plan` shows too (read-only): the connection's network and secret, and the
    /// artifacts bucket's region. A missing connection is a problem here, not a failure.
    public func planChecks() async throws -> CheckReport {
        let connection: GlueClient.Connection
        do { connection = try await verifyGlueConnectionExists() } catch let failure as DeployFailure where failure.kind == .targetWrong {
            return CheckReport(problems: failure.problems)
        }
        return try await environmentChecks(connection: connection)
    }

    /// Network (subnet routes to DynamoDB and S3, security group rules), connection secret vs
    /// the config, bucket region.
    public func environmentChecks(connection: GlueClient.Connection) async throws -> CheckReport {
        var report = try await verifyNetwork(connection: connection)
        report.merge(ConnectionSecret.check(connection: connection, name: manifest.glueConnection, configured: manifest.glueConnectionSecretArn))
        let location = try await ArtifactsBucket.locate(manifest.s3.bucket, s3: services.s3)
        report.merge(ArtifactsBucket.check(location, bucket: manifest.s3.bucket, region: manifest.region))
        return report
    }

    /// Where the jobs' network interfaces go (the connection's subnet) and whether that subnet
    /// reaches DynamoDB and S3 and has Glue's security group rules (`NetworkReachability`).
    public func verifyNetwork(connection: GlueClient.Connection) async throws -> CheckReport {
        let name = manifest.glueConnection
        let loaded: ConnectionNetwork.Loaded
        do {
            loaded = try await ConnectionNetwork.load(connectionName: name, requirements: connection.PhysicalConnectionRequirements,
                                                      ec2: services.ec2)
        } catch {
            throw DeployFailure.from(error, while: "describing the network of Glue connection \(name) (EC2 DescribeSubnets/DescribeRouteTables/DescribeVpcEndpoints/DescribeSecurityGroups)")
        }
        switch loaded {
        case .noVPC:
            return CheckReport(notes: ["Glue connection '\(name)' has no VPC settings (no PhysicalConnectionRequirements subnet): the jobs run outside any VPC, so there are no endpoints or security groups to check"])
        case .subnetMissing(let id):
            return CheckReport(problems: ["subnet \(id) of Glue connection '\(name)' does not exist in \(manifest.region): fix the connection's subnet (aws glue update-connection) to one in the VPC of the MySQL source"])
        case .network(let network):
            return NetworkReachability.evaluate(network, region: manifest.region)
        }
    }

    /// STS GetCallerIdentity: rejected credentials → unreachable (3); another account → wrong (1).
    public func verifyAccount() async throws -> STSClient.CallerIdentity {
        let identity: STSClient.CallerIdentity
        do { identity = try await services.sts.getCallerIdentity() } catch let error as AWSError {
            throw DeployFailure.from(error, while: "checking the credentials (STS GetCallerIdentity)")
        } catch let error as AWSTransportError {
            throw DeployFailure.from(error, while: "checking the credentials (STS GetCallerIdentity)")
        } catch {
            throw DeployFailure.unreachable("no usable AWS credentials: \(error); \(CredentialProblem.hint)")
        }
        guard identity.account == manifest.accountId else {
            throw DeployFailure.targetWrong("wrong AWS account: the credentials (\(identity.arn)) are for account \(identity.account), the config and directory target account \(manifest.accountId); use a profile for \(manifest.accountId) or fix account_id in the config and regenerate")
        }
        return identity
    }

    public func verifyGlueConnectionExists() async throws -> GlueClient.Connection {
        do { return try await services.glue.getConnection(manifest.glueConnection) } catch let error as AWSError where error.isNotFound {
            throw DeployFailure.targetWrong("Glue connection '\(manifest.glueConnection)' does not exist in \(manifest.region) (account \(manifest.accountId)): create it (JDBC URL, user and password of the MySQL source) or fix glue.connection_name in the config")
        } catch {
            throw DeployFailure.from(error, while: "reading Glue connection \(manifest.glueConnection)")
        }
    }

    /// The config's region, every table ARN's and the connection's (RDS host, availability zone) agree.
    public func verifyRegions(connection: GlueClient.Connection) throws {
        var problems: [String] = []
        let region = manifest.region
        for table in manifest.tables {
            if let why = RegionCheck.disagreement(arn: table.arn, region: region) {
                problems.append("region mismatch: the config's region is \(region), table \(table.name)'s ARN (\(table.arn)) \(why)")
            }
        }
        if let url = connection.ConnectionProperties?["JDBC_CONNECTION_URL"], let r = RegionCheck.region(fromJDBCURL: url), r != region {
            problems.append("region mismatch: the config's region is \(region), Glue connection '\(manifest.glueConnection)' points at an RDS host in \(r) (\(url)); use a connection in \(region) or migrate from a replica there")
        }
        if let zone = connection.PhysicalConnectionRequirements?.AvailabilityZone, let r = RegionCheck.region(fromAvailabilityZone: zone), r != region {
            problems.append("region mismatch: the config's region is \(region), Glue connection '\(manifest.glueConnection)' is placed in availability zone \(zone) (\(r))")
        }
        if !problems.isEmpty { throw DeployFailure(.targetWrong, problems) }
    }

    /// Every target table exists, is ACTIVE and has the contract's keys, types and GSIs.
    public func verifyTables() async throws {
        var problems: [String] = []
        for table in manifest.tables {
            let description: DynamoDBClient.TableDescription
            do { description = try await services.dynamoDB.describeTable(table.name) } catch let error as AWSError where error.isNotFound {
                problems.append("DynamoDB table \(table.name) does not exist in \(manifest.region): create it with the keys and GSIs of the contract (docs/runbook.md in the directory)")
                continue
            } catch {
                throw DeployFailure.from(error, while: "describing DynamoDB table \(table.name)")
            }
            if let status = description.TableStatus, status != "ACTIVE" {
                problems.append("DynamoDB table \(table.name) is \(status), not ACTIVE: wait until it is")
            }
            problems += TableShape.differences(expected: table, actual: description).map { "DynamoDB table \(table.name): \($0)" }
        }
        if !problems.isEmpty { throw DeployFailure(.targetWrong, problems) }
    }

    /// Point-in-time recovery on every target table: the way back if a run writes wrong items.
    public func verifyPointInTimeRecovery() async throws {
        var off: [String] = []
        for table in manifest.tables {
            do {
                let backups = try await services.dynamoDB.describeContinuousBackups(table.name)
                if backups.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus != "ENABLED" { off.append(table.name) }
            } catch {
                throw DeployFailure.from(error, while: "reading point-in-time recovery of \(table.name)")
            }
        }
        if !off.isEmpty {
            throw DeployFailure.targetWrong("point-in-time recovery is off on \(off.joined(separator: ", ")): enable it (aws dynamodb update-continuous-backups --table-name NAME --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true) before --run, or pass --allow-no-pitr to run without a way back")
        }
    }
}
