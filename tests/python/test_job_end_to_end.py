"""The job template end to end: render it with a spec v2 document, run it with run_local.py
(AWS's awsglue, the Glue stand-in, the Connector/J shim, local Spark) against throwaway MariaDB
views and a moto DynamoDB, and compare the items; a second run writes nothing."""

import glob
import os

import pytest

from conftest import scan_all
from test_job_support import LocalJob

PASSWORD = "e2e-Secret-pw"

SCHEMA = """
DROP DATABASE IF EXISTS app;
CREATE DATABASE app;
USE app;
CREATE TABLE users (
  id INT PRIMARY KEY, email VARCHAR(100), name VARCHAR(100), is_seller TINYINT(1) NOT NULL,
  balance DECIMAL(12,2), tags JSON, prefs TEXT, avatar VARBINARY(16), created_at DATETIME,
  updated_at BIGINT NOT NULL);
INSERT INTO users VALUES
  (1, 'ann@example.com', 'Ann', 1, 12.50, '["a","b","a"]', '{"theme":"dark","n":1.5}', X'0102', '2024-03-01 10:00:00', 100),
  (2, 'bob@example.com', 'Bob', 0, NULL, '[]', NULL, NULL, '2024-03-02 11:30:00', 101),
  (3, NULL, 'Nobody', 0, 1.00, NULL, NULL, NULL, NULL, 102),
  (4, 'eve@example.com', NULL, 1, 99999999.99, '["x"]', '{broken', NULL, NULL, 103),
  (5, 'dan@example.com', 'Dan', 0, -3.10, NULL, '{}', NULL, NULL, 104),
  (6, 'dup@example.com', 'Dup1', 0, NULL, NULL, NULL, NULL, NULL, 105),
  (7, 'dup@example.com', 'Dup2', 0, NULL, NULL, NULL, NULL, NULL, 106);
CREATE TABLE carts (code VARCHAR(10) PRIMARY KEY, owner VARCHAR(100) NOT NULL, total DECIMAL(10,2));
INSERT INTO carts VALUES ('c1', 'ann@example.com', 7.25), ('c2', 'bob@example.com', NULL);
CREATE OR REPLACE VIEW ddb_users_view AS
SELECT u.id AS _partition_key,
       CONCAT('USER#', u.email) AS PK, '#META' AS SK,
       u.name AS name, u.is_seller AS is_seller, u.balance AS balance,
       u.tags AS tags, u.prefs AS prefs, u.avatar AS avatar,
       CAST(u.created_at AS CHAR) AS created_at,
       CASE WHEN u.is_seller = 1 THEN 'SELLER' END AS GSI1PK,
       u.updated_at AS updated_at
FROM users u;
CREATE OR REPLACE VIEW ddb_shop_view__user AS
SELECT u.id AS _partition_key, 'USER' AS _entity_type, CONCAT('USER#', u.email) AS PK, '#META' AS SK,
       u.name AS name FROM users u WHERE u.email IS NOT NULL AND u.id < 6;
CREATE OR REPLACE VIEW ddb_shop_view__cart AS
SELECT CAST(NULL AS SIGNED) AS _partition_key, 'CART' AS _entity_type, CONCAT('USER#', c.owner) AS PK,
       CONCAT('CART#', c.code) AS SK, c.total AS total FROM carts c;
CREATE USER IF NOT EXISTS 'ddbm'@'127.0.0.1' IDENTIFIED BY '%s';
GRANT SELECT ON app.* TO 'ddbm'@'127.0.0.1';
""" % PASSWORD

ATTRIBUTES = [("PK", "S"), ("SK", "S"), ("name", "S"), ("is_seller", "BOOL"), ("balance", "N"), ("tags", "SS"),
              ("prefs", "M"), ("avatar", "B"), ("created_at", "S"), ("GSI1PK", "S"), ("updated_at", "N")]


def users_spec(table):
    return {
        "spec_version": 2, "table": table, "view": "ddb_users_view", "pk": "PK", "sk": "SK",
        "gsi_keys": ["GSI1PK"], "attributes": [{"name": n, "type": t} for n, t in ATTRIBUTES],
        "write": {"mode": "if-absent", "version_attribute": None}, "bookmark_attribute": None,
        "entity_column": None, "partition_column": "_partition_key",
        "sources": [{"entity": None, "view": "ddb_users_view", "columns": [n for n, _ in ATTRIBUTES],
                     "bounds": {"table": "users", "column": "id"}}],
    }


def shop_spec(table):
    return {
        "spec_version": 2, "table": table, "view": "ddb_shop_view", "pk": "PK", "sk": "SK", "gsi_keys": [],
        "attributes": [{"name": "PK", "type": "S"}, {"name": "SK", "type": "S"}, {"name": "name", "type": "S"},
                       {"name": "total", "type": "N"}],
        "write": {"mode": "if-absent"}, "bookmark_attribute": None,
        "entity_column": "_entity_type", "partition_column": "_partition_key",
        "sources": [
            {"entity": "USER", "view": "ddb_shop_view__user", "columns": ["PK", "SK", "name"],
             "bounds": {"table": "users", "column": "id"}},
            {"entity": "CART", "view": "ddb_shop_view__cart", "columns": ["PK", "SK", "total"], "bounds": None},
        ],
    }


EXPECTED = [
    {"PK": {"S": "USER#ann@example.com"}, "SK": {"S": "#META"}, "name": {"S": "Ann"}, "is_seller": {"BOOL": True},
     "balance": {"N": "12.5"}, "tags": {"SS": ["a", "b"]},
     "prefs": {"M": {"theme": {"S": "dark"}, "n": {"N": "1.5"}}}, "avatar": {"B": b"\x01\x02"},
     "created_at": {"S": "2024-03-01 10:00:00"}, "GSI1PK": {"S": "SELLER"}, "updated_at": {"N": "100"}},
    {"PK": {"S": "USER#bob@example.com"}, "SK": {"S": "#META"}, "name": {"S": "Bob"}, "is_seller": {"BOOL": False},
     "created_at": {"S": "2024-03-02 11:30:00"}, "updated_at": {"N": "101"}},
    {"PK": {"S": "USER#dan@example.com"}, "SK": {"S": "#META"}, "name": {"S": "Dan"}, "is_seller": {"BOOL": False},
     "balance": {"N": "-3.1"}, "prefs": {"M": {}}, "updated_at": {"N": "104"}},
]


def normalized(items):
    """Items comparable across clients: sets sorted, numbers compared by value, bytes as bytes."""
    def norm(av):
        (kind, inner), = av.items()
        if kind == "N":
            return {"N": str(float(inner))}
        if kind in ("SS", "NS"):
            return {kind: sorted(inner)}
        if kind == "M":
            return {"M": {k: norm(v) for k, v in inner.items()}}
        if kind == "B":
            return {"B": bytes(inner)}
        return av
    return sorted(({k: norm(v) for k, v in item.items()} for item in items), key=lambda i: (i["PK"]["S"], i["SK"]["S"]))


@pytest.fixture(scope="module")
def source_db(mariadb):
    mariadb.sql(SCHEMA)
    return mariadb


def job(tmp_path, source_db, spec, endpoint):
    return LocalJob(str(tmp_path), spec, source_db.port, "app", "ddbm", PASSWORD, endpoint)


def test_job_writes_expected_items_and_second_run_writes_nothing(tmp_path, source_db, dynamodb, make_table,
                                                                 moto_endpoint):
    table = make_table(prefix="Users")
    local = job(tmp_path, source_db, users_spec(table), moto_endpoint)

    # --ddbm_min_range_keys 1: seven keys still make P ranges, so the split itself is exercised.
    first = local.run("--ddbm_run_id", "run-1", "--ddbm_min_range_keys", "1")
    assert first.returncode == 0, first.stderr[-5000:]
    assert normalized(scan_all(dynamodb, table)) == normalized(EXPECTED)
    report = local.summary("run-1")
    assert report["status"] == "succeeded" and report["partitions"] == 2
    assert report["counters"] == {"read": 7, "written": 3, "skipped": 0, "dead_lettered": 4, "throttled_retries": 0}
    assert report["dead_letter_reasons"] == {"invalid-json": 1, "key-collision": 2, "missing-key": 1}
    assert report["consumed_write_units"] == 3.0 and report["high_water_mark"] is None
    letters = local.dead_letters("run-1")
    assert sorted(l["reason"] for l in letters) == ["invalid-json", "key-collision", "key-collision", "missing-key"]
    assert all(l["row"]["_partition_key"] in (3, 4, 6, 7) for l in letters)
    assert "view ddb_users_view: partition key _partition_key spans 1..7, 2 read ranges" in first.stderr
    assert "Glue job bookmarks are enabled" not in first.stderr  # run_local starts runs with bookmarks disabled

    second = local.run("--ddbm_run_id", "run-2")
    assert second.returncode == 0, second.stderr[-5000:]
    assert local.summary("run-2")["counters"] == {"read": 7, "written": 0, "skipped": 3, "dead_lettered": 4,
                                                  "throttled_retries": 0}
    assert normalized(scan_all(dynamodb, table)) == normalized(EXPECTED)


def test_a_run_started_like_the_console_is_named_by_glues_run_id_and_leaves_progress(tmp_path, source_db, dynamodb,
                                                                                    make_table, moto_endpoint):
    """No --ddbm_run_id (a console, schedule or trigger start): the run id is Glue's JOB_RUN_ID."""
    table = make_table(prefix="Users")
    local = job(tmp_path, source_db, users_spec(table), moto_endpoint)
    done = local.run()
    assert done.returncode == 0, done.stderr[-5000:]
    (run_id,) = local.summaries()
    assert run_id.startswith("jr_") and local.summary(run_id)["run_id"] == run_id
    progress = local.progress(run_id)
    assert sorted(progress) == ["driver.json", "part-00000.json", "part-00001.json"]
    assert progress["driver.json"]["phase"] == "finished" and progress["driver.json"]["partitions"] == 2
    parts = [progress[f"part-0000{i}.json"] for i in (0, 1)]
    assert all(p["done"] and p["run_id"] == run_id and p["table"] == table for p in parts)
    assert sum(p["counters"]["read"] for p in parts) == 7
    assert sum(p["counters"]["written"] for p in parts) == 3


def test_a_multi_entity_table_reads_each_entity_view_and_unions_them(tmp_path, source_db, dynamodb, make_table,
                                                                     moto_endpoint):
    table = make_table(prefix="Shop")
    local = job(tmp_path, source_db, shop_spec(table), moto_endpoint)
    done = local.run("--ddbm_run_id", "shop-1", "--ddbm_partitions", "3")
    assert done.returncode == 0, done.stderr[-5000:]
    assert local.summary("shop-1")["counters"] == {"read": 6, "written": 6, "skipped": 0, "dead_lettered": 0,
                                                   "throttled_retries": 0}
    items = normalized(scan_all(dynamodb, table))
    carts = [i for i in items if i["SK"]["S"].startswith("CART#")]
    users = [i for i in items if i["SK"]["S"] == "#META"]
    assert carts == [
        {"PK": {"S": "USER#ann@example.com"}, "SK": {"S": "CART#c1"}, "total": {"N": "7.25"}},
        {"PK": {"S": "USER#bob@example.com"}, "SK": {"S": "CART#c2"}},
    ]
    assert sorted(i["PK"]["S"] for i in users) == ["USER#ann@example.com", "USER#bob@example.com",
                                                   "USER#dan@example.com", "USER#eve@example.com"]
    assert all("total" not in i for i in users) and {"S": "Ann"} in [i.get("name") for i in users]
    assert "entity USER (view ddb_shop_view__user): partition key _partition_key spans 1..7" in done.stderr
    assert "entity CART (view ddb_shop_view__cart): one reader (no integer key)" in done.stderr


def test_an_unreachable_target_fails_at_start_with_a_summary(tmp_path, source_db):
    table = "Users-missing"
    local = job(tmp_path, source_db, users_spec(table), "http://127.0.0.1:9")
    done = local.run("--ddbm_run_id", "down-1")
    assert done.returncode == 1
    report = local.summary("down-1")
    assert report["status"] == "failed"
    assert "cannot describe DynamoDB table Users-missing in us-east-1 at http://127.0.0.1:9" in report["error"]
    assert report["counters"] == {"read": 0, "written": 0, "skipped": 0, "dead_lettered": 0, "throttled_retries": 0}
    assert local.progress("down-1")["driver.json"]["phase"] == "failed"
    assert not glob.glob(os.path.join(local.out, "dead-letters", "*"))


def test_a_table_with_other_keys_is_refused_before_any_write(tmp_path, source_db, dynamodb, make_table,
                                                              moto_endpoint):
    table = make_table(prefix="Users", sk=None)
    local = job(tmp_path, source_db, users_spec(table), moto_endpoint)
    done = local.run("--ddbm_run_id", "keys-1")
    assert done.returncode == 1
    assert "has key PK (S), but the contract says PK (S), SK (S)" in local.summary("keys-1")["error"]
    assert scan_all(dynamodb, table) == []
