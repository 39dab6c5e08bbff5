"""The job template end to end: render it, run it with run_local.py on local Spark against a
throwaway MariaDB view and a moto DynamoDB, and compare the items; a second run writes nothing."""

import base64
import glob
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import GLUE_TEMPLATES, REPO, scan_all

PLACEHOLDER = "{{{spec_literal}}}"
PASSWORD_ENV = "DDBM_TEST_MYSQL_PWD"
PASSWORD = "e2e-Secret-pw"

SCHEMA = """
CREATE DATABASE IF NOT EXISTS app;
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
CREATE OR REPLACE VIEW ddb_users_view AS
SELECT u.id AS _partition_key, 'USER' AS _entity_type,
       CONCAT('USER#', u.email) AS PK, '#META' AS SK,
       u.name AS name, u.is_seller AS is_seller, u.balance AS balance,
       u.tags AS tags, u.prefs AS prefs, u.avatar AS avatar,
       CAST(u.created_at AS CHAR) AS created_at,
       CASE WHEN u.is_seller = 1 THEN 'SELLER' END AS GSI1PK,
       u.updated_at AS updated_at
FROM users u;
CREATE USER IF NOT EXISTS 'ddbm'@'127.0.0.1' IDENTIFIED BY '%s';
GRANT SELECT ON app.* TO 'ddbm'@'127.0.0.1';
""" % PASSWORD


def job_spec(table, bookmark=None):
    return {
        "spec_version": 1, "table": table, "view": "ddb_users_view", "pk": "PK", "sk": "SK",
        "gsi_keys": ["GSI1PK"],
        "attributes": [
            {"name": "PK", "type": "S"}, {"name": "SK", "type": "S"}, {"name": "name", "type": "S"},
            {"name": "is_seller", "type": "BOOL"}, {"name": "balance", "type": "N"},
            {"name": "tags", "type": "SS"}, {"name": "prefs", "type": "M"}, {"name": "avatar", "type": "B"},
            {"name": "created_at", "type": "S"}, {"name": "GSI1PK", "type": "S"},
            {"name": "updated_at", "type": "N"},
        ],
        "write": {"mode": "if-absent", "version_attribute": None}, "bookmark_attribute": bookmark,
        "entity_column": "_entity_type", "partition_column": "_partition_key",
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
    return sorted(({k: norm(v) for k, v in item.items()} for item in items), key=lambda i: i["PK"]["S"])


@pytest.fixture(scope="module")
def source_db(mariadb):
    mariadb.sql(SCHEMA)
    return mariadb


@pytest.fixture
def workspace(tmp_path, source_db):
    """Rendered job + core in glue/, a connections file whose password comes from the env."""
    glue = tmp_path / "glue"
    glue.mkdir()
    shutil.copy(os.path.join(GLUE_TEMPLATES, "ddbm_core.py"), glue / "ddbm_core.py")
    connections = tmp_path / "connections.json"
    connections.write_text(json.dumps({"connections": {"local-mysql": {
        "url": f"jdbc:mysql://127.0.0.1:{source_db.port}/app?permitMysqlScheme",
        "user": "ddbm", "password_env": PASSWORD_ENV, "driver": "org.mariadb.jdbc.Driver"}}}))
    return tmp_path


def render(workspace, spec):
    with open(os.path.join(GLUE_TEMPLATES, "job.py.mustache"), encoding="utf-8") as handle:
        template = handle.read()
    assert template.count("{{") == 1, "the template must have exactly one placeholder"
    path = workspace / "glue" / f"{spec['table']}.py"
    path.write_text(template.replace(PLACEHOLDER, repr(json.dumps(spec))))
    return path


def run_job(workspace, script, endpoint, run_id, *extra):
    env = dict(os.environ, **{PASSWORD_ENV: PASSWORD})
    done = subprocess.run(
        [sys.executable, os.path.join(REPO, "runtime", "run_local.py"), str(script),
         "--connections", str(workspace / "connections.json"), "--out", str(workspace / "out"),
         "--dynamodb-endpoint", endpoint, "--ddbm_connection", "local-mysql", "--ddbm_run_id", run_id,
         "--ddbm_partitions", "2", *extra],
        capture_output=True, text=True, timeout=600, env=env)
    assert PASSWORD not in done.stdout + done.stderr, "the password must never be logged"
    return done


def summary(workspace, table, run_id):
    with open(workspace / "out" / "reports" / table / (run_id + ".json"), encoding="utf-8") as handle:
        return json.load(handle)


def dead_letters(workspace, table, run_id):
    lines = []
    for path in sorted(glob.glob(str(workspace / "out" / "dead-letters" / table / run_id / "*.jsonl"))):
        with open(path, encoding="utf-8") as handle:
            lines.extend(json.loads(line) for line in handle)
    return lines


def test_job_writes_expected_items_and_second_run_writes_nothing(workspace, dynamodb, make_table, moto_endpoint):
    table = make_table(prefix="Users")
    script = render(workspace, job_spec(table))

    first = run_job(workspace, script, moto_endpoint, "run-1")
    assert first.returncode == 0, first.stderr[-5000:]
    assert normalized(scan_all(dynamodb, table)) == normalized(EXPECTED)
    report = summary(workspace, table, "run-1")
    assert report["status"] == "succeeded"
    assert report["counters"] == {"read": 7, "written": 3, "skipped": 0, "dead_lettered": 4}
    assert report["dead_letter_reasons"] == {"invalid-json": 1, "key-collision": 2, "missing-key": 1}
    letters = dead_letters(workspace, table, "run-1")
    assert sorted(l["reason"] for l in letters) == ["invalid-json", "key-collision", "key-collision", "missing-key"]
    assert all(l["row"]["_partition_key"] in (3, 4, 6, 7) for l in letters)

    second = run_job(workspace, script, moto_endpoint, "run-2")
    assert second.returncode == 0, second.stderr[-5000:]
    report = summary(workspace, table, "run-2")
    assert report["counters"] == {"read": 7, "written": 0, "skipped": 3, "dead_lettered": 4}
    assert normalized(scan_all(dynamodb, table)) == normalized(EXPECTED)


def test_bookmarked_rerun_reads_only_new_rows(workspace, source_db, dynamodb, make_table, moto_endpoint):
    table = make_table(prefix="Users")
    script = render(workspace, job_spec(table, bookmark="updated_at"))
    first = run_job(workspace, script, moto_endpoint, "bm-1")
    assert first.returncode == 0, first.stderr[-5000:]
    assert summary(workspace, table, "bm-1")["counters"]["read"] == 7

    source_db.sql("INSERT INTO users VALUES (8, 'fay@example.com', 'Fay', 0, NULL, NULL, NULL, NULL, NULL, 200);",
                  database="app")
    try:
        second = run_job(workspace, script, moto_endpoint, "bm-2")
        assert second.returncode == 0, second.stderr[-5000:]
        assert summary(workspace, table, "bm-2")["counters"] == {
            "read": 1, "written": 1, "skipped": 0, "dead_lettered": 0}
        assert "USER#fay@example.com" in {i["PK"]["S"] for i in scan_all(dynamodb, table)}
    finally:
        source_db.sql("DELETE FROM users WHERE id = 8;", database="app")


def test_unreachable_target_fails_once_with_a_summary(workspace):
    table = "Users-missing"
    script = render(workspace, job_spec(table))
    done = run_job(workspace, script, "http://127.0.0.1:9", "down-1", "--ddbm_max_attempts", "1",
                   "--ddbm_failure_window", "2")
    assert done.returncode == 1
    report = summary(workspace, table, "down-1")
    assert report["status"] == "failed" and "circuit breaker open" in report["error"]
    counters = report["counters"]
    assert counters["read"] == counters["written"] + counters["skipped"] + counters["dead_lettered"]
