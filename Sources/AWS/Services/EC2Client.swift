import Foundation

/// EC2 (the `ec2` flavour of the Query protocol): the read-only Describe calls `deploy` and
/// `plan` use to check the network a Glue connection places its jobs in. Element names are the
/// `locationName`s of botocore's `ec2/2016-11-15` model (`subnetSet/item/subnetId`, ...).
public struct EC2Client: Sendable {
    public let client: AWSClient
    public init(client: AWSClient) { self.client = client }

    /// An EC2 filter (`Filter.N.Name`, `Filter.N.Value.M`).
    public struct Filter: Sendable, Equatable {
        public var name: String
        public var values: [String]
        public init(_ name: String, _ values: [String]) { self.name = name; self.values = values }
    }

    public struct Subnet: Sendable, Equatable {
        public var subnetId: String
        public var vpcId: String
        public var availabilityZone: String?
        public var state: String?
        public var availableIpAddressCount: Int?
        public init(subnetId: String, vpcId: String, availabilityZone: String?, state: String? = nil, availableIpAddressCount: Int? = nil) {
            self.subnetId = subnetId; self.vpcId = vpcId; self.availabilityZone = availabilityZone
            self.state = state; self.availableIpAddressCount = availableIpAddressCount
        }
    }

    public struct RouteTable: Sendable, Equatable {
        public struct Association: Sendable, Equatable {
            public var subnetId: String?
            /// True for the VPC's main route table (it serves every subnet with no explicit association).
            public var main: Bool
            public var state: String?
            public init(subnetId: String?, main: Bool, state: String? = nil) { self.subnetId = subnetId; self.main = main; self.state = state }
        }
        public struct Route: Sendable, Equatable {
            public var destinationCidrBlock: String?
            public var destinationPrefixListId: String?
            public var gatewayId: String?
            public var natGatewayId: String?
            public var transitGatewayId: String?
            public var networkInterfaceId: String?
            public var instanceId: String?
            public var vpcPeeringConnectionId: String?
            /// `active` or `blackhole` (the target is gone).
            public var state: String?
            public init(destinationCidrBlock: String? = nil, destinationPrefixListId: String? = nil, gatewayId: String? = nil,
                        natGatewayId: String? = nil, transitGatewayId: String? = nil, networkInterfaceId: String? = nil,
                        instanceId: String? = nil, vpcPeeringConnectionId: String? = nil, state: String? = "active") {
                self.destinationCidrBlock = destinationCidrBlock; self.destinationPrefixListId = destinationPrefixListId
                self.gatewayId = gatewayId; self.natGatewayId = natGatewayId; self.transitGatewayId = transitGatewayId
                self.networkInterfaceId = networkInterfaceId; self.instanceId = instanceId
                self.vpcPeeringConnectionId = vpcPeeringConnectionId; self.state = state
            }
        }
        public var routeTableId: String
        public var vpcId: String?
        public var associations: [Association]
        public var routes: [Route]
        public init(routeTableId: String, vpcId: String?, associations: [Association], routes: [Route]) {
            self.routeTableId = routeTableId; self.vpcId = vpcId; self.associations = associations; self.routes = routes
        }
    }

    public struct VpcEndpoint: Sendable, Equatable {
        public var vpcEndpointId: String
        /// `Gateway`, `Interface` or `GatewayLoadBalancer`.
        public var vpcEndpointType: String?
        public var vpcId: String?
        public var serviceName: String
        public var state: String?
        public var routeTableIds: [String]
        public var subnetIds: [String]
        public var privateDnsEnabled: Bool
        public init(vpcEndpointId: String, vpcEndpointType: String?, vpcId: String?, serviceName: String, state: String?,
                    routeTableIds: [String] = [], subnetIds: [String] = [], privateDnsEnabled: Bool = false) {
            self.vpcEndpointId = vpcEndpointId; self.vpcEndpointType = vpcEndpointType; self.vpcId = vpcId
            self.serviceName = serviceName; self.state = state; self.routeTableIds = routeTableIds
            self.subnetIds = subnetIds; self.privateDnsEnabled = privateDnsEnabled
        }
    }

    public struct IpPermission: Sendable, Equatable {
        /// `tcp`, `udp`, `icmp`, a protocol number, or `-1` for all traffic.
        public var ipProtocol: String
        public var fromPort: Int?
        public var toPort: Int?
        /// Source (ingress) or destination (egress) security groups.
        public var groupIds: [String]
        public var cidrs: [String]
        public init(ipProtocol: String, fromPort: Int? = nil, toPort: Int? = nil, groupIds: [String] = [], cidrs: [String] = []) {
            self.ipProtocol = ipProtocol; self.fromPort = fromPort; self.toPort = toPort; self.groupIds = groupIds; self.cidrs = cidrs
        }
    }

    public struct SecurityGroup: Sendable, Equatable {
        public var groupId: String
        public var groupName: String?
        public var vpcId: String?
        public var ingress: [IpPermission]
        public var egress: [IpPermission]
        public init(groupId: String, groupName: String? = nil, vpcId: String? = nil, ingress: [IpPermission], egress: [IpPermission]) {
            self.groupId = groupId; self.groupName = groupName; self.vpcId = vpcId; self.ingress = ingress; self.egress = egress
        }
    }

    public func describeSubnets(ids: [String]) async throws -> [Subnet] {
        try await paged("DescribeSubnets", ids: ("SubnetId", ids), filters: [], set: "subnetSet").map { item in
            Subnet(subnetId: item.value("subnetId") ?? "", vpcId: item.value("vpcId") ?? "",
                   availabilityZone: item.value("availabilityZone"), state: item.value("state"),
                   availableIpAddressCount: item.value("availableIpAddressCount").flatMap { Int($0) })
        }
    }

    public func describeRouteTables(filters: [Filter]) async throws -> [RouteTable] {
        try await paged("DescribeRouteTables", ids: nil, filters: filters, set: "routeTableSet").map { item in
            RouteTable(
                routeTableId: item.value("routeTableId") ?? "", vpcId: item.value("vpcId"),
                associations: Self.items(item, "associationSet").map {
                    .init(subnetId: $0.value("subnetId"), main: $0.value("main") == "true", state: $0.value("associationState", "state"))
                },
                routes: Self.items(item, "routeSet").map {
                    .init(destinationCidrBlock: $0.value("destinationCidrBlock"), destinationPrefixListId: $0.value("destinationPrefixListId"),
                          gatewayId: $0.value("gatewayId"), natGatewayId: $0.value("natGatewayId"),
                          transitGatewayId: $0.value("transitGatewayId"), networkInterfaceId: $0.value("networkInterfaceId"),
                          instanceId: $0.value("instanceId"), vpcPeeringConnectionId: $0.value("vpcPeeringConnectionId"),
                          state: $0.value("state"))
                })
        }
    }

    public func describeVpcEndpoints(filters: [Filter]) async throws -> [VpcEndpoint] {
        try await paged("DescribeVpcEndpoints", ids: nil, filters: filters, set: "vpcEndpointSet").map { item in
            VpcEndpoint(vpcEndpointId: item.value("vpcEndpointId") ?? "", vpcEndpointType: item.value("vpcEndpointType"),
                        vpcId: item.value("vpcId"), serviceName: item.value("serviceName") ?? "", state: item.value("state"),
                        routeTableIds: Self.items(item, "routeTableIdSet").map(\.text),
                        subnetIds: Self.items(item, "subnetIdSet").map(\.text),
                        privateDnsEnabled: item.value("privateDnsEnabled") == "true")
        }
    }

    public func describeSecurityGroups(ids: [String]) async throws -> [SecurityGroup] {
        func permissions(_ node: XMLNode, _ set: String) -> [IpPermission] {
            Self.items(node, set).map {
                IpPermission(ipProtocol: $0.value("ipProtocol") ?? "", fromPort: $0.value("fromPort").flatMap { Int($0) },
                             toPort: $0.value("toPort").flatMap { Int($0) },
                             groupIds: Self.items($0, "groups").compactMap { $0.value("groupId") },
                             cidrs: Self.items($0, "ipRanges").compactMap { $0.value("cidrIp") }
                                 + Self.items($0, "ipv6Ranges").compactMap { $0.value("cidrIpv6") })
            }
        }
        return try await paged("DescribeSecurityGroups", ids: ("GroupId", ids), filters: [], set: "securityGroupInfo").map { item in
            SecurityGroup(groupId: item.value("groupId") ?? "", groupName: item.value("groupName"), vpcId: item.value("vpcId"),
                          ingress: permissions(item, "ipPermissions"), egress: permissions(item, "ipPermissionsEgress"))
        }
    }

    /// Calls a Describe action, following `nextToken`, and returns the `<set><item>` elements of every page.
    func paged(_ action: String, ids: (name: String, values: [String])?, filters: [Filter], set: String,
               maxPages: Int = 100) async throws -> [XMLNode] {
        var items: [XMLNode] = []
        var token: String?
        for _ in 0..<maxPages {
            var parameters: [(name: String, value: String)] = []
            if let ids { parameters.appendEC2List(ids.name, ids.values) }
            for (index, filter) in filters.enumerated() {
                parameters.append(("Filter.\(index + 1).Name", filter.name))
                parameters.appendEC2List("Filter.\(index + 1).Value", filter.values)
            }
            if let token { parameters.append(("NextToken", token)) }
            let root = try await client.queryCall(.ec2, action, parameters)
            items += Self.items(root, set)
            guard let next = root.value("nextToken"), !next.isEmpty else { return items }
            token = next
        }
        throw AWSClientError("EC2.\(action): more than \(maxPages) pages")
    }

    static func items(_ node: XMLNode, _ set: String) -> [XMLNode] { node.child(set)?.all("item") ?? [] }
}
