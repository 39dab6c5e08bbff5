"""Test fixture for the deploy tests: prepares and inspects a moto account with boto3.

    python fixture.py ENDPOINT seed SPEC_JSON   # bucket, VPC, Glue connection, DynamoDB tables, PITR; prints the network ids
    python fixture.py ENDPOINT snapshot BUCKET ROLE POLICY JOB...   # JSON of what deploy may have written
    python fixture.py ENDPOINT put-object BUCKET KEY TEXT
    python fixture.py ENDPOINT put-log GROUP STREAM MESSAGE...

SPEC_JSON: {"region", "bucket", "bucket_region" (default: region; null: no bucket),
"connection": {"name", "jdbc_url", "availability_zone", "secret_arn", "secret_id", "no_vpc"},
"network": {"dynamodb", "s3": "gateway" | "gateway-elsewhere" | "interface" | "interface-no-dns" | "nat" | "igw" | "none",
            "self_rule": bool, "main_table": bool, "subnet_zone"},
"tables": [{"name", "pk": [name, type], "sk": [name, type] | null, "gsis": [{"name", "pk", "sk", "projection", "non_key_attributes"}]}],
"pitr": bool}
The default network reaches DynamoDB and S3 through gateway endpoints and has the self-referencing rule.
"""
import hashlib
import json
import sys

import boto3


def client(endpoint, service, region):
    return boto3.client(service, endpoint_url=endpoint, region_name=region,
                        aws_access_key_id="test", aws_secret_access_key="test")


def seed_network(endpoint, region, zone, net):
    """A VPC with one subnet in `zone`, its route table, endpoints/routes as `net` says, a security group."""
    ec2 = client(endpoint, "ec2", region)
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24", AvailabilityZone=net.get("subnet_zone", zone))["Subnet"]["SubnetId"]
    if net.get("main_table"):
        table = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                   {"Name": "association.main", "Values": ["true"]}])["RouteTables"][0]["RouteTableId"]
    else:
        table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
    other_table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    default_route = None
    for service in ("dynamodb", "s3"):
        kind = net.get(service, "gateway")
        name = f"com.amazonaws.{region}.{service}"
        if kind == "gateway":
            ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=name, VpcEndpointType="Gateway", RouteTableIds=[table])
        elif kind == "gateway-elsewhere":
            ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=name, VpcEndpointType="Gateway", RouteTableIds=[other_table])
        elif kind in ("interface", "interface-no-dns"):
            ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=name, VpcEndpointType="Interface", SubnetIds=[subnet],
                                    PrivateDnsEnabled=(kind == "interface"))
        elif kind in ("nat", "igw"):
            default_route = kind
    if default_route:
        igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
        if default_route == "nat":
            allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
            nat = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=allocation)["NatGateway"]["NatGatewayId"]
            ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
        else:
            ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    group = ec2.create_security_group(GroupName="glue-connection", Description="ddb-migrate test", VpcId=vpc)["GroupId"]
    if net.get("self_rule", True):
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "UserIdGroupPairs": [{"GroupId": group}]}])
    return {"vpc": vpc, "subnet": subnet, "route_table": table, "other_route_table": other_table, "security_group": group}


def seed(endpoint, spec):
    region = spec["region"]
    bucket_region = spec.get("bucket_region", region)
    if bucket_region:
        args = {"Bucket": spec["bucket"]}
        if bucket_region != "us-east-1":
            args["CreateBucketConfiguration"] = {"LocationConstraint": bucket_region}
        client(endpoint, "s3", bucket_region).create_bucket(**args)
    ids = {}
    if spec.get("connection"):
        c = spec["connection"]
        properties = {"JDBC_CONNECTION_URL": c["jdbc_url"], "USERNAME": "migrator", "PASSWORD": "secret"}
        connection = {"Name": c["name"], "ConnectionType": "JDBC", "ConnectionProperties": properties}
        if c.get("secret_id"):
            properties["SECRET_ID"] = c["secret_id"]
        if c.get("secret_arn"):
            connection["AuthenticationConfiguration"] = {"AuthenticationType": "BASIC", "SecretArn": c["secret_arn"]}
        if not c.get("no_vpc"):
            ids = seed_network(endpoint, region, c["availability_zone"], spec.get("network") or {})
            connection["PhysicalConnectionRequirements"] = {"AvailabilityZone": c["availability_zone"], "SubnetId": ids["subnet"],
                                                            "SecurityGroupIdList": [ids["security_group"]]}
        client(endpoint, "glue", region).create_connection(ConnectionInput=connection)
    ddb = client(endpoint, "dynamodb", region)
    for t in spec.get("tables", []):
        definitions = {}
        def key_schema(pk, sk):
            schema = [{"AttributeName": pk[0], "KeyType": "HASH"}]
            definitions[pk[0]] = pk[1]
            if sk:
                schema.append({"AttributeName": sk[0], "KeyType": "RANGE"})
                definitions[sk[0]] = sk[1]
            return schema
        table_keys = key_schema(t["pk"], t.get("sk"))
        def projection(g):
            # INCLUDE names its non-key attributes (CreateTable, Projection.NonKeyAttributes).
            out = {"ProjectionType": g.get("projection", "ALL")}
            if g.get("non_key_attributes"):
                out["NonKeyAttributes"] = g["non_key_attributes"]
            return out
        gsis = [{"IndexName": g["name"], "KeySchema": key_schema(g["pk"], g.get("sk")), "Projection": projection(g)}
                for g in t.get("gsis", [])]
        args = dict(TableName=t["name"], KeySchema=table_keys, BillingMode="PAY_PER_REQUEST",
                    AttributeDefinitions=[{"AttributeName": n, "AttributeType": ty} for n, ty in definitions.items()])
        if gsis:
            args["GlobalSecondaryIndexes"] = gsis
        ddb.create_table(**args)
        if spec.get("pitr"):
            ddb.update_continuous_backups(TableName=t["name"],
                                          PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    print(json.dumps(ids, sort_keys=True))


def bucket_state(s3, bucket):
    """None when the bucket does not exist, else its region, default encryption and public access block."""
    try:
        location = s3.get_bucket_location(Bucket=bucket).get("LocationConstraint") or "us-east-1"
    except s3.exceptions.NoSuchBucket:
        return None
    state = {"region": location, "encryption": None, "public_access_block": None}
    try:
        rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
        state["encryption"] = [r["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] for r in rules]
    except Exception:  # noqa: BLE001 - no configuration: reported as null
        pass
    try:
        state["public_access_block"] = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    except Exception:  # noqa: BLE001
        pass
    return state


def snapshot(endpoint, region, bucket, role, policy, jobs):
    s3 = client(endpoint, "s3", region)
    objects = {}
    state = bucket_state(s3, bucket)
    for o in (s3.list_objects_v2(Bucket=bucket).get("Contents", []) if state else []):
        body = s3.get_object(Bucket=bucket, Key=o["Key"])
        objects[o["Key"]] = {"etag": o["ETag"], "last_modified": o["LastModified"].isoformat(),
                             "sha256": hashlib.sha256(body["Body"].read()).hexdigest(),
                             "metadata": body.get("Metadata", {})}
    iam = client(endpoint, "iam", region)
    out = {"objects": objects, "bucket": state, "role": None, "policy": None, "jobs": {}}
    try:
        r = iam.get_role(RoleName=role)["Role"]
        out["role"] = {"trust": r["AssumeRolePolicyDocument"], "tags": {t["Key"]: t["Value"] for t in r.get("Tags", [])}}
        out["policy"] = iam.get_role_policy(RoleName=role, PolicyName=policy)["PolicyDocument"]
    except iam.exceptions.NoSuchEntityException:
        pass
    glue = client(endpoint, "glue", region)
    for name in jobs:
        try:
            j = glue.get_job(JobName=name)["Job"]
        except glue.exceptions.EntityNotFoundException:
            continue
        out["jobs"][name] = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in j.items()}
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    endpoint, command = sys.argv[1], sys.argv[2]
    if command == "seed":
        seed(endpoint, json.loads(sys.argv[3]))
    elif command == "snapshot":
        snapshot(endpoint, sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7:])
    elif command == "put-object":
        client(endpoint, "s3", "us-east-1").put_object(Bucket=sys.argv[3], Key=sys.argv[4], Body=sys.argv[5].encode())
    elif command == "put-log":
        logs = client(endpoint, "logs", "us-east-1")
        group, stream = sys.argv[3], sys.argv[4]
        try:
            logs.create_log_group(logGroupName=group)
        except logs.exceptions.ResourceAlreadyExistsException:
            pass
        logs.create_log_stream(logGroupName=group, logStreamName=stream)
        import time
        logs.put_log_events(logGroupName=group, logStreamName=stream,
                            logEvents=[{"timestamp": int(time.time() * 1000), "message": m} for m in sys.argv[5:]])
    else:
        sys.exit(f"unknown command {command}")
