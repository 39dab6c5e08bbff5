"""A plain parallel boto3 loader: the yardstick for `run-local`'s write throughput in `make bench`.

    python bench/glue/boto3_loader.py --endpoint http://127.0.0.1:PORT \
        --source-table Events --target-table EventsPlain [--threads 16] \
        [--items-file FILE] [--server-pid PID]

It writes exactly the items `run-local` wrote (scanned from ``--source-table`` before the clock
starts) into ``--target-table`` (created on demand with the source's key schema), with the same
conditional ``PutItem`` (``attribute_not_exists`` on the partition key) from ``--threads`` threads,
one boto3 client each. Only the writes are timed: no MySQL read, no conversion, no Spark, so it is
the best a simple loader does against the same endpoint.

``--items-file``: where the scanned items and the source's key schema are kept. When the file
exists, they are read from it and the source table is not touched, so a round of the bench can
run the loader *before* the job (the job's items are the same in every round: the same rows, the
same conversion) and the order alternates. ``--server-pid``: the endpoint's process (a local
moto server); the CPU seconds it spent while the loader wrote (``/proc/PID/stat``) are reported.

Prints one JSON line: ``{"items": N, "seconds": S, "items_per_second": R, "threads": T,
"server_cpu_seconds": C or null}``. Exit status 0, or 1 when a put failed (the figure would mean
nothing).
"""

import argparse
import json
import os
import sys
import threading
import time

import boto3
from botocore.config import Config


def scan_all(client, table):
    items, kwargs = [], {"TableName": table}
    while True:
        page = client.scan(**kwargs)
        items.extend(page["Items"])
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def key_schema(client, source):
    """``source``'s key schema and the definitions of its key attributes."""
    table = client.describe_table(TableName=source)["Table"]
    keys = table["KeySchema"]
    key_names = {k["AttributeName"] for k in keys}
    return keys, [d for d in table["AttributeDefinitions"] if d["AttributeName"] in key_names]


def source_items(client, source, items_file):
    """(items, key schema, definitions): from ``items_file`` when it exists, else scanned from
    ``source`` (and kept in ``items_file`` when one is named, written atomically)."""
    if items_file and os.path.exists(items_file):
        with open(items_file, encoding="utf-8") as handle:
            kept = json.load(handle)
        return kept["items"], kept["key_schema"], kept["attribute_definitions"]
    items = scan_all(client, source)
    keys, definitions = key_schema(client, source)
    if items_file and items:
        try:
            text = json.dumps({"key_schema": keys, "attribute_definitions": definitions, "items": items})
        except TypeError as exc:  # B/BS values arrive as bytes; the bench's contract has none
            raise SystemExit(f"boto3_loader: these items cannot be kept in --items-file ({exc})") from None
        with open(items_file + ".tmp", "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(items_file + ".tmp", items_file)
    return items, keys, definitions


def process_cpu_seconds(pid):
    """User + system CPU seconds of process ``pid`` so far (proc(5): fields 14 and 15 of
    /proc/PID/stat, in clock ticks, counted after the parenthesised command name)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def create_like(client, target, keys, definitions):
    """Creates ``target`` (on-demand) with the key schema ``keys`` unless it exists; returns its hash key."""
    try:
        client.create_table(TableName=target, KeySchema=keys, AttributeDefinitions=definitions,
                            BillingMode="PAY_PER_REQUEST")
        client.get_waiter("table_exists").wait(TableName=target)
    except client.exceptions.ResourceInUseException:
        pass
    return next(k["AttributeName"] for k in keys if k["KeyType"] == "HASH")


def load(endpoint, region, items, table, hash_key, threads):
    """Puts ``items`` from ``threads`` threads; returns (seconds, failures)."""
    config = Config(retries={"max_attempts": 10, "mode": "standard"}, max_pool_connections=threads)
    clients = [boto3.client("dynamodb", endpoint_url=endpoint, region_name=region, config=config)
               for _ in range(threads)]
    failures = []
    lock = threading.Lock()

    def work(index):
        client = clients[index]
        for item in items[index::threads]:
            try:
                client.put_item(TableName=table, Item=item, ConditionExpression="attribute_not_exists(#pk)",
                                ExpressionAttributeNames={"#pk": hash_key})
            except Exception as exc:  # counted and reported: a failed put invalidates the figure
                with lock:
                    failures.append(f"{type(exc).__name__}: {exc}")

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.perf_counter() - started, failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", required=True, help="DynamoDB endpoint URL (a local moto server)")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--source-table", required=True, help="table whose items are written again")
    parser.add_argument("--target-table", required=True, help="table to write them into (created if missing)")
    parser.add_argument("--threads", type=int, default=16, help="parallel writer threads (default 16)")
    parser.add_argument("--items-file", help="keeps the items (read from it when it exists, else written after the scan)")
    parser.add_argument("--server-pid", type=int, help="the endpoint's process: its CPU while the loader writes is reported")
    options = parser.parse_args(argv)
    if not 1 <= options.threads <= 256:
        parser.error("--threads must be between 1 and 256")

    client = boto3.client("dynamodb", endpoint_url=options.endpoint, region_name=options.region)
    items, keys, definitions = source_items(client, options.source_table, options.items_file)
    if not items:
        print(f"boto3_loader: {options.source_table} is empty: nothing to measure", file=sys.stderr)
        return 1
    hash_key = create_like(client, options.target_table, keys, definitions)
    server_before = process_cpu_seconds(options.server_pid) if options.server_pid else None
    seconds, failures = load(options.endpoint, options.region, items, options.target_table, hash_key,
                             options.threads)
    server_cpu = None if server_before is None else round(process_cpu_seconds(options.server_pid) - server_before, 2)
    if failures:
        print(f"boto3_loader: {len(failures)} put(s) failed, first: {failures[0]}", file=sys.stderr)
        return 1
    print(json.dumps({"items": len(items), "seconds": round(seconds, 3),
                      "items_per_second": round(len(items) / seconds, 1), "threads": options.threads,
                      "server_cpu_seconds": server_cpu}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
