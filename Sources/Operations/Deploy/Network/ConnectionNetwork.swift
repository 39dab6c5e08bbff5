import AWS
import Foundation

/// The network a Glue connection places its jobs in, as EC2 describes it: the connection's
/// subnet, the route table that subnet uses (its explicit association, else the VPC's main
/// route table: Amazon VPC User Guide, "Subnet route tables",
/// https://docs.aws.amazon.com/vpc/latest/userguide/subnet-route-tables.html), the VPC's
/// endpoints and the connection's security groups. Read with Describe calls only.
public struct ConnectionNetwork: Sendable, Equatable {
    public var connectionName: String
    /// The availability zone the connection names (PhysicalConnectionRequirements).
    public var connectionAvailabilityZone: String?
    public var subnet: EC2Client.Subnet
    /// The route table the subnet uses; nil when EC2 reports none (a VPC always has a main one).
    public var routeTable: EC2Client.RouteTable?
    /// True when `routeTable` is the VPC's main table (the subnet has no explicit association).
    public var routeTableIsMain: Bool
    public var endpoints: [EC2Client.VpcEndpoint]
    public var securityGroups: [EC2Client.SecurityGroup]
    /// Security groups the connection names that EC2 does not know.
    public var missingSecurityGroups: [String]

    public init(connectionName: String, connectionAvailabilityZone: String?, subnet: EC2Client.Subnet,
                routeTable: EC2Client.RouteTable?, routeTableIsMain: Bool, endpoints: [EC2Client.VpcEndpoint],
                securityGroups: [EC2Client.SecurityGroup], missingSecurityGroups: [String] = []) {
        self.connectionName = connectionName; self.connectionAvailabilityZone = connectionAvailabilityZone
        self.subnet = subnet; self.routeTable = routeTable; self.routeTableIsMain = routeTableIsMain
        self.endpoints = endpoints; self.securityGroups = securityGroups; self.missingSecurityGroups = missingSecurityGroups
    }

    /// What loading found: the network, or why there is none to check.
    public enum Loaded: Sendable, Equatable {
        case network(ConnectionNetwork)
        /// The connection has no PhysicalConnectionRequirements (or no subnet): no VPC.
        case noVPC
        /// The subnet the connection names does not exist.
        case subnetMissing(String)
    }

    public static func load(connectionName: String, requirements: GlueClient.PhysicalConnectionRequirements?,
                            ec2: EC2Client) async throws -> Loaded {
        guard let requirements, let subnetId = requirements.SubnetId, !subnetId.isEmpty else { return .noVPC }
        let subnets: [EC2Client.Subnet]
        do { subnets = try await ec2.describeSubnets(ids: [subnetId]) } catch let error as AWSError where error.isNotFound {
            return .subnetMissing(subnetId)
        }
        guard let subnet = subnets.first(where: { $0.subnetId == subnetId }) else { return .subnetMissing(subnetId) }

        var routeTable = try await ec2.describeRouteTables(filters: [.init("association.subnet-id", [subnetId])])
            .first { table in table.associations.contains { $0.subnetId == subnetId } }
        var isMain = false
        if routeTable == nil {
            routeTable = try await ec2.describeRouteTables(filters: [.init("vpc-id", [subnet.vpcId]), .init("association.main", ["true"])])
                .first { table in table.associations.contains(where: \.main) }
            isMain = true
        }
        // Filtered on the server, and again here (an endpoint of another VPC never serves this subnet).
        let endpoints = try await ec2.describeVpcEndpoints(filters: [.init("vpc-id", [subnet.vpcId])]).filter { $0.vpcId == subnet.vpcId }

        let groupIds = requirements.SecurityGroupIdList ?? []
        var groups: [EC2Client.SecurityGroup] = []
        var missing: [String] = []
        if !groupIds.isEmpty {
            do { groups = try await ec2.describeSecurityGroups(ids: groupIds) } catch let error as AWSError where error.isNotFound {
                // One unknown id fails the whole call: look them up one by one to name it.
                for id in groupIds {
                    do { groups += try await ec2.describeSecurityGroups(ids: [id]) } catch let e as AWSError where e.isNotFound { missing.append(id) }
                }
            }
            missing += groupIds.filter { id in !groups.contains { $0.groupId == id } && !missing.contains(id) }
        }
        return .network(ConnectionNetwork(connectionName: connectionName, connectionAvailabilityZone: requirements.AvailabilityZone,
                                          subnet: subnet, routeTable: routeTable, routeTableIsMain: isMain, endpoints: endpoints,
                                          securityGroups: groups, missingSecurityGroups: missing))
    }
}
