"""Incremental runs end to end (the job's own high-water mark, no Glue bookmarks): rows inserted
and updated between runs arrive, nothing is written twice, a failed run does not move the mark,
and --ddbm_full true reads everything and starts a new mark."""

import pytest

from conftest import scan_all
from test_job_support import LocalJob

PASSWORD = "incr-Secret-pw-3"

SCHEMA = f"""
DROP DATABASE IF EXISTS incr;
CREATE DATABASE incr;
USE incr;
CREATE TABLE accounts (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL, name VARCHAR(100) NOT NULL,
                       updated_at BIGINT NOT NULL, KEY (updated_at));
INSERT INTO accounts VALUES (1, 'a@x', 'Ann', 100), (2, 'b@x', 'Bob', 105), (3, 'c@x', 'Cy', 110),
                            (4, 'd@x', 'Di', 110);
CREATE VIEW ddb_accounts_view AS
SELECT a.id AS _partition_key, CONCAT('ACCOUNT#', a.email) AS PK, a.name AS name, a.updated_at AS updated_at
FROM accounts a;
CREATE USER IF NOT EXISTS 'incr'@'127.0.0.1' IDENTIFIED BY '{PASSWORD}';
GRANT SELECT ON incr.* TO 'incr'@'127.0.0.1';
"""


def spec(table):
    return {
        "spec_version": 2, "table": table, "view": "ddb_accounts_view", "pk": "PK", "sk": None, "gsi_keys": [],
        "attributes": [{"name": "PK", "type": "S"}, {"name": "name", "type": "S"}, {"name": "updated_at", "type": "N"}],
        # if-newer on the bookmark: an update reaches DynamoDB, a re-read of an unchanged row is skipped
        "write": {"mode": "if-newer", "version_attribute": "updated_at"}, "bookmark_attribute": "updated_at",
        "entity_column": None, "partition_column": "_partition_key",
        "sources": [{"entity": None, "view": "ddb_accounts_view", "columns": ["PK", "name", "updated_at"],
                     "bounds": {"table": "accounts", "column": "id"}}],
    }


def items(dynamodb, table):
    return {i["PK"]["S"]: (i["name"]["S"], int(i["updated_at"]["N"])) for i in scan_all(dynamodb, table)}


def counters(local, run_id):
    summary = local.summary(run_id)
    assert summary["status"] == "succeeded", summary
    c = summary["counters"]
    return c["read"], c["written"], c["skipped"], c["dead_lettered"]


@pytest.fixture
def accounts(mariadb):
    mariadb.sql(SCHEMA)
    return mariadb


def test_incremental_runs_pick_up_inserts_and_updates_once(tmp_path, accounts, dynamodb, moto_endpoint):
    table = "Accounts-incr"
    dynamodb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                          KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}],
                          AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"}])
    local = LocalJob(str(tmp_path), spec(table), accounts.port, "incr", "incr", PASSWORD, moto_endpoint)

    # 1: first run, no mark: everything; the mark is the MAX at start
    done = local.run("--ddbm_run_id", "r1")
    assert done.returncode == 0, done.stderr[-4000:]
    assert counters(local, "r1") == (4, 4, 0, 0)
    mark = local.high_water_mark()
    assert (mark["hwm_version"], mark["table"], mark["attribute"], mark["value"], mark["run_id"]) == (
        1, table, "updated_at", {"type": "int", "value": "110"}, "r1")
    assert local.summary("r1")["high_water_mark"]["from"] is None

    # 2: one update, one insert; the two rows at the mark (110) are read again and skipped
    accounts.sql("UPDATE accounts SET name = 'Ann B.', updated_at = 120 WHERE id = 1; "
                 "INSERT INTO accounts VALUES (5, 'e@x', 'Eve', 121);", database="incr")
    done = local.run("--ddbm_run_id", "r2")
    assert done.returncode == 0, done.stderr[-4000:]
    assert counters(local, "r2") == (4, 2, 2, 0)  # read 110, 110, 120, 121; wrote the update and the insert
    assert items(dynamodb, table) == {"ACCOUNT#a@x": ("Ann B.", 120), "ACCOUNT#b@x": ("Bob", 105),
                                      "ACCOUNT#c@x": ("Cy", 110), "ACCOUNT#d@x": ("Di", 110),
                                      "ACCOUNT#e@x": ("Eve", 121)}
    assert local.high_water_mark()["value"] == {"type": "int", "value": "121"}

    # 3: a failed run (DynamoDB unreachable) after another insert does not move the mark
    accounts.sql("INSERT INTO accounts VALUES (6, 'f@x', 'Fay', 130);", database="incr")
    failed = local.run("--ddbm_run_id", "r3", endpoint="http://127.0.0.1:9")
    assert failed.returncode == 1
    assert local.summary("r3")["status"] == "failed"
    assert local.high_water_mark()["value"] == {"type": "int", "value": "121"}
    assert local.high_water_mark()["run_id"] == "r2"

    # 4: the next good run reads from 121 (inclusive): Eve again (skipped) and Fay
    done = local.run("--ddbm_run_id", "r4")
    assert done.returncode == 0, done.stderr[-4000:]
    assert counters(local, "r4") == (2, 1, 1, 0)
    assert items(dynamodb, table)["ACCOUNT#f@x"] == ("Fay", 130)
    assert local.high_water_mark()["value"] == {"type": "int", "value": "130"}

    # nothing was ever written twice: one write per insert or update
    assert sum(local.summary(r)["counters"]["written"] for r in ("r1", "r2", "r4")) == 4 + 2 + 1

    # 5: --ddbm_full true ignores the mark (reads all six), writes nothing new, marks the MAX again
    done = local.run("--ddbm_run_id", "r5", "--ddbm_full", "true")
    assert done.returncode == 0, done.stderr[-4000:]
    assert counters(local, "r5") == (6, 0, 6, 0)
    summary = local.summary("r5")["high_water_mark"]
    assert summary["full"] is True and summary["from"] is None and summary["saved"] is True
    assert local.high_water_mark()["value"] == {"type": "int", "value": "130"}
    assert local.high_water_mark()["run_id"] == "r5"
