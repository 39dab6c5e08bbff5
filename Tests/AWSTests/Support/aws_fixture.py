"""Seeds and inspects a moto server with boto3 for the AWS client tests (test-only).

    python aws_fixture.py ENDPOINT network          # a VPC as a Glue connection sees it; prints the ids
    python aws_fixture.py ENDPOINT bucket NAME      # prints the bucket's encryption and public access block
    python aws_fixture.py ENDPOINT log-streams GROUP STREAM...   # a log group with these streams, one event each
"""
import json
import sys

import boto3


def client(endpoint, service, region="us-east-1"):
    return boto3.client(service, endpoint_url=endpoint, region_name=region,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def network(endpoint):
    ec2 = client(endpoint, "ec2")
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.30.1.0/24", AvailabilityZone="us-east-1b")["Subnet"]["SubnetId"]
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    gateway = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName="com.amazonaws.us-east-1.dynamodb", VpcEndpointType="Gateway",
                                      RouteTableIds=[table])["VpcEndpoint"]["VpcEndpointId"]
    interface = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName="com.amazonaws.us-east-1.s3", VpcEndpointType="Interface",
                                        SubnetIds=[subnet], PrivateDnsEnabled=False)["VpcEndpoint"]["VpcEndpointId"]
    group = ec2.create_security_group(GroupName="glue", Description="test", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "UserIdGroupPairs": [{"GroupId": group}]},
        {"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "IpRanges": [{"CidrIp": "10.30.0.0/16"}]}])
    print(json.dumps({"vpc": vpc, "subnet": subnet, "route_table": table, "igw": igw, "gateway_endpoint": gateway,
                      "interface_endpoint": interface, "security_group": group}))


def bucket(endpoint, name):
    s3 = client(endpoint, "s3")
    rules = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"]
    block = s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]
    print(json.dumps({"encryption": [r["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] for r in rules], "public_access_block": block}))


def log_streams(endpoint, group, streams):
    logs = client(endpoint, "logs")
    logs.create_log_group(logGroupName=group)
    for i, stream in enumerate(streams):
        logs.create_log_stream(logGroupName=group, logStreamName=stream)
        logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=[{"timestamp": 1_700_000_000_000 + i, "message": stream}])


if __name__ == "__main__":
    endpoint, command = sys.argv[1], sys.argv[2]
    if command == "network":
        network(endpoint)
    elif command == "bucket":
        bucket(endpoint, sys.argv[3])
    elif command == "log-streams":
        log_streams(endpoint, sys.argv[3], sys.argv[4:])
    else:
        sys.exit(f"unknown command {command}")
