"""``validate`` end to end (MariaDB → generate → apply-views → run-local → DynamoDB on moto →
validate), docs/VALIDATE.md:

- a clean migration of both bundled contracts scores 100 and exits 0, on ``--on local`` and on
  ``--on glue`` (the generated ``glue/validate_<Table>.py`` on the local Glue stand-in), and the two
  engines' table entries are equal; the expected counts equal the hand-written expected rows;
- faults injected into the target are each found exactly — key, attribute, count — and nothing
  else: 3 items deleted, 1 attribute changed, 1 number stored as a string, 1 extra item, 1 GSI key
  attribute removed, a source row updated after the migration; the score drops by the formula;
- a run summary whose counters do not balance fails the table;
- bad input (unknown table, unreachable MySQL or endpoint, a tampered directory) gets its message
  and exit code, and nothing is written.

moto is reset when this module starts and ends: the faults must not leak into other modules'
tables (several modules migrate the same contracts).
"""

import json
import os
import shutil
from decimal import Decimal

import pytest

from conftest import REPO
from e2e_support import Pipeline, ddbm, expected_items, reset_moto

MODERNIZER = os.path.join(REPO, "contracts", "modernizer")
COVERAGE = os.path.join(REPO, "contracts", "coverage")


@pytest.fixture(scope="module", autouse=True)
def fresh_moto(moto_endpoint):
    reset_moto(moto_endpoint)
    yield
    reset_moto(moto_endpoint)


def migrate(mariadb, moto_endpoint, tmp_path_factory, name, root, *generate_args):
    pipeline = Pipeline(mariadb, f"e2e_validate_{name}", root, os.path.join(root, "contract.json"))
    pipeline.load_source(os.path.join(root, "schema.sql"), os.path.join(root, "seed.sql"))
    work = tmp_path_factory.mktemp(f"validate-{name}")
    pipeline.generate(str(work / "out"), *generate_args)
    pipeline.apply_views()
    pipeline.work_root = str(work)
    pipeline.first = pipeline.run_local(moto_endpoint, pipeline.work_root, "--partitions", "2")
    pipeline.endpoint = moto_endpoint
    return pipeline


@pytest.fixture(scope="module")
def modernizer(mariadb, moto_endpoint, tmp_path_factory):
    return migrate(mariadb, moto_endpoint, tmp_path_factory, "modernizer", MODERNIZER,
                   "--config", os.path.join(MODERNIZER, "config.json"))


@pytest.fixture(scope="module")
def coverage(mariadb, moto_endpoint, tmp_path_factory):
    return migrate(mariadb, moto_endpoint, tmp_path_factory, "coverage", COVERAGE)


def validate(pipeline, tmp_path, *extra, runs=None, directory=None, url=None, endpoint=None):
    """Runs validate with JSON output into a file; returns (process, document or None)."""
    out = tmp_path / f"validation-{len(list(tmp_path.iterdir()))}.json"
    done = pipeline.cli("validate", directory or pipeline.out, "--mysql", url or pipeline.url,
                        "--runs", runs or pipeline.first.work, "--dynamodb-endpoint", endpoint or pipeline.endpoint,
                        "--format", "json", "--out", str(out), *extra, check=False, timeout=900)
    doc = json.loads(out.read_text()) if out.exists() else None
    if doc is not None:
        assert json.loads(done.stdout) == doc, "stdout and --out hold the same document"
    return done, doc


def tables(doc):
    return {t["table"]: t for t in doc["tables"]}


# ---------------------------------------------------------------------------------------------
# Clean migrations
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["modernizer", "coverage"])
def test_clean_migration_scores_100_on_both_engines(name, request, tmp_path):
    pipeline = request.getfixturevalue(name)
    root = MODERNIZER if name == "modernizer" else COVERAGE
    local_done, local = validate(pipeline, tmp_path)
    assert local_done.returncode == 0, local_done.stderr
    assert local["validation_version"] == 1 and local["passed"] is True and local["on"] == "local"
    expected = expected_items(root)
    for table, entry in tables(local).items():
        n = len(expected[table])
        assert entry["score"] == 100, entry
        assert (entry["expected_items"], entry["items"], entry["matched"]) == (n, n, n), entry
        assert entry["missing_keys"] == {"count": 0, "examples": []}
        assert entry["unexpected_keys"] == {"count": 0, "examples": []}
        assert entry["attribute_mismatches"]["count"] == 0
        assert entry["attribute_mismatches"]["compared"] == n, "small tables are compared whole"
        assert all(g["expected"] == g["present"] == g["actual"] and g["query_failures"] == 0
                   for g in entry["gsis"]), entry["gsis"]
        assert entry["accounting"]["balanced"] is True and entry["accounting"]["runs"] == 1
        assert entry["accounting"]["written"] == n
    # The document is also written next to the run summaries, for `report`.
    published = os.path.join(pipeline.first.work, "validation", local["run"] + ".json")
    assert json.load(open(published)) == local

    glue_done, glue = validate(pipeline, tmp_path, "--on", "glue")
    assert glue_done.returncode == 0, glue_done.stderr
    assert glue["on"] == "glue"
    # Both engines measure the same thing the same way: the table entries are equal, field by field.
    assert glue["tables"] == local["tables"]


def test_text_output_names_every_table_and_the_verdict(modernizer):
    done = modernizer.cli("validate", modernizer.out, "--mysql", modernizer.url, "--runs", modernizer.first.work,
                          "--dynamodb-endpoint", modernizer.endpoint)
    for table in ("Categories", "Products", "Users"):
        assert table in done.stdout
    assert "every table passed" in done.stdout


def test_summaries_from_the_report_prefix_and_the_document_published_there(modernizer, tmp_path):
    """Without --runs: the run summaries come from <reports_prefix><Table>/ in S3, and the
    document goes to <reports_prefix>validation/<run>.json, as on AWS (moto's S3 here)."""
    import boto3

    manifest = json.load(open(os.path.join(modernizer.out, "manifest.json")))
    bucket, prefix = manifest["s3"]["bucket"], manifest["s3"]["reports_prefix"]
    s3 = boto3.client("s3", endpoint_url=modernizer.endpoint, region_name=manifest["region"])
    s3.create_bucket(Bucket=bucket)
    for table in ("Categories", "Products", "Users"):
        folder = os.path.join(modernizer.first.work, table, "reports", table)
        for name in os.listdir(folder):
            if name.endswith(".json"):
                s3.upload_file(os.path.join(folder, name), bucket, f"{prefix}{table}/{name}")
        # A progress object below the table's folder is not a summary.
        s3.put_object(Bucket=bucket, Key=f"{prefix}{table}/jr_x/progress/part-00000.json", Body=b"{}")
    out = tmp_path / "doc.json"
    done = ddbm("validate", modernizer.out, "--mysql", modernizer.url, "--dynamodb-endpoint", modernizer.endpoint,
                "--format", "json", "--out", str(out), check=False,
                env=dict(modernizer.env, AWS_ENDPOINT_URL=modernizer.endpoint))
    assert done.returncode == 0, done.stderr
    doc = json.loads(out.read_text())
    assert all(t["accounting"]["runs"] == 1 and t["accounting"]["balanced"] for t in doc["tables"])
    published = s3.get_object(Bucket=bucket, Key=f"{prefix}validation/{doc['run']}.json")["Body"].read()
    assert json.loads(published) == doc


# ---------------------------------------------------------------------------------------------
# Faults
# ---------------------------------------------------------------------------------------------


def canonical(number):
    return format(Decimal(number).normalize(), "f")


def key_of(item, names):
    return {n: item[n] for n in names}


@pytest.fixture(scope="module")
def faults(modernizer, dynamodb, mariadb):
    """Injects one of each fault; returns what was done, for the assertions."""
    users = sorted(dynamodb.scan(TableName="Users")["Items"], key=lambda i: (i["PK"]["S"], i["SK"]["S"]))
    stale = next(i for i in users if i["SK"]["S"].startswith("ORDER#"))
    changed = next(i for i in users if i["SK"]["S"] == "#META")
    deleted = [key_of(i, ("PK", "SK")) for i in users if i is not stale and i is not changed][:3]
    for key in deleted:
        dynamodb.delete_item(TableName="Users", Key=key)
    dynamodb.update_item(TableName="Users", Key=key_of(changed, ("PK", "SK")),
                         UpdateExpression="SET #a = :v", ExpressionAttributeNames={"#a": "username"},
                         ExpressionAttributeValues={":v": {"S": "someone-else"}})
    extra = {"PK": {"S": "nobody@example.com"}, "SK": {"S": "#META"}, "username": {"S": "ghost"}}
    dynamodb.put_item(TableName="Users", Item=extra)

    products = sorted(dynamodb.scan(TableName="Products")["Items"], key=lambda i: i["PK"]["S"])
    as_string = products[0]
    dynamodb.update_item(TableName="Products", Key=key_of(as_string, ("PK", "SK")),
                         UpdateExpression="SET #a = :v", ExpressionAttributeNames={"#a": "price"},
                         ExpressionAttributeValues={":v": {"S": as_string["price"]["N"]}})
    no_gsi = products[1]
    dynamodb.update_item(TableName="Products", Key=key_of(no_gsi, ("PK", "SK")),
                         UpdateExpression="REMOVE #a", ExpressionAttributeNames={"#a": "GSI1PK"})

    # A source row changed after the migration: the order's item keeps the old status (if-absent
    # never rewrites it). updated_at is kept so exactly one attribute differs.
    order_id = stale["order_id"]["S"]
    new_status = "cancelled" if stale["order_status"]["S"] != "cancelled" else "completed"
    mariadb.sql(f"UPDATE orders SET status = '{new_status}', updated_at = updated_at WHERE id = {int(order_id)}",
                database=modernizer.database)
    return {"deleted": deleted, "changed": changed, "extra": extra, "as_string": as_string, "no_gsi": no_gsi,
            "stale": stale, "new_status": new_status}


def test_each_fault_is_found_exactly(modernizer, faults, tmp_path):
    # The Glue engine on the two faulted tables only: each table is a Spark start.
    for engine, only in (("local", ()), ("glue", ("--table", "Users", "--table", "Products"))):
        done, doc = validate(modernizer, tmp_path, "--full", "--on", engine, *only)
        assert done.returncode == 1, (engine, done.stderr)
        assert doc["passed"] is False
        by_table = tables(doc)

        users = by_table["Users"]
        assert users["missing_keys"]["count"] == 3
        assert sorted(map(json.dumps, users["missing_keys"]["examples"])) == sorted(map(json.dumps, faults["deleted"]))
        assert users["unexpected_keys"] == {"count": 1, "examples": [key_of(faults["extra"], ("PK", "SK"))]}
        mismatches = users["attribute_mismatches"]
        assert mismatches["count"] == 2, mismatches
        found = {(json.dumps(m["key"], sort_keys=True), m["attribute"]): (m["expected"], m["actual"])
                 for m in mismatches["examples"]}
        changed_key = json.dumps(key_of(faults["changed"], ("PK", "SK")), sort_keys=True)
        stale_key = json.dumps(key_of(faults["stale"], ("PK", "SK")), sort_keys=True)
        assert found == {
            (changed_key, "username"): (faults["changed"]["username"], {"S": "someone-else"}),
            (stale_key, "order_status"): ({"S": faults["new_status"]}, faults["stale"]["order_status"]),
        }
        n = users["expected_items"]
        assert users["score_terms"] == {"missing": 3, "unexpected": 1, "mismatched": 2, "gsi": 0, "discrepancies": 6}
        assert users["score"] == min(99.99, (10000 * (n - 6) // n) / 100)

        products = by_table["Products"]
        assert products["missing_keys"]["count"] == 0 and products["unexpected_keys"]["count"] == 0
        found = {(json.dumps(m["key"], sort_keys=True), m["attribute"]): (m["expected"], m["actual"])
                 for m in products["attribute_mismatches"]["examples"]}
        price_key = json.dumps(key_of(faults["as_string"], ("PK", "SK")), sort_keys=True)
        gsi_key = json.dumps(key_of(faults["no_gsi"], ("PK", "SK")), sort_keys=True)
        assert found == {
            # Numbers in a measurement are canonical decimal text (moto keeps "1299.00" as written;
            # DynamoDB itself would return "1299").
            (price_key, "price"): ({"N": canonical(faults["as_string"]["price"]["N"])},
                                   {"S": faults["as_string"]["price"]["N"]}),
            (gsi_key, "GSI1PK"): (faults["no_gsi"]["GSI1PK"], None),
        }
        assert products["attribute_mismatches"]["count"] == 2
        gsi1 = next(g for g in products["gsis"] if g["index"] == "GSI1")
        assert gsi1["actual"] == gsi1["present"] - 1 and gsi1["present"] == gsi1["expected"]
        assert all(g["expected"] == g["present"] == g["actual"] for g in products["gsis"] if g["index"] != "GSI1")
        assert products["score_terms"]["gsi"] == 1 and products["score_terms"]["discrepancies"] == 3

        if engine == "local":
            assert by_table["Categories"]["score"] == 100 and by_table["Categories"]["passed"] is True


def test_min_score_lets_a_known_imperfection_pass(modernizer, faults, tmp_path):
    done, doc = validate(modernizer, tmp_path, "--full", "--table", "Users", "--min-score", "0")
    assert [t["table"] for t in doc["tables"]] == ["Users"]
    score = doc["tables"][0]["score"]
    assert 0 < score < 100 and done.returncode == 0 and doc["passed"] is True
    done, doc = validate(modernizer, tmp_path, "--full", "--table", "Users", "--min-score", str(score))
    assert done.returncode == 0 and doc["passed"] is True, "the bound is inclusive"
    done, doc = validate(modernizer, tmp_path, "--full", "--table", "Users", "--min-score", str(round(score + 0.01, 2)))
    assert done.returncode == 1 and doc["passed"] is False and doc["min_score"] == round(score + 0.01, 2)


# ---------------------------------------------------------------------------------------------
# Accounting and bad input
# ---------------------------------------------------------------------------------------------


def test_unbalanced_run_summary_fails_the_table(coverage, tmp_path):
    runs = tmp_path / "runs"
    shutil.copytree(coverage.first.work, runs)
    table = next(t for t in sorted(os.listdir(runs)) if os.path.isdir(runs / t / "reports" / t))
    folder = runs / table / "reports" / table
    name = next(n for n in sorted(os.listdir(folder)) if n.endswith(".json") and n != "high-water-mark.json")
    summary = json.loads((folder / name).read_text())
    summary["counters"]["written"] -= 1
    (folder / name).write_text(json.dumps(summary))
    done, doc = validate(coverage, tmp_path, "--runs", str(runs), "--table", table)
    assert done.returncode == 1
    entry = doc["tables"][0]
    assert entry["score"] == 100, "the table itself is fine"
    assert entry["accounting"]["balanced"] is False and entry["passed"] is False
    assert entry["accounting"]["unbalanced_runs"][0].startswith(name[:-5] + ": read ")


def test_unknown_table_is_refused_before_anything_is_read(coverage, tmp_path):
    runs = tmp_path / "runs"
    shutil.copytree(coverage.first.work, runs)
    before = set(os.listdir(runs))
    done, doc = validate(coverage, tmp_path, "--runs", str(runs), "--table", "NoSuchTable")
    assert done.returncode == 1 and doc is None
    assert "no table NoSuchTable" in done.stderr
    assert set(os.listdir(runs)) == before, "nothing written"


def test_unreachable_mysql_and_endpoint_exit_3(coverage, tmp_path):
    done, doc = validate(coverage, tmp_path, url=coverage.url.replace(f":{coverage.mariadb.port}/", ":1/"))
    assert done.returncode == 3 and doc is None, done.stderr
    done, doc = validate(coverage, tmp_path, endpoint="http://127.0.0.1:1")
    assert done.returncode == 3 and doc is None, done.stderr
    assert "Traceback" not in done.stderr and "Fatal error" not in done.stderr


def test_tampered_directory_is_refused(coverage, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(coverage.out, copy)
    with open(copy / "views.sql", "a") as handle:
        handle.write("-- edited by hand\n")
    done, doc = validate(coverage, tmp_path, directory=str(copy))
    assert done.returncode == 1 and doc is None
    assert "views.sql" in done.stderr
