"""The job's side of ItemDifferentialTests: what the Glue job makes of each row of a view.

Reads the view the way the job reads it -- Spark's JDBC source through ddbm_core's own
``jdbc_target`` and ``read_source``, in a local Spark session built by the Glue stand-in
(``glue_standin.spark.start_session``, Connector/J stand-in jar) -- and applies
``ddbm_core.row_to_item`` under each job spec of the request. The values Spark hands the job do
not depend on the spec, so the view is read once and every spec converts the same rows.

Usage: job_outcomes.py REQUEST.json
REQUEST: {"host", "port", "database", "user", "password", "read_spec": <job spec>, "specs": [<job spec>...],
          "row_id": <column naming each row>}
Prints one JSON line per (spec, row): {"spec": i, "row": id, "item": {...}, "size": n} with the item as
DynamoDB JSON (B and BS base64), or {"spec": i, "row": id, "dead_letter": reason, "detail": ...}.
"""

import base64
import json
import os
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
for path in (os.path.join(REPO, "templates", "glue"), os.path.join(REPO, "runtime")):
    sys.path.insert(0, path)

import ddbm_core as core  # noqa: E402
from glue_standin import spark as standin_spark  # noqa: E402


def dynamodb_json(value):
    (kind, inner), = value.items()
    if kind == "B":
        return {"B": base64.b64encode(bytes(inner)).decode("ascii")}
    if kind == "BS":
        return {"BS": [base64.b64encode(bytes(b)).decode("ascii") for b in inner]}
    if kind == "M":
        return {"M": {k: dynamodb_json(v) for k, v in inner.items()}}
    if kind == "L":
        return {"L": [dynamodb_json(v) for v in inner]}
    return {kind: inner}


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        request = json.load(handle)
    read_spec = core.JobSpec.from_dict(request["read_spec"])
    specs = [core.JobSpec.from_dict(doc) for doc in request["specs"]]
    target = core.jdbc_target({"fullUrl": f"jdbc:mysql://{request['host']}:{request['port']}/{request['database']}",
                               "user": request["user"], "password": request["password"]}, "differential")
    settings = core.RunSettings.from_arguments({
        "ddbm_connection": "differential", "ddbm_dead_letter_uri": "file:///unused", "ddbm_report_uri": "file:///unused",
        "ddbm_region": "us-east-1", "ddbm_run_id": "differential", "ddbm_partitions": "2"})
    spark = standin_spark.start_session("local[2]", app_name="ddbm-item-differential")
    try:
        read = core.read_source(spark, target, read_spec, settings, read_spec.sources[0])
        core.check_read_partitions(read, settings, read_spec)
        rows = [row.asDict() for row in read.frame.collect()]
    finally:
        spark.stop()
    out = sys.stdout
    row_id = request["row_id"]
    for index, spec in enumerate(specs):
        for row in rows:
            outcome = core.row_to_item(row, spec)
            line = {"spec": index, "row": row[row_id]}
            if isinstance(outcome, core.DeadLetter):
                line.update(dead_letter=outcome.reason, detail=outcome.detail)
            else:
                line["item"] = {name: dynamodb_json(av) for name, av in outcome.attributes.items()}
                line["size"] = outcome.size
            out.write(json.dumps(line, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()
