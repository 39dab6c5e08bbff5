"""Fault proofs end to end (MariaDB → generate → apply-views → run-local → DynamoDB on moto):

- poison rows (invalid JSON for a json-parse attribute, NULL key, an item over 400 KB, colliding
  keys) land in the dead letters with their reasons, their neighbours are written, and
  read = written + skipped + dead-lettered;
- a write-unit ceiling holds: the items' arrival rate in the table stays within 10% of it;
- a run killed midway (SIGKILL to run-local and everything it started) and run again ends with
  every item present exactly once.

The contracts are small files in ``e2e_cases/``; their schema snapshots come from ``introspect``.
Expected items are written here from the seed, by hand or by the seed's own arithmetic.
"""

import datetime as dt
import os
import re
import signal
import subprocess
import threading
import time
from decimal import Decimal

import pytest

from conftest import scan_all
from e2e_support import Pipeline, assert_same_items, load_contract

CASES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "e2e_cases")
BULK_ROWS = 1200
#: Write units per second for the ceiling tests: slow enough to measure and to kill midway,
#: far below what moto sustains (~500 puts/s), so moto is never what limits the rate.
CEILING = 100


def prepared(mariadb, tmp_path_factory, name):
    root = os.path.join(CASES, name)
    work = tmp_path_factory.mktemp(f"e2e-{name}")
    pipeline = Pipeline(mariadb, f"e2e_{name}", root, os.path.join(root, "contract.json"))
    pipeline.load_source(os.path.join(root, "schema.sql"), os.path.join(root, "seed.sql"))
    pipeline.introspect(str(work / "schema.json"))
    pipeline.generate(str(work / "out"))
    pipeline.apply_views()
    pipeline.work_root = str(work)
    pipeline.shapes = load_contract(pipeline.contract)
    return pipeline


# ---------------------------------------------------------------------------------------------
# Poison rows
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def poison(mariadb, moto_endpoint, tmp_path_factory):
    pipeline = prepared(mariadb, tmp_path_factory, "poison")
    pipeline.first = pipeline.run_local(moto_endpoint, pipeline.work_root, "--partitions", "2")
    return pipeline


def test_poison_rows_are_dead_lettered_with_reasons(poison, dynamodb):
    summary = poison.first.summary("Parcels")
    assert summary["status"] == "succeeded", summary
    counters = summary["counters"]
    assert counters == {"read": 8, "written": 3, "skipped": 0, "dead_lettered": 5, "throttled_retries": 0}
    assert counters["read"] == counters["written"] + counters["skipped"] + counters["dead_lettered"]
    assert summary["dead_letter_reasons"] == {"invalid-json": 1, "missing-key": 1, "item-too-large": 1,
                                              "key-collision": 2}

    letters = poison.first.dead_letters("Parcels")
    by_row = {letter["row"]["_partition_key"]: letter for letter in letters}
    assert len(by_row) == len(letters) == 5
    assert {k: v["reason"] for k, v in by_row.items()} == {
        3: "invalid-json", 4: "missing-key", 5: "item-too-large", 6: "key-collision", 7: "key-collision"}
    for letter in letters:
        assert letter["table"] == "Parcels" and letter["run_id"] == summary["run_id"]
        assert letter["detail"], letter  # says why, not only which reason
    assert "details" in by_row[3]["detail"] and "PK" in by_row[4]["detail"]

    expected = [
        {"PK": {"S": "PARCEL#A1"}, "SK": {"S": "#META"}, "parcel_id": {"N": "1"}, "label": {"S": "fine"},
         "details": {"M": {"weight": {"N": "1.5"}, "fragile": {"BOOL": True}}}},
        {"PK": {"S": "PARCEL#A2"}, "SK": {"S": "#META"}, "parcel_id": {"N": "2"},
         "label": {"S": "fine, no details"}, "notes": {"S": "short note"}},
        {"PK": {"S": "PARCEL#E1"}, "SK": {"S": "#META"}, "parcel_id": {"N": "8"},
         "label": {"S": "fine, after faults"}, "details": {"M": {"tags": {"L": [{"S": "a"}, {"S": "b"}]}}}},
    ]
    assert_same_items(scan_all(dynamodb, "Parcels"), expected, poison.shapes["Parcels"])


# ---------------------------------------------------------------------------------------------
# Write-rate ceiling and a killed run
# ---------------------------------------------------------------------------------------------

def bulk_items():
    """The items of ``e2e_cases/bulk/seed.sql``, from the seed's arithmetic on the row number."""
    start = dt.datetime(2024, 1, 1)
    return [{"PK": {"S": f"EVENT#{i}"}, "name": {"S": f"event-{i}"},
             "amount": {"N": str((Decimal(i) * Decimal("1.25")).quantize(Decimal("0.01")))},
             "created_at": {"S": (start + dt.timedelta(minutes=i)).strftime("%Y-%m-%d %H:%M:%S")}}
            for i in range(1, BULK_ROWS + 1)]


@pytest.fixture(scope="module")
def bulk(mariadb, tmp_path_factory):
    return prepared(mariadb, tmp_path_factory, "bulk")


def item_count(dynamodb, table):
    """Items in ``table`` now (0 while run-local has not created it yet)."""
    try:
        total, kwargs = 0, {"TableName": table, "Select": "COUNT"}
        while True:
            page = dynamodb.scan(**kwargs)
            total += page["Count"]
            if "LastEvaluatedKey" not in page:
                return total
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    except dynamodb.exceptions.ResourceNotFoundException:
        return 0


class ArrivalMonitor(threading.Thread):
    """Samples a table's item count over time while a run writes into it."""

    def __init__(self, dynamodb, table, interval=0.25):
        super().__init__(daemon=True)
        self.dynamodb, self.table, self.interval = dynamodb, table, interval
        self.samples = []  # (monotonic seconds, items)
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            self.samples.append((time.monotonic(), item_count(self.dynamodb, self.table)))
            self.done.wait(self.interval)

    def stop(self):
        self.done.set()
        self.join(timeout=30)

    def rate_between(self, low, high):
        """Items per second between the first samples at or above ``low`` and ``high`` items."""
        first = next(s for s in self.samples if s[1] >= low)
        last = next(s for s in self.samples if s[1] >= high)
        return (last[1] - first[1]) / (last[0] - first[0])


def test_write_unit_ceiling_holds(bulk, dynamodb, moto_endpoint):
    """Every bulk item is under 1 KB, so each put consumes 1 write unit (moto reports 1 WCU per
    put up to 1 KB): items per second in the table are write units per second. The rate is
    measured from 10% to 90% of the items, the steady state of both write partitions."""
    monitor = ArrivalMonitor(dynamodb, "EventsRated")
    monitor.start()
    try:
        run = bulk.run_local(moto_endpoint, bulk.work_root, "--table", "EventsRated", "--partitions", "2",
                             "--max-write-units-per-second", str(CEILING))
    finally:
        monitor.stop()
    assert run.counters("EventsRated") == {"read": BULK_ROWS, "written": BULK_ROWS, "skipped": 0,
                                           "dead_lettered": 0, "throttled_retries": 0}
    rate = monitor.rate_between(BULK_ROWS // 10, BULK_ROWS * 9 // 10)
    assert abs(rate - CEILING) <= 0.10 * CEILING, f"{rate:.1f} write units/s against a ceiling of {CEILING}"
    assert_same_items(scan_all(dynamodb, "EventsRated"), bulk_items(), bulk.shapes["EventsRated"])


def job_processes():
    """The processes of local job runs still alive (runner, JVM, PySpark daemon and workers), for a
    failure message: which one outlived the kill, and in which process group."""
    listing = subprocess.run(["ps", "-eo", "pid,pgid,ppid,stat,etimes,args"], capture_output=True, text=True).stdout
    lines = listing.splitlines()
    return "\n".join(lines[:1] + [line[:200] for line in lines[1:] if re.search(r"run_local|pyspark|java", line)])


def test_killed_run_then_rerun_writes_every_item_once(bulk, dynamodb, moto_endpoint, tmp_path):
    """SIGKILL goes to run-local's whole process group (run-local, the Python job runner, the JVM
    and its Python workers), as when the machine or container running it dies. Killing run-local
    alone would leave its job running to completion, which is not a killed run."""
    table = "EventsKilled"
    args = bulk.run_local_args(moto_endpoint, str(tmp_path / "killed"), "--table", table, "--partitions", "2",
                               "--max-write-units-per-second", str(CEILING))
    with open(tmp_path / "killed.log", "w") as log:
        proc = subprocess.Popen(args, env=dict(os.environ, **bulk.env), stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while item_count(dynamodb, table) < BULK_ROWS // 4:
            assert proc.poll() is None, f"run-local ended before it was killed:\n{(tmp_path / 'killed.log').read_text()}"
            assert time.monotonic() < deadline, "no progress to kill"
            time.sleep(0.1)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    time.sleep(1.0)  # puts already on the wire land now
    partial = item_count(dynamodb, table)
    time.sleep(1.5)
    later = item_count(dynamodb, table)
    assert later == partial, f"something still writes after the kill ({partial} -> {later} items):\n{job_processes()}"
    assert BULK_ROWS // 4 <= partial < BULK_ROWS, partial

    rerun = bulk.run_local(moto_endpoint, bulk.work_root, "--table", table, "--partitions", "2")
    assert rerun.counters(table) == {"read": BULK_ROWS, "written": BULK_ROWS - partial, "skipped": partial,
                                     "dead_lettered": 0, "throttled_retries": 0}
    # Keys are unique in a DynamoDB table, so "none duplicated" means: exactly the expected set.
    assert_same_items(scan_all(dynamodb, table), bulk_items(), bulk.shapes[table])


# ---------------------------------------------------------------------------------------------
# A view without integer keys
# ---------------------------------------------------------------------------------------------

def test_view_without_integer_keys_is_read_whole_not_skipped(mariadb, moto_endpoint, dynamodb, tmp_path_factory):
    """Its _partition_key is NULL on every row (its source has no bounds): the job must read
    the view with one reader. (It used to log "view is empty" and write nothing.)"""
    pipeline = prepared(mariadb, tmp_path_factory, "unkeyed")
    with open(os.path.join(pipeline.out, "glue", "Countries.py"), encoding="utf-8") as handle:
        assert '\\"bounds\\":null' in handle.read()
    counters = pipeline.run_local(moto_endpoint, pipeline.work_root).counters("Countries")
    assert counters["read"] == 3 and counters["written"] == 3, counters
    items = {item["PK"]["S"]: item["name"]["S"] for item in scan_all(dynamodb, "Countries")}
    assert items == {"COUNTRY#DE": "Germany", "COUNTRY#FR": "France", "COUNTRY#NZ": "New Zealand"}


def test_run_local_starts_spark_with_c1_compilation_only(mariadb, moto_endpoint, tmp_path_factory):
    """run-local's JVM runs a few minutes and is nearly idle once the writes run, so C2 compiling
    code that runs a few times only took CPU from the local endpoint before the first put
    (docs/WRITER-SPEED.md); the JVM says which options it picked up, in the job's log."""
    pipeline = prepared(mariadb, tmp_path_factory, "unkeyed")
    run = pipeline.run_local(moto_endpoint, pipeline.work_root)
    with open(os.path.join(run.work, "Countries", "job.log"), encoding="utf-8") as handle:
        log = handle.read()
    assert "Picked up JAVA_TOOL_OPTIONS: -XX:TieredStopAtLevel=1" in log, log[-3000:]
