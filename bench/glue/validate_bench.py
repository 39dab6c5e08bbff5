"""The `validate` throughput figure of ``make bench``: a fast loader of the job's items, and the floor.

    DDBM_BENCH_MYSQL_PWD=... python bench/glue/validate_bench.py load glue-out/glue/BenchEvents.py \
        --url jdbc:mysql://127.0.0.1:PORT/db --user ddbm --endpoint http://127.0.0.1:MOTO \
        --runs DIR [--threads 8] [--recreate-table]
    python bench/glue/validate_bench.py floor glue-out/glue/BenchEvents.py --mysql-client mariadb \
        --socket SOCK --user root --database db --endpoint http://127.0.0.1:MOTO

``load`` puts a table on the endpoint exactly as the job writes it, in a fraction of the time
``run-local`` takes against moto (which sustains ~300-600 conditional puts/s here, so 100,000
items take 3-6 minutes; BatchWriteItem of 25 items, ~4,000 items/s). It runs the job itself —
``ddbm_core.run_job`` with the script's job spec and the manifest's ``--ddbm_*`` default arguments,
in a local Spark the Glue stand-in starts as ``runtime/run_local.py`` does — so the reads, the
per-row conversion (``row_to_item``), the key-collision handling, the counters and the run
summary are the job's own; the summary lands where ``run-local --work DIR`` leaves it
(``DIR/<Table>/reports/<Table>/<run id>.json``), so ``validate --runs DIR`` finds balanced
accounts. Only the put differs: the job's Writer hands each put request to a client that spools
the request's item to disk, and after the job has succeeded this process writes the spooled
items with parallel ``BatchWriteItem`` calls. The job's conditional put (``attribute_not_exists``)
and an unconditional put leave the same items in a table that was empty before, so the table is
the one a ``run-local`` would have left; ``load`` therefore refuses a table that already holds
items (``--recreate-table`` deletes and recreates it first, key schema from the manifest). Prints
one JSON line ``{"items", "job_seconds", "write_seconds", "threads", "summary"}``; exit 1 when the
job failed or the spooled, summarised and stored counts disagree.

``floor`` is what ``validate``'s work costs at the least: a plain full read of every view the
job reads (the mariadb/mysql command-line client streaming ``SELECT <the source's columns> FROM
<view>`` to /dev/null, ``--quick``: row by row, nothing held, nothing converted) followed by a
plain parallel key scan of the table (boto3, one thread and client per segment, ``Segment`` /
``TotalSegments``, ``ProjectionExpression`` of the key attributes) with the segment count
``validate`` picks. Prints one JSON line ``{"read_seconds", "scan_seconds", "seconds", "rows",
"keys", "segments"}``; exit 1 when a read fails.
"""

import argparse
import ast
import json
import os
import pickle
import subprocess
import sys
import threading
import time
import uuid

import job_memory  # the job's manifest entry and arguments, as the memory figure runs it

CONNECTION_FILE = job_memory.CONNECTION_FILE
RUNTIME_DIR = job_memory.RUNTIME_DIR


def job_spec(script):
    """The script's own job spec document: its ``JOB_SPEC_JSON = "..."`` literal, read without
    running the script (which imports awsglue, there only inside the Glue stand-in)."""
    with open(script, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), script)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "JOB_SPEC_JSON" for t in node.targets):
            return json.loads(ast.literal_eval(node.value))
    raise SystemExit(f"validate_bench: no JOB_SPEC_JSON in {script}")


def manifest_table(script, name):
    out_dir = os.path.dirname(os.path.dirname(os.path.abspath(script)))
    with open(os.path.join(out_dir, "manifest.json"), encoding="utf-8") as handle:
        tables = [t for t in json.load(handle)["tables"] if t["name"] == name]
    if len(tables) != 1:
        raise SystemExit(f"validate_bench: the manifest lists {len(tables)} tables named {name}")
    return tables[0]


def dynamodb(endpoint, threads=10):
    import boto3
    from botocore.config import Config

    config = Config(retries={"max_attempts": 10, "mode": "standard"}, max_pool_connections=max(10, threads))
    return boto3.client("dynamodb", endpoint_url=endpoint, config=config)


# --------------------------------------------------------------------------------------------
# load, in the child: the job itself, its puts spooled
# --------------------------------------------------------------------------------------------


class _SpoolingClient:
    """Stands in for the Writer's DynamoDB client: each put request's item is appended to a file
    of its own writer thread (no interleaving, no lock), unbuffered, so it is on disk the moment
    the put "succeeds". Sent to Spark's Python workers by pickling: only the folder travels."""

    def __init__(self, folder):
        self.folder = folder
        self._files = {}

    def __getstate__(self):
        return {"folder": self.folder}

    def __setstate__(self, state):
        self.folder, self._files = state["folder"], {}

    def put_item(self, **request):
        thread = threading.get_ident()
        handle = self._files.get(thread)
        if handle is None:
            # One name per (process, client copy, thread): a task's copy never shares a file.
            name = f"{os.getpid()}-{uuid.uuid4().hex}.items"
            handle = self._files[thread] = open(os.path.join(self.folder, name), "ab", buffering=0)
        handle.write(pickle.dumps(request["Item"], protocol=pickle.HIGHEST_PROTOCOL))
        return {}


def run_child(options):
    script_dir = os.path.dirname(os.path.abspath(options.script))
    for path in (script_dir, RUNTIME_DIR):
        if path not in sys.path:
            sys.path.insert(0, path)
    import functools

    import glue_standin
    from glue_standin import spark as standin_spark
    from glue_standin.connections import LocalConnections

    glue_standin.install(LocalConnections.load(os.path.join(options.runs, CONNECTION_FILE)))
    spark = standin_spark.start_session("local[2]")
    try:
        from awsglue.context import GlueContext

        import ddbm_core as core

        spec = core.JobSpec.from_json(json.dumps(job_spec(options.script)))
        args = job_memory.job_arguments(job_memory.manifest_job(options.script), options.runs)
        # run-local's layout (validate --runs reads DIR/<Table>/reports/<Table>/<run id>.json);
        # the start-up check of the table goes to the endpoint, so it sees the real table.
        args.update({
            "ddbm_report_uri": "file://" + os.path.join(options.runs, spec.table, "reports"),
            "ddbm_dead_letter_uri": "file://" + os.path.join(options.runs, spec.table, "dead-letters"),
            "ddbm_run_id": options.run_id,
            "ddbm_dynamodb_endpoint": options.endpoint,
        })
        settings = core.RunSettings.from_arguments(args)
        started = time.monotonic()
        summary = core.run_job(GlueContext(spark.sparkContext), spec, settings,
                               write=functools.partial(core.write_items, client=_SpoolingClient(options.spool)))
        seconds = time.monotonic() - started
    finally:
        spark.stop()
    print(json.dumps({"status": summary["status"], "error": summary.get("error"), "counters": summary["counters"],
                      "seconds": round(seconds, 1)}))
    return 0 if summary["status"] == "succeeded" else 1


# --------------------------------------------------------------------------------------------
# load, in the parent: the table, the job, the batched writes
# --------------------------------------------------------------------------------------------


def prepare_table(client, table, recreate):
    """An empty table with the manifest's key schema (and GSIs), or exit when it holds items."""
    name = table["name"]
    try:
        count = client.scan(TableName=name, Select="COUNT", Limit=1)["Count"]
    except client.exceptions.ResourceNotFoundException:
        count = None
    if count is not None:
        if not recreate:
            raise SystemExit(f"validate_bench: {name} exists already; the job's if-absent puts and "
                             "the loader's plain puts agree only on an empty table (--recreate-table)")
        client.delete_table(TableName=name)
        client.get_waiter("table_not_exists").wait(TableName=name)
    key_attrs = [table["partition_key"]] + ([table["sort_key"]] if table["sort_key"] else [])
    definitions = {k["name"]: k["type"] for k in key_attrs}
    indexes = []
    for gsi in table["global_secondary_indexes"]:
        keys = [gsi["partition_key"]] + ([gsi["sort_key"]] if gsi.get("sort_key") else [])
        definitions.update({k["name"]: k["type"] for k in keys})
        indexes.append({"IndexName": gsi["name"], "Projection": {"ProjectionType": "ALL"},
                        "KeySchema": [{"AttributeName": k["name"], "KeyType": kind}
                                      for k, kind in zip(keys, ("HASH", "RANGE"))]})
    request = {"TableName": name, "BillingMode": "PAY_PER_REQUEST",
               "KeySchema": [{"AttributeName": k["name"], "KeyType": kind} for k, kind in zip(key_attrs, ("HASH", "RANGE"))],
               "AttributeDefinitions": [{"AttributeName": n, "AttributeType": t} for n, t in definitions.items()]}
    if indexes:
        request["GlobalSecondaryIndexes"] = indexes
    client.create_table(**request)
    client.get_waiter("table_exists").wait(TableName=name)


def spooled_items(folder):
    items = []
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as handle:
            while True:
                try:
                    items.append(pickle.load(handle))
                except EOFError:
                    break
    return items


def batch_write(endpoint, table, items, threads):
    """BatchWriteItem of 25 from ``threads`` threads, unprocessed items resent; returns (seconds, failures)."""
    failures = []
    lock = threading.Lock()

    def work(index):
        client = dynamodb(endpoint)
        mine = items[index::threads]
        for start in range(0, len(mine), 25):
            pending = [{"PutRequest": {"Item": item}} for item in mine[start:start + 25]]
            for attempt in range(10):
                try:
                    response = client.batch_write_item(RequestItems={table: pending})
                except Exception as exc:  # counted: a lost batch invalidates the figure
                    with lock:
                        failures.append(f"{type(exc).__name__}: {exc}")
                    return
                pending = response.get("UnprocessedItems", {}).get(table, [])
                if not pending:
                    break
                time.sleep(0.05 * 2 ** attempt)
            else:
                with lock:
                    failures.append(f"{len(pending)} item(s) still unprocessed after 10 attempts")

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.perf_counter() - started, failures


def load(options):
    os.makedirs(options.runs, exist_ok=True)
    spec = job_spec(options.script)
    table = manifest_table(options.script, spec["table"])
    client = dynamodb(options.endpoint)
    prepare_table(client, table, options.recreate_table)

    connection = job_memory.manifest_job(options.script)["default_arguments"]["--ddbm_connection"]
    with open(os.path.join(options.runs, CONNECTION_FILE), "w", encoding="utf-8") as handle:
        json.dump({"connections": {connection: {"url": options.url, "user": options.user,
                                                "password_env": options.password_env}}}, handle)
    spool = os.path.join(options.runs, "spool")
    os.makedirs(spool, exist_ok=True)
    if os.listdir(spool):
        raise SystemExit(f"validate_bench: {spool} is not empty (a previous load's items)")
    env = dict(os.environ)
    script_dir = os.path.dirname(os.path.abspath(options.script))
    env["PYTHONPATH"] = os.pathsep.join([RUNTIME_DIR, script_dir] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env["PYSPARK_PYTHON"] = env["PYSPARK_DRIVER_PYTHON"] = sys.executable
    log_path = os.path.join(options.runs, "job.log")
    command = [sys.executable, os.path.abspath(__file__), "load", options.script, "--child", "--runs", options.runs,
               "--spool", spool, "--run-id", options.run_id, "--endpoint", options.endpoint]
    with open(log_path, "w", encoding="utf-8") as log:
        child = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=log, text=True)
    if child.returncode != 0:
        with open(log_path, encoding="utf-8", errors="replace") as handle:
            sys.stderr.writelines(handle.readlines()[-25:])
        raise SystemExit(f"validate_bench: the job failed (exit {child.returncode}); log: {log_path}")
    job = json.loads(child.stdout.strip().splitlines()[-1])
    summary_path = os.path.join(options.runs, spec["table"], "reports", spec["table"], options.run_id + ".json")
    with open(summary_path, encoding="utf-8") as handle:
        summary = json.load(handle)

    items = spooled_items(spool)
    if len(items) != summary["counters"]["written"]:
        raise SystemExit(f"validate_bench: the job put {len(items)} items but its summary says "
                         f"{summary['counters']['written']} written")
    seconds, failures = batch_write(options.endpoint, spec["table"], items, options.threads)
    if failures:
        raise SystemExit(f"validate_bench: {len(failures)} batch write(s) failed, first: {failures[0]}")
    stored = client.describe_table(TableName=spec["table"])["Table"]["ItemCount"]
    if stored != len(items):
        raise SystemExit(f"validate_bench: {spec['table']} holds {stored} items after writing {len(items)}")
    for name in os.listdir(spool):  # the items are in the table now; the copy is not needed
        os.remove(os.path.join(spool, name))
    print(json.dumps({"items": len(items), "job_seconds": job["seconds"], "write_seconds": round(seconds, 1),
                      "threads": options.threads, "summary": summary_path}))
    return 0


# --------------------------------------------------------------------------------------------
# floor
# --------------------------------------------------------------------------------------------


def segment_count(item_count):
    """validate's own choice (Sources/Operations/Validate/LocalEngine.swift, segmentCount): one
    segment per ~100,000 items of DescribeTable's ItemCount, 1 to 32."""
    return max(1, min(32, (item_count + 99_999) // 100_000))


def read_views(options, spec):
    """Every source, as validate reads it: the entity column (if any) and the source's columns,
    the whole view, in a session in UTC. Returns (seconds, rows)."""
    columns_of = lambda source: ([spec["entity_column"]] if spec.get("entity_column") else []) + source["columns"]
    quote = lambda name: "`" + name.replace("`", "``") + "`"
    statements = ["SET time_zone = '+00:00'"] + [
        f"SELECT {', '.join(map(quote, columns_of(s)))} FROM {quote(s['view'])}" for s in spec["sources"]]
    command = [options.mysql_client, "--no-defaults", "--protocol=socket", f"--socket={options.socket}",
               f"--user={options.user}", "--quick", "--batch", "--skip-column-names", options.database,
               "-e", "; ".join(statements)]
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"validate_bench: the view read failed: {done.stderr.strip()}")
    # Counted apart, untimed: the timed read must not pay for counting.
    count = "SELECT " + " + ".join(f"(SELECT COUNT(*) FROM {quote(s['view'])})" for s in spec["sources"])
    rows = subprocess.run(command[:-1] + [count], capture_output=True, text=True, check=True).stdout.strip()
    return seconds, int(rows)


def scan_keys(endpoint, table, key_names, segments):
    """Every key by parallel segmented scan, one thread and client per segment. Returns (seconds, keys)."""
    counts, failures = [0] * segments, []
    names = {f"#k{i}": name for i, name in enumerate(key_names)}

    def work(segment):
        client = dynamodb(endpoint)
        request = {"TableName": table, "Segment": segment, "TotalSegments": segments,
                   "ProjectionExpression": ", ".join(names), "ExpressionAttributeNames": names}
        try:
            while True:
                page = client.scan(**request)
                counts[segment] += len(page["Items"])
                if "LastEvaluatedKey" not in page:
                    return
                request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        except Exception as exc:
            failures.append(f"{type(exc).__name__}: {exc}")

    workers = [threading.Thread(target=work, args=(s,)) for s in range(segments)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    seconds = time.perf_counter() - started
    if failures:
        raise SystemExit(f"validate_bench: the key scan failed: {failures[0]}")
    return seconds, sum(counts)


def floor(options):
    spec = job_spec(options.script)
    key_names = [spec["pk"]] + ([spec["sk"]] if spec.get("sk") else [])
    client = dynamodb(options.endpoint)
    segments = segment_count(client.describe_table(TableName=spec["table"])["Table"]["ItemCount"])
    # One after the other, as validate reads the view and then scans.
    read_seconds, rows = read_views(options, spec)
    scan_seconds, keys = scan_keys(options.endpoint, spec["table"], key_names, segments)
    print(json.dumps({"read_seconds": round(read_seconds, 3), "scan_seconds": round(scan_seconds, 3),
                      "seconds": round(read_seconds + scan_seconds, 3), "rows": rows, "keys": keys,
                      "segments": segments}))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    ld = commands.add_parser("load", help="the job's items into a table on the endpoint, fast")
    ld.add_argument("script", help="the generated job script (glue/<Table>.py, manifest.json one folder up)")
    ld.add_argument("--url", help="jdbc:mysql://host:port/database")
    ld.add_argument("--user", help="MySQL user")
    ld.add_argument("--password-env", default="DDBM_BENCH_MYSQL_PWD",
                    help="environment variable holding the MySQL password (never on the command line)")
    ld.add_argument("--endpoint", required=True, help="DynamoDB endpoint URL (a local moto server)")
    ld.add_argument("--runs", required=True, help="folder laid out as run-local --work leaves it")
    ld.add_argument("--run-id", default="bench-validate")
    ld.add_argument("--threads", type=int, default=8, help="parallel BatchWriteItem threads (default 8)")
    ld.add_argument("--recreate-table", action="store_true", help="delete and recreate the table if it exists")
    ld.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ld.add_argument("--spool", help=argparse.SUPPRESS)
    fl = commands.add_parser("floor", help="a plain view read plus a plain parallel key scan")
    fl.add_argument("script", help="the generated job script")
    fl.add_argument("--mysql-client", default="mariadb")
    fl.add_argument("--socket", required=True)
    fl.add_argument("--user", default="root")
    fl.add_argument("--database", required=True)
    fl.add_argument("--endpoint", required=True)
    options = parser.parse_args(argv)
    if options.command == "floor":
        return floor(options)
    if options.child:
        return run_child(options)
    if not options.url or not options.user:
        parser.error("--url and --user are required")
    if options.password_env not in os.environ:
        parser.error(f"${options.password_env} is not set")
    if not 1 <= options.threads <= 64:
        parser.error("--threads must be between 1 and 64")
    return load(options)


if __name__ == "__main__":
    sys.exit(main())
