import AWS
import Backends
import Foundation

/// Decides, from what EC2 reports, whether a Glue job in the connection's subnet can do its
/// work: reach DynamoDB and S3, and talk to its own workers. Pure: `ConnectionNetwork.load`
/// gathers the facts, this judges them, so every rule is unit-tested without AWS.
///
/// The rules, from the AWS Glue Developer Guide:
/// - "Setting up network access to data stores" (https://docs.aws.amazon.com/glue/latest/dg/start-connecting.html):
///   the job's network interfaces get private IP addresses only ("No public IP addresses are
///   assigned"); "To access Amazon S3 from within your VPC, a VPC endpoint is required"; reaching
///   the public internet takes a NAT gateway. So an internet gateway route alone reaches nothing:
///   to use an internet gateway a resource needs a public IPv4 (or an IPv6) address (Amazon VPC
///   User Guide, "Enable internet access for a VPC using an internet gateway",
///   https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html; AWS re:Post
///   knowledge center "glue-test-connection-failed": Glue "can't use the public internet", the
///   route table "must have a route to a NAT gateway in a public subnet").
/// - "Troubleshooting Glue common setup errors" (https://docs.aws.amazon.com/glue/latest/dg/glue-troubleshooting-errors.html):
///   "Could not find S3 endpoint or NAT gateway for subnetId", "Inbound rule in security group
///   required", "Outbound rule in security group required": one of the connection's security
///   groups must allow all inbound TCP from itself, and one must allow outbound traffic.
public enum NetworkReachability {
    /// How the subnet reaches one AWS service.
    public enum Path: Equatable, Sendable {
        case gatewayEndpoint(String)
        case interfaceEndpoint(String)
        case natGateway(String)
        /// A default route to something EC2 cannot tell us more about (transit gateway, NAT
        /// instance, peering): it may well reach the internet; we cannot verify it from here.
        case unverified(String)
        case none
    }

    /// The two services a migration job calls from the subnet, with the names used in messages.
    public static let services: [(id: String, name: String)] = [("dynamodb", "DynamoDB"), ("s3", "S3")]

    public static func evaluate(_ network: ConnectionNetwork, region: String) -> CheckReport {
        var report = CheckReport()
        let n = network
        let subnet = n.subnet
        let where_ = "subnet \(subnet.subnetId) (\(subnet.vpcId)) of Glue connection '\(n.connectionName)'"
        if let zone = n.connectionAvailabilityZone, let subnetZone = subnet.availabilityZone, zone != subnetZone {
            report.problems.append("Glue connection '\(n.connectionName)' names availability zone \(zone), but its subnet \(subnet.subnetId) is in \(subnetZone): set the connection's availability zone to \(subnetZone) (aws glue update-connection), since Glue places the job's network interfaces in that subnet")
        }
        guard let table = n.routeTable else {
            report.problems.append("\(where_): EC2 reports no route table for it (neither an explicit association nor a main route table of \(subnet.vpcId)); associate one: aws ec2 associate-route-table --region \(region) --subnet-id \(subnet.subnetId) --route-table-id ROUTE_TABLE_ID")
            return report
        }
        let tableName = "\(table.routeTableId)\(n.routeTableIsMain ? " (the VPC's main route table)" : "")"
        for service in services {
            let path = self.path(to: service.id, region: region, network: n, table: table)
            switch path {
            case .gatewayEndpoint(let id):
                report.notes.append("\(service.name) from \(subnet.subnetId): gateway endpoint \(id) on route table \(tableName)")
            case .interfaceEndpoint(let id):
                report.notes.append("\(service.name) from \(subnet.subnetId): interface endpoint \(id) with private DNS in \(subnet.vpcId)")
            case .natGateway(let id):
                report.notes.append("\(service.name) from \(subnet.subnetId): NAT gateway \(id) (0.0.0.0/0 on route table \(tableName)); a gateway endpoint would carry it at no charge (Amazon VPC, \"Gateway endpoints\")")
            case .unverified(let target):
                report.warnings.append("\(service.name) from \(subnet.subnetId): route table \(tableName) sends 0.0.0.0/0 to \(target), which this check cannot follow; make sure it reaches \(service.name), or add a gateway endpoint: \(NetworkCommands.createGatewayEndpoint(service: service.id, region: region, vpcId: subnet.vpcId, routeTableId: table.routeTableId))")
            case .none:
                report.problems.append(unreachable(service, region: region, network: n, table: table, tableName: tableName, where_: where_))
            }
        }
        report.merge(securityGroups(n, region: region))
        return report
    }

    /// The first way the subnet reaches `service`: a gateway endpoint on its route table, an
    /// interface endpoint with private DNS, then the default route.
    public static func path(to service: String, region: String, network n: ConnectionNetwork, table: EC2Client.RouteTable) -> Path {
        let matching = n.endpoints.filter { isAvailable($0.state) && serves($0, service, region: region) }
        if let gateway = matching.first(where: { $0.vpcEndpointType?.lowercased() == "gateway" && $0.routeTableIds.contains(table.routeTableId) }) {
            return .gatewayEndpoint(gateway.vpcEndpointId)
        }
        // Without private DNS the job's SDK resolves the public name (dynamodb.REGION.amazonaws.com)
        // and never uses the endpoint (AWS PrivateLink Guide, "Access an AWS service using an
        // interface VPC endpoint", DNS hostnames; https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html).
        if let interface = matching.first(where: { $0.vpcEndpointType?.lowercased() == "interface" && $0.privateDnsEnabled }) {
            return .interfaceEndpoint(interface.vpcEndpointId)
        }
        guard let route = defaultRoute(table) else { return .none }
        if let nat = route.natGatewayId { return .natGateway(nat) }
        if let target = route.transitGatewayId ?? route.networkInterfaceId ?? route.instanceId ?? route.vpcPeeringConnectionId {
            return .unverified(target)
        }
        return .none  // an internet gateway (or nothing usable): see unreachable(...)
    }

    /// The active IPv4 default route of a table, if any.
    static func defaultRoute(_ table: EC2Client.RouteTable) -> EC2Client.RouteTable.Route? {
        table.routes.first { $0.destinationCidrBlock == "0.0.0.0/0" && ($0.state ?? "active") == "active" }
    }

    static func serves(_ endpoint: EC2Client.VpcEndpoint, _ service: String, region: String) -> Bool {
        // `com.amazonaws.REGION.SERVICE`; China regions may prefix `cn.`.
        endpoint.serviceName == NetworkCommands.serviceName(service, region: region) || endpoint.serviceName.hasSuffix(".\(region).\(service)")
    }

    static func isAvailable(_ state: String?) -> Bool { (state ?? "available").lowercased() == "available" }

    static func unreachable(_ service: (id: String, name: String), region: String, network n: ConnectionNetwork,
                            table: EC2Client.RouteTable, tableName: String, where_: String) -> String {
        let subnet = n.subnet
        var why = ["route table \(tableName) has no gateway endpoint for \(NetworkCommands.serviceName(service.id, region: region)) and no 0.0.0.0/0 route to a NAT gateway"]
        if let route = table.routes.first(where: { $0.destinationCidrBlock == "0.0.0.0/0" }) {
            if route.state == "blackhole" {
                why.append("its 0.0.0.0/0 route is a blackhole (its target \(route.natGatewayId ?? route.gatewayId ?? "") is gone)")
            } else if let gateway = route.gatewayId, gateway.hasPrefix("igw-") {
                why.append("its 0.0.0.0/0 route goes to internet gateway \(gateway), which a Glue job cannot use: Glue's network interfaces get private IP addresses only, and an internet gateway only carries traffic of interfaces with a public IP")
            }
        }
        let matching = n.endpoints.filter { serves($0, service.id, region: region) }
        if let other = matching.first(where: { $0.vpcEndpointType?.lowercased() == "gateway" && isAvailable($0.state) }) {
            why.append("gateway endpoint \(other.vpcEndpointId) exists in \(subnet.vpcId) but is not associated with \(table.routeTableId)")
            return "\(where_) cannot reach \(service.name): \(why.joined(separator: "; ")). Associate it: \(NetworkCommands.addRouteTable(endpointId: other.vpcEndpointId, routeTableId: table.routeTableId, region: region))"
        }
        for e in matching where e.vpcEndpointType?.lowercased() == "interface" && !e.privateDnsEnabled {
            why.append("interface endpoint \(e.vpcEndpointId) has private DNS off, so the job's default endpoint \(service.id).\(region).amazonaws.com does not resolve to it")
        }
        for e in matching where !isAvailable(e.state) {
            why.append("endpoint \(e.vpcEndpointId) is \(e.state ?? "?"), not available")
        }
        return "\(where_) cannot reach \(service.name): \(why.joined(separator: "; ")). Create a gateway endpoint on its route table: \(NetworkCommands.createGatewayEndpoint(service: service.id, region: region, vpcId: subnet.vpcId, routeTableId: table.routeTableId))"
    }

    // MARK: security groups

    static func securityGroups(_ n: ConnectionNetwork, region: String) -> CheckReport {
        var report = CheckReport()
        for id in n.missingSecurityGroups {
            report.problems.append("security group \(id) of Glue connection '\(n.connectionName)' does not exist in \(region): fix the connection's security groups (aws glue update-connection)")
        }
        for g in n.securityGroups where g.vpcId != nil && g.vpcId != n.subnet.vpcId {
            report.problems.append("security group \(g.groupId) of Glue connection '\(n.connectionName)' is in \(g.vpcId ?? "?"), its subnet \(n.subnet.subnetId) in \(n.subnet.vpcId): use security groups of \(n.subnet.vpcId)")
        }
        let groups = n.securityGroups
        guard !groups.isEmpty || !n.missingSecurityGroups.isEmpty else {
            report.problems.append("Glue connection '\(n.connectionName)' names no security group: add one of \(n.subnet.vpcId) with a self-referencing inbound rule for all TCP ports")
            return report
        }
        guard let first = groups.first else { return report }
        let names = groups.map(\.groupId).joined(separator: ", ")
        if let g = groups.first(where: hasSelfReferencingIngress) {
            report.notes.append("security group \(g.groupId) of Glue connection '\(n.connectionName)' allows all TCP from itself (Glue's self-referencing inbound rule)")
        } else {
            report.problems.append("none of the security groups of Glue connection '\(n.connectionName)' (\(names)) has the self-referencing inbound rule Glue requires (all TCP ports, source: the group itself; AWS Glue docs, \"Setting up network access to data stores\"). Add it: \(NetworkCommands.selfReferencingIngress(groupId: first.groupId, region: region))")
        }
        if !groups.contains(where: allowsOutbound) {
            report.problems.append("none of the security groups of Glue connection '\(n.connectionName)' (\(names)) allows outbound traffic (all ports to 0.0.0.0/0, or all TCP to the group itself), which Glue requires. Add it: \(NetworkCommands.openEgress(groupId: first.groupId, region: region))")
        }
        return report
    }

    /// All traffic (`-1`), or TCP over every port, from the group itself.
    public static func hasSelfReferencingIngress(_ g: EC2Client.SecurityGroup) -> Bool {
        g.ingress.contains { coversAllTCP($0) && $0.groupIds.contains(g.groupId) }
    }

    /// An outbound rule over all TCP ports to anywhere or to the group itself.
    public static func allowsOutbound(_ g: EC2Client.SecurityGroup) -> Bool {
        g.egress.contains { coversAllTCP($0) && ($0.cidrs.contains("0.0.0.0/0") || $0.groupIds.contains(g.groupId)) }
    }

    static func coversAllTCP(_ p: EC2Client.IpPermission) -> Bool {
        if p.ipProtocol == "-1" { return true }
        guard p.ipProtocol.lowercased() == "tcp" || p.ipProtocol == "6" else { return false }
        return (p.fromPort ?? 0) <= 0 && (p.toPort ?? 65535) >= 65535
    }
}
