import AWS
import Foundation
import Operations
import XCTest

/// The network rules on hand-built EC2 facts: every way the subnet may or may not reach
/// DynamoDB and S3, and Glue's security group rules.
final class NetworkReachabilityTests: XCTestCase {
    let region = "us-east-1"
    let subnet = EC2Client.Subnet(subnetId: "subnet-1", vpcId: "vpc-1", availabilityZone: "us-east-1a", state: "available", availableIpAddressCount: 200)
    let selfRule = EC2Client.IpPermission(ipProtocol: "tcp", fromPort: 0, toPort: 65535, groupIds: ["sg-1"])
    let openEgress = EC2Client.IpPermission(ipProtocol: "-1", cidrs: ["0.0.0.0/0"])

    func table(routes: [EC2Client.RouteTable.Route] = []) -> EC2Client.RouteTable {
        EC2Client.RouteTable(routeTableId: "rtb-1", vpcId: "vpc-1", associations: [.init(subnetId: "subnet-1", main: false, state: "associated")],
                             routes: [.init(destinationCidrBlock: "10.0.0.0/16", gatewayId: "local")] + routes)
    }

    func gateway(_ service: String, id: String, tables: [String] = ["rtb-1"], state: String = "available") -> EC2Client.VpcEndpoint {
        EC2Client.VpcEndpoint(vpcEndpointId: id, vpcEndpointType: "Gateway", vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.\(service)",
                              state: state, routeTableIds: tables)
    }

    func network(table: EC2Client.RouteTable?, endpoints: [EC2Client.VpcEndpoint],
                 groups: [EC2Client.SecurityGroup]? = nil, zone: String? = "us-east-1a", main: Bool = false) -> ConnectionNetwork {
        ConnectionNetwork(connectionName: "src", connectionAvailabilityZone: zone, subnet: subnet, routeTable: table, routeTableIsMain: main,
                          endpoints: endpoints,
                          securityGroups: groups ?? [EC2Client.SecurityGroup(groupId: "sg-1", vpcId: "vpc-1", ingress: [selfRule], egress: [openEgress])])
    }

    func testGatewayEndpointsOnTheSubnetsRouteTableReachBothServices() {
        let report = NetworkReachability.evaluate(network(table: table(), endpoints: [gateway("dynamodb", id: "vpce-d"), gateway("s3", id: "vpce-s")]), region: region)
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.warnings, [])
        XCTAssertEqual(report.notes, [
            "DynamoDB from subnet-1: gateway endpoint vpce-d on route table rtb-1",
            "S3 from subnet-1: gateway endpoint vpce-s on route table rtb-1",
            "security group sg-1 of Glue connection 'src' allows all TCP from itself (Glue's self-referencing inbound rule)",
        ])
    }

    func testNothingButAnInternetGatewayExplainsWhyAndGivesTheCommand() {
        let report = NetworkReachability.evaluate(network(table: table(routes: [.init(destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-1")]),
                                                          endpoints: [gateway("s3", id: "vpce-s")]), region: region)
        XCTAssertEqual(report.problems.count, 1)
        let p = report.problems[0]
        XCTAssertTrue(p.hasPrefix("subnet subnet-1 (vpc-1) of Glue connection 'src' cannot reach DynamoDB: route table rtb-1 has no gateway endpoint for com.amazonaws.us-east-1.dynamodb and no 0.0.0.0/0 route to a NAT gateway"), p)
        XCTAssertTrue(p.contains("internet gateway igw-1, which a Glue job cannot use: Glue's network interfaces get private IP addresses only"), p)
        XCTAssertTrue(p.hasSuffix("Create a gateway endpoint on its route table: aws ec2 create-vpc-endpoint --region us-east-1 --vpc-id vpc-1 --vpc-endpoint-type Gateway --service-name com.amazonaws.us-east-1.dynamodb --route-table-ids rtb-1"), p)
    }

    func testNATGatewayReachesEverything() {
        let report = NetworkReachability.evaluate(network(table: table(routes: [.init(destinationCidrBlock: "0.0.0.0/0", natGatewayId: "nat-1")]),
                                                          endpoints: []), region: region)
        XCTAssertEqual(report.problems, [])
        XCTAssertTrue(report.notes[0].hasPrefix("DynamoDB from subnet-1: NAT gateway nat-1"), report.notes[0])
    }

    func testBlackholeNATRouteDoesNotCount() {
        let t = table(routes: [.init(destinationCidrBlock: "0.0.0.0/0", natGatewayId: "nat-gone", state: "blackhole")])
        let report = NetworkReachability.evaluate(network(table: t, endpoints: [gateway("s3", id: "vpce-s")]), region: region)
        XCTAssertEqual(report.problems.count, 1)
        XCTAssertTrue(report.problems[0].contains("its 0.0.0.0/0 route is a blackhole (its target nat-gone is gone)"), report.problems[0])
    }

    func testTransitGatewayDefaultRouteIsAWarningNotARefusal() {
        let t = table(routes: [.init(destinationCidrBlock: "0.0.0.0/0", transitGatewayId: "tgw-1")])
        let report = NetworkReachability.evaluate(network(table: t, endpoints: [gateway("s3", id: "vpce-s")]), region: region)
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.warnings.count, 1)
        XCTAssertTrue(report.warnings[0].contains("sends 0.0.0.0/0 to tgw-1, which this check cannot follow"), report.warnings[0])
    }

    func testInterfaceEndpointCountsOnlyWithPrivateDNS() {
        func interface(dns: Bool) -> EC2Client.VpcEndpoint {
            EC2Client.VpcEndpoint(vpcEndpointId: "vpce-i", vpcEndpointType: "Interface", vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.dynamodb",
                                  state: "available", subnetIds: ["subnet-1"], privateDnsEnabled: dns)
        }
        let with = NetworkReachability.evaluate(network(table: table(), endpoints: [interface(dns: true), gateway("s3", id: "vpce-s")]), region: region)
        XCTAssertEqual(with.problems, [])
        XCTAssertEqual(with.notes[0], "DynamoDB from subnet-1: interface endpoint vpce-i with private DNS in vpc-1")
        let without = NetworkReachability.evaluate(network(table: table(), endpoints: [interface(dns: false), gateway("s3", id: "vpce-s")]), region: region)
        XCTAssertEqual(without.problems.count, 1)
        XCTAssertTrue(without.problems[0].contains("interface endpoint vpce-i has private DNS off"), without.problems[0])
    }

    func testGatewayEndpointOfAnotherRouteTableGetsTheAssociateCommand() {
        let report = NetworkReachability.evaluate(network(table: table(), endpoints: [gateway("dynamodb", id: "vpce-d", tables: ["rtb-9"]), gateway("s3", id: "vpce-s")]),
                                                  region: region)
        XCTAssertEqual(report.problems.count, 1)
        XCTAssertTrue(report.problems[0].hasSuffix("Associate it: aws ec2 modify-vpc-endpoint --region us-east-1 --vpc-endpoint-id vpce-d --add-route-table-ids rtb-1"), report.problems[0])
    }

    func testPendingEndpointDoesNotCountAndSaysSo() {
        let report = NetworkReachability.evaluate(network(table: table(), endpoints: [gateway("dynamodb", id: "vpce-d", state: "pending"), gateway("s3", id: "vpce-s")]),
                                                  region: region)
        XCTAssertEqual(report.problems.count, 1)
        XCTAssertTrue(report.problems[0].contains("endpoint vpce-d is pending, not available"), report.problems[0])
    }

    func testMainRouteTableIsNamedAsSuch() {
        let report = NetworkReachability.evaluate(network(table: table(), endpoints: [gateway("dynamodb", id: "vpce-d"), gateway("s3", id: "vpce-s")], main: true),
                                                  region: region)
        XCTAssertEqual(report.notes[0], "DynamoDB from subnet-1: gateway endpoint vpce-d on route table rtb-1 (the VPC's main route table)")
    }

    func testNoRouteTableAtAll() {
        let report = NetworkReachability.evaluate(network(table: nil, endpoints: []), region: region)
        XCTAssertEqual(report.problems.count, 1)
        XCTAssertTrue(report.problems[0].contains("EC2 reports no route table for it"), report.problems[0])
    }

    func testAvailabilityZoneOfTheConnectionMustBeTheSubnets() {
        let report = NetworkReachability.evaluate(network(table: table(), endpoints: [gateway("dynamodb", id: "d"), gateway("s3", id: "s")], zone: "us-east-1c"),
                                                  region: region)
        XCTAssertEqual(report.problems.count, 1)
        XCTAssertTrue(report.problems[0].hasPrefix("Glue connection 'src' names availability zone us-east-1c, but its subnet subnet-1 is in us-east-1a"), report.problems[0])
    }

    func testSelfReferencingRuleVariants() {
        func group(_ ingress: [EC2Client.IpPermission]) -> EC2Client.SecurityGroup {
            EC2Client.SecurityGroup(groupId: "sg-1", vpcId: "vpc-1", ingress: ingress, egress: [openEgress])
        }
        XCTAssertTrue(NetworkReachability.hasSelfReferencingIngress(group([selfRule])))
        XCTAssertTrue(NetworkReachability.hasSelfReferencingIngress(group([.init(ipProtocol: "-1", groupIds: ["sg-1"])])))
        XCTAssertTrue(NetworkReachability.hasSelfReferencingIngress(group([.init(ipProtocol: "6", fromPort: 0, toPort: 65535, groupIds: ["sg-1"])])))
        XCTAssertFalse(NetworkReachability.hasSelfReferencingIngress(group([.init(ipProtocol: "tcp", fromPort: 3306, toPort: 3306, groupIds: ["sg-1"])])))
        XCTAssertFalse(NetworkReachability.hasSelfReferencingIngress(group([.init(ipProtocol: "tcp", fromPort: 0, toPort: 65535, groupIds: ["sg-2"])])))
        XCTAssertFalse(NetworkReachability.hasSelfReferencingIngress(group([.init(ipProtocol: "tcp", fromPort: 0, toPort: 65535, cidrs: ["10.0.0.0/16"])])))
        XCTAssertFalse(NetworkReachability.hasSelfReferencingIngress(group([.init(ipProtocol: "udp", fromPort: 0, toPort: 65535, groupIds: ["sg-1"])])))
    }

    func testMissingRulesAndGroupsAreEachNamed() {
        let noSelf = EC2Client.SecurityGroup(groupId: "sg-1", vpcId: "vpc-1", ingress: [], egress: [])
        let otherVPC = EC2Client.SecurityGroup(groupId: "sg-2", vpcId: "vpc-9", ingress: [], egress: [])
        var n = network(table: table(), endpoints: [gateway("dynamodb", id: "d"), gateway("s3", id: "s")], groups: [noSelf, otherVPC])
        n.missingSecurityGroups = ["sg-gone"]
        let problems = NetworkReachability.evaluate(n, region: region).problems
        XCTAssertEqual(problems.count, 4, problems.joined(separator: "\n"))
        XCTAssertTrue(problems[0].hasPrefix("security group sg-gone of Glue connection 'src' does not exist in us-east-1"), problems[0])
        XCTAssertTrue(problems[1].hasPrefix("security group sg-2 of Glue connection 'src' is in vpc-9"), problems[1])
        XCTAssertTrue(problems[2].hasSuffix("Add it: aws ec2 authorize-security-group-ingress --region us-east-1 --group-id sg-1 --ip-permissions 'IpProtocol=tcp,FromPort=0,ToPort=65535,UserIdGroupPairs=[{GroupId=sg-1}]'"), problems[2])
        XCTAssertTrue(problems[3].hasSuffix("Add it: aws ec2 authorize-security-group-egress --region us-east-1 --group-id sg-1 --ip-permissions 'IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]'"), problems[3])
    }

    func testNoSecurityGroupAtAll() {
        let problems = NetworkReachability.evaluate(network(table: table(), endpoints: [gateway("dynamodb", id: "d"), gateway("s3", id: "s")], groups: []),
                                                    region: region).problems
        XCTAssertEqual(problems, ["Glue connection 'src' names no security group: add one of vpc-1 with a self-referencing inbound rule for all TCP ports"])
    }

    func testChinaServiceNamesMatch() {
        let e = EC2Client.VpcEndpoint(vpcEndpointId: "vpce-c", vpcEndpointType: "Gateway", vpcId: "vpc-1", serviceName: "cn.com.amazonaws.cn-north-1.s3",
                                      state: "available", routeTableIds: ["rtb-1"])
        XCTAssertEqual(NetworkReachability.path(to: "s3", region: "cn-north-1", network: network(table: table(), endpoints: [e]), table: table()),
                       .gatewayEndpoint("vpce-c"))
    }
}
