"""The generated Glue validation job end to end: MariaDB → ``generate`` → ``apply-views`` →
``run-local`` (the load job) → ``glue/validate_Shop.py`` through runtime/run_local.py, started as
``LocalRun`` starts a job (the manifest's ``--ddbm_*`` DefaultArguments, Glue's ids, the local
connections file), and the measurement it writes, checked number by number:

- right after the migration every count agrees and no list has an example;
- after six faults put into the table and the source (three items deleted, one attribute changed,
  one number stored as a string, one extra item, one GSI key removed, one source row updated),
  each is found exactly, and nothing else;
- a sample smaller than the table compares exactly the items with the smallest sample hashes;
- a table that does not exist fails the run with a message that says so, and writes nothing.

The contract (``e2e_cases/validated``) has two entities, a sparse GSI, a missing key and a key
collision. The expected numbers are written here from its seed, not computed by the job's code.
"""

import json
import os
import secrets
import subprocess
import sys

import pytest

from conftest import REPO
from e2e_support import E2E_PASSWORD, Pipeline

CASE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "e2e_cases", "validated")
RUNNER = os.path.join(REPO, "runtime", "run_local.py")
#: The variable LocalRun hands the MySQL password in (the connections file names it).
PASSWORD_VARIABLE = "DDBM_LOCAL_MYSQL_PASSWORD"


def key(pk, sk):
    return {"PK": {"S": pk}, "SK": {"S": sk}}


def customer(n):
    return key(f"CUSTOMER#C{n:02d}", "#PROFILE")


def order(n):
    return key(f"ORDER#{n}", "#META")


#: From seed.sql: 15 customers (one without a code, two sharing "DUP") and 10 orders.
VIEW_ROWS, CUSTOMERS, ORDERS = 25, 12, 10
EXCLUDED = {"count": 3, "by_reason": {"key-collision": 2, "missing-key": 1}}


class Validation:
    """Runs a generated directory's validation script for one table as LocalRun runs a job."""

    def __init__(self, directory, connections, endpoint, out_root):
        self.directory, self.connections, self.endpoint, self.out_root = directory, connections, endpoint, out_root
        with open(os.path.join(directory, "manifest.json"), encoding="utf-8") as handle:
            self.manifest = json.load(handle)
        self.runs = 0

    def run(self, table, *extra):
        job = next(j for j in self.manifest["jobs"] if j["table"] == table)
        validation = job["validation"]
        self.runs += 1
        out = os.path.join(self.out_root, f"validate-{self.runs}")
        run_id = "jr_" + secrets.token_hex(32)
        # LocalRun's rule: the manifest's run-time settings, except where outputs go (a local folder).
        arguments = {k: v for k, v in validation["default_arguments"].items()
                     if k.startswith("--ddbm_") and k not in ("--ddbm_report_uri", "--ddbm_connection")}
        arguments["--ddbm_connection"] = self.manifest["glue_connection"]
        # Two partitions for Spark's local[2], as the load job ran (run-local --partitions 2).
        arguments["--ddbm_partitions"] = "2"
        command = [sys.executable, RUNNER, os.path.join(self.directory, validation["script"]),
                   "--connections", self.connections, "--out", out, "--dynamodb-endpoint", self.endpoint,
                   "--job-name", validation["name"], "--exit-with-parent"]
        for name in sorted(arguments):
            command += [name, arguments[name]]
        command += [*extra, "--job-run-id", run_id]
        done = subprocess.run(command, capture_output=True, text=True, timeout=600,
                              env=dict(os.environ, **{PASSWORD_VARIABLE: E2E_PASSWORD}))
        assert E2E_PASSWORD not in done.stdout + done.stderr, "the MySQL password must never be printed"
        path = os.path.join(out, "reports", "validation", table, run_id + ".json")
        measurement = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                measurement = json.load(handle)
        return done, measurement


@pytest.fixture(scope="module")
def shop(mariadb, moto_endpoint, tmp_path_factory):
    work = tmp_path_factory.mktemp("validate-job")
    pipeline = Pipeline(mariadb, "e2e_validated", CASE, os.path.join(CASE, "contract.json"))
    pipeline.load_source(os.path.join(CASE, "schema.sql"), os.path.join(CASE, "seed.sql"))
    pipeline.introspect(str(work / "schema.json"))
    pipeline.generate(str(work / "out"))
    pipeline.apply_views()
    loaded = pipeline.run_local(moto_endpoint, str(work), "--partitions", "2")
    assert loaded.counters("Shop") == {"read": VIEW_ROWS, "written": VIEW_ROWS - 3, "skipped": 0,
                                       "dead_lettered": 3, "throttled_retries": 0}
    pipeline.validation = Validation(pipeline.out, os.path.join(loaded.work, "connections.json"), moto_endpoint, str(work))
    pipeline.work = work
    return pipeline


def succeeded(done, measurement):
    assert done.returncode == 0, f"validation run failed:\n{done.stderr[-6000:]}"
    assert measurement is not None, done.stderr[-3000:]
    return measurement


def test_right_after_the_migration_every_count_agrees(shop):
    m = succeeded(*shop.validation.run("Shop"))
    expected = CUSTOMERS + ORDERS
    assert m == {
        "table": "Shop", "view_rows": VIEW_ROWS, "excluded_rows": EXCLUDED,
        "expected_items": expected, "items": expected, "matched": expected,
        "missing_keys": {"count": 0, "examples": []}, "unexpected_keys": {"count": 0, "examples": []},
        # At most 10,000 expected items: every matched item is compared by default.
        "attribute_mismatches": {"count": 0, "compared": expected, "examples": []},
        "gsis": [{"index": "GSI1", "expected": ORDERS, "present": ORDERS, "actual": ORDERS, "queried": ORDERS,
                  "query_failures": 0}],
        "entities": [{"entity": "CUSTOMER", "expected_items": CUSTOMERS, "matched": CUSTOMERS},
                     {"entity": "ORDER", "expected_items": ORDERS, "matched": ORDERS}],
        "sample": {"size": expected, "full": True},
    }


def test_each_fault_is_found_exactly_and_nothing_else(shop, dynamodb, mariadb):
    for n in (10, 11, 12):
        dynamodb.delete_item(TableName="Shop", Key=customer(n))
    dynamodb.update_item(TableName="Shop", Key=customer(1), UpdateExpression="SET #n = :v",
                         ExpressionAttributeNames={"#n": "name"}, ExpressionAttributeValues={":v": {"S": "edited"}})
    dynamodb.update_item(TableName="Shop", Key=order(1), UpdateExpression="SET #t = :v",
                         ExpressionAttributeNames={"#t": "total"}, ExpressionAttributeValues={":v": {"S": "12.50"}})
    dynamodb.put_item(TableName="Shop", Item=dict(key("CUSTOMER#X99", "#PROFILE"), name={"S": "nobody's"}))
    dynamodb.update_item(TableName="Shop", Key=order(2), UpdateExpression="REMOVE #s",
                         ExpressionAttributeNames={"#s": "GSI1SK"})
    mariadb.sql("UPDATE customers SET email = 'moved@example.com' WHERE id = 2;", database=shop.database)

    m = succeeded(*shop.validation.run("Shop", "--ddbm_full_compare", "true"))
    expected = CUSTOMERS + ORDERS
    assert m["view_rows"] == VIEW_ROWS and m["excluded_rows"] == EXCLUDED
    assert (m["expected_items"], m["items"], m["matched"]) == (expected, expected - 3 + 1, expected - 3)
    assert m["missing_keys"] == {"count": 3, "examples": [customer(10), customer(11), customer(12)]}
    assert m["unexpected_keys"] == {"count": 1, "examples": [key("CUSTOMER#X99", "#PROFILE")]}
    # One example per differing attribute, in the byte order of the canonical keys
    # ("S12:CUSTOMER#C01..." < "S7:ORDER#1...").
    assert m["attribute_mismatches"] == {"count": 4, "compared": expected - 3, "examples": [
        {"key": customer(1), "attribute": "name", "expected": {"S": "customer 1"}, "actual": {"S": "edited"}},
        {"key": customer(2), "attribute": "email", "expected": {"S": "moved@example.com"}, "actual": {"S": "c2@example.com"}},
        {"key": order(1), "attribute": "total", "expected": {"N": "12.5"}, "actual": {"S": "12.50"}},
        {"key": order(2), "attribute": "GSI1SK", "expected": {"S": "2024-03-01 10:00:00"}, "actual": None},
    ]}
    # ORDER#2 left the index: one item short, and the Query on its GSI key does not return it.
    assert m["gsis"] == [{"index": "GSI1", "expected": ORDERS, "present": ORDERS, "actual": ORDERS - 1, "queried": ORDERS,
                          "query_failures": 1}]
    assert m["entities"] == [{"entity": "CUSTOMER", "expected_items": CUSTOMERS, "matched": CUSTOMERS - 3},
                             {"entity": "ORDER", "expected_items": ORDERS, "matched": ORDERS}]
    assert m["sample"] == {"size": expected - 3, "full": True}
    shop.faulted = True


def test_a_sample_compares_the_items_with_the_smallest_sample_hashes(shop):
    """Five of the 19 matched items, by SHA-256 of "<seed>:" + canonical key bytes (computed here
    with hashlib from docs/VALIDATE.md's definition): the faults among them, and only those."""
    import hashlib

    assert getattr(shop, "faulted", False), "runs after the fault test"
    matched = [customer(n) for n in range(1, 10)] + [order(n) for n in range(1, 11)]

    def key_bytes(k):
        return b"".join(b"S%d:%s" % (len(v["S"].encode()), v["S"].encode()) for v in (k["PK"], k["SK"]))

    def rank(k, seed=3):
        return hashlib.sha256(b"%d:" % seed + key_bytes(k)).digest()[:8], key_bytes(k)

    # The candidates are the 2 × 5 converted rows with the smallest rank; the 3 deleted customers
    # can take at most 3 of those places, so the first 5 matched items overall are the sample.
    chosen = sorted(matched, key=rank)[:5]
    faulted = {json.dumps(customer(1)): ["name"], json.dumps(customer(2)): ["email"],
               json.dumps(order(1)): ["total"], json.dumps(order(2)): ["GSI1SK"]}
    found = sorted(((key_bytes(k), k, a) for k in chosen for a in faulted.get(json.dumps(k), [])), key=lambda e: e[0])

    m = succeeded(*shop.validation.run("Shop", "--ddbm_sample", "5", "--ddbm_seed", "3", "--ddbm_examples", "10"))
    assert m["sample"] == {"size": 5, "full": False}
    assert m["attribute_mismatches"]["compared"] == 5
    assert m["attribute_mismatches"]["count"] == len(found)
    assert [(e["key"], e["attribute"]) for e in m["attribute_mismatches"]["examples"]] == [(k, a) for _, k, a in found]
    sampled_orders = sum(1 for k in chosen if k["PK"]["S"].startswith("ORDER#"))
    assert m["gsis"][0]["queried"] == sampled_orders
    assert m["gsis"][0]["query_failures"] == (1 if order(2) in chosen else 0)
    # The key counts never depend on the sample.
    assert (m["matched"], m["missing_keys"]["count"], m["unexpected_keys"]["count"]) == (19, 3, 1)


def test_a_missing_table_fails_the_run_clearly_and_writes_nothing(shop):
    """The same contract with its table renamed: generated, never created in DynamoDB."""
    with open(os.path.join(CASE, "contract.json"), encoding="utf-8") as handle:
        contract = json.load(handle)
    contract["tables"][0]["table"] = "ShopNeverCreated"
    path = shop.work / "absent-contract.json"
    path.write_text(json.dumps(contract), encoding="utf-8")
    out = str(shop.work / "absent-out")
    shop.cli("generate", str(path), "--schema", shop.schema_json, "--dialect", "mariadb", "--out", out)
    validation = Validation(out, shop.validation.connections, shop.validation.endpoint, str(shop.work))
    done, measurement = validation.run("ShopNeverCreated")
    assert done.returncode != 0
    assert measurement is None
    assert "ddb-migrate validation of ShopNeverCreated failed: DynamoDB table ShopNeverCreated does not exist" in done.stderr, \
        done.stderr[-3000:]
