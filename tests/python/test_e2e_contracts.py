"""End to end on the bundled contracts: MariaDB (schema.sql + seed.sql) → ``generate`` (MariaDB
dialect, with the schema snapshot) → ``apply-views`` → ``run-local --create-tables`` → DynamoDB on
moto, and every item equals the item the hand-written expected view rows become (docs/CONTRACT.md §5,
derived in e2e_support, not by the job's converter). Then a second run: nothing new is written.

Each contract is migrated once per module (Spark sessions cost seconds); the tests read that run.
"""

import os

import pytest

from conftest import REPO, scan_all
from e2e_support import Pipeline, assert_same_items, expected_items, load_contract

MODERNIZER = os.path.join(REPO, "contracts", "modernizer")
COVERAGE = os.path.join(REPO, "contracts", "coverage")


def migrate(mariadb, tmp_path_factory, name, root, *generate_args):
    pipeline = Pipeline(mariadb, f"e2e_{name}", root, os.path.join(root, "contract.json"))
    pipeline.load_source(os.path.join(root, "schema.sql"), os.path.join(root, "seed.sql"))
    work = tmp_path_factory.mktemp(f"e2e-{name}")
    pipeline.generate(str(work / "out"), *generate_args)
    pipeline.apply_views()
    pipeline.work_root = str(work)
    return pipeline


@pytest.fixture(scope="module")
def modernizer(mariadb, moto_endpoint, tmp_path_factory):
    pipeline = migrate(mariadb, tmp_path_factory, "modernizer", MODERNIZER,
                       "--config", os.path.join(MODERNIZER, "config.json"))
    pipeline.first = pipeline.run_local(moto_endpoint, pipeline.work_root, "--partitions", "2")
    return pipeline


@pytest.fixture(scope="module")
def coverage(mariadb, moto_endpoint, tmp_path_factory):
    pipeline = migrate(mariadb, tmp_path_factory, "coverage", COVERAGE)
    pipeline.first = pipeline.run_local(moto_endpoint, pipeline.work_root, "--partitions", "2")
    return pipeline


def assert_tables_equal_expected(dynamodb, root, expected=None):
    shapes = load_contract(os.path.join(root, "contract.json"))
    expected = expected or expected_items(root)
    for table, items in expected.items():
        assert_same_items(scan_all(dynamodb, table), items, shapes[table])


def test_modernizer_items_equal_expected(modernizer, dynamodb):
    expected = expected_items(MODERNIZER)
    assert_tables_equal_expected(dynamodb, MODERNIZER, expected)
    for table, items in expected.items():
        assert modernizer.first.counters(table) == {
            "read": len(items), "written": len(items), "skipped": 0, "dead_lettered": 0, "throttled_retries": 0}, table


def test_modernizer_second_run_writes_nothing(modernizer, dynamodb, moto_endpoint):
    second = modernizer.run_local(moto_endpoint, modernizer.work_root, "--partitions", "2")
    for table, items in expected_items(MODERNIZER).items():
        # if-absent: every item exists already, so each put is a conditional-check failure.
        assert second.counters(table) == {"read": len(items), "written": 0, "skipped": len(items),
                                          "dead_lettered": 0, "throttled_retries": 0}, table
    assert_tables_equal_expected(dynamodb, MODERNIZER)


def test_coverage_items_equal_expected(coverage, dynamodb):
    expected = expected_items(COVERAGE)
    assert_tables_equal_expected(dynamodb, COVERAGE, expected)
    for table, items in expected.items():
        assert coverage.first.counters(table) == {
            "read": len(items), "written": len(items), "skipped": 0, "dead_lettered": 0, "throttled_retries": 0}, table


def test_coverage_second_run_respects_each_write_mode(coverage, dynamodb, moto_endpoint):
    """Library (if-absent) skips everything; Books (if-newer on ``version``) keeps an item the
    application wrote with a newer version and replaces one with an older version; Staff
    (overwrite, an explicit opt-in) rewrites its items with the same content."""
    expected = expected_items(COVERAGE)
    books = {item["PK"]["S"]: item for item in expected["Books"]}
    newer = dict(books["BOOK#1"], version={"N": "99"}, title={"S": "Edited by the application"})
    older = dict(books["BOOK#2"], version={"N": "0"}, title={"S": "Stale copy"})
    for item in (newer, older):
        dynamodb.put_item(TableName="Books", Item=item)

    # A fresh work folder: no high-water mark (it lives under the run's report folder), so Books
    # (incremental) reads every row again.
    second = coverage.run_local(moto_endpoint, coverage.work_root, "--partitions", "2")
    n = {table: len(items) for table, items in expected.items()}
    assert second.counters("Library") == {"read": n["Library"], "written": 0, "skipped": n["Library"],
                                          "dead_lettered": 0, "throttled_retries": 0}
    assert second.counters("Books") == {"read": n["Books"], "written": 1, "skipped": n["Books"] - 1,
                                        "dead_lettered": 0, "throttled_retries": 0}
    assert second.counters("Staff") == {"read": n["Staff"], "written": n["Staff"], "skipped": 0,
                                        "dead_lettered": 0, "throttled_retries": 0}
    expected["Books"] = [newer if item["PK"]["S"] == "BOOK#1" else item for item in expected["Books"]]
    assert_tables_equal_expected(dynamodb, COVERAGE, expected)
