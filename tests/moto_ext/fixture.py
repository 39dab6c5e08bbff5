"""Test fixture for the deploy tests: prepares and inspects a moto account with boto3.

    python fixture.py ENDPOINT seed SPEC_JSON   # bucket, Glue connection, DynamoDB tables, PITR, log events
    python fixture.py ENDPOINT snapshot BUCKET ROLE POLICY JOB...   # JSON of what deploy may have written
    python fixture.py ENDPOINT put-object BUCKET KEY TEXT

SPEC_JSON: {"region", "bucket", "connection": {"name", "jdbc_url", "availability_zone"},
"tables": [{"name", "pk": [name, type], "sk": [name, type] | null, "gsis": [{"name", "pk", "sk", "projection"}]}],
"pitr": bool}
"""
import hashlib
import json
import sys

import boto3


def client(endpoint, service, region):
    return boto3.client(service, endpoint_url=endpoint, region_name=region,
                        aws_access_key_id="test", aws_secret_access_key="test")


def seed(endpoint, spec):
    region = spec["region"]
    client(endpoint, "s3", region).create_bucket(Bucket=spec["bucket"])
    if spec.get("connection"):
        c = spec["connection"]
        client(endpoint, "glue", region).create_connection(ConnectionInput={
            "Name": c["name"], "ConnectionType": "JDBC",
            "ConnectionProperties": {"JDBC_CONNECTION_URL": c["jdbc_url"], "USERNAME": "migrator", "PASSWORD": "secret"},
            "PhysicalConnectionRequirements": {"AvailabilityZone": c["availability_zone"], "SubnetId": "subnet-1",
                                               "SecurityGroupIdList": ["sg-1"]},
        })
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
        gsis = [{"IndexName": g["name"], "KeySchema": key_schema(g["pk"], g.get("sk")),
                 "Projection": {"ProjectionType": g.get("projection", "ALL")}} for g in t.get("gsis", [])]
        args = dict(TableName=t["name"], KeySchema=table_keys, BillingMode="PAY_PER_REQUEST",
                    AttributeDefinitions=[{"AttributeName": n, "AttributeType": ty} for n, ty in definitions.items()])
        if gsis:
            args["GlobalSecondaryIndexes"] = gsis
        ddb.create_table(**args)
        if spec.get("pitr"):
            ddb.update_continuous_backups(TableName=t["name"],
                                          PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})


def snapshot(endpoint, region, bucket, role, policy, jobs):
    s3 = client(endpoint, "s3", region)
    objects = {}
    for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
        body = s3.get_object(Bucket=bucket, Key=o["Key"])
        objects[o["Key"]] = {"etag": o["ETag"], "last_modified": o["LastModified"].isoformat(),
                             "sha256": hashlib.sha256(body["Body"].read()).hexdigest(),
                             "metadata": body.get("Metadata", {})}
    iam = client(endpoint, "iam", region)
    out = {"objects": objects, "role": None, "policy": None, "jobs": {}}
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
