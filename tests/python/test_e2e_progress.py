"""Live progress end to end: while a run writes, each write partition's progress file and the
driver's appear and move (`deploy --wait`, `status --watch` and `run-local` read them); at the
end every partition says done and the counters add up to the summary's."""

import json
import os
import time

import pytest

from conftest import scan_all
from test_job_support import LocalJob

PASSWORD = "progress-Secret-pw-5"
ROWS = 24

SCHEMA = f"""
DROP DATABASE IF EXISTS prog;
CREATE DATABASE prog;
USE prog;
CREATE TABLE events (id INT PRIMARY KEY, label VARCHAR(20) NOT NULL);
INSERT INTO events VALUES {", ".join(f"({i}, 'e{i}')" for i in range(1, ROWS + 1))};
CREATE VIEW ddb_events_view AS SELECT e.id AS _partition_key, CONCAT('EVENT#', e.id) AS PK, e.label AS label
FROM events e;
CREATE USER IF NOT EXISTS 'prog'@'127.0.0.1' IDENTIFIED BY '{PASSWORD}';
GRANT SELECT ON prog.* TO 'prog'@'127.0.0.1';
"""

SPEC = {
    "spec_version": 2, "table": "Events-progress", "view": "ddb_events_view", "pk": "PK", "sk": None,
    "gsi_keys": [], "attributes": [{"name": "PK", "type": "S"}, {"name": "label", "type": "S"}],
    "write": {"mode": "overwrite"}, "bookmark_attribute": None, "entity_column": None,
    "partition_column": "_partition_key",
    "sources": [{"entity": None, "view": "ddb_events_view", "columns": ["PK", "label"],
                 "bounds": {"table": "events", "column": "id"}}],
}


@pytest.fixture
def events(mariadb):
    mariadb.sql(SCHEMA)
    return mariadb


def read_json(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (FileNotFoundError, ValueError):  # ValueError would mean a torn write: asserted below
        return None


def test_progress_files_appear_and_move_before_the_run_ends(tmp_path, events, dynamodb, moto_endpoint):
    dynamodb.create_table(TableName=SPEC["table"], BillingMode="PAY_PER_REQUEST",
                          KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}],
                          AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"}])
    local = LocalJob(str(tmp_path), SPEC, events.port, "prog", "prog", PASSWORD, moto_endpoint)
    folder = os.path.join(local.reports(), "live-1", "progress")
    # 4 write units per second over 2 partitions: 24 one-unit puts take about 6 s
    proc = local.start("--ddbm_run_id", "live-1", "--ddbm_progress_seconds", "1",
                       "--ddbm_max_write_units_per_second", "4", "--ddbm_max_concurrent_writes", "1")
    running_parts, phases, torn = [], [], []
    try:
        while proc.poll() is None:
            if os.path.isdir(folder):
                for name in os.listdir(folder):
                    doc = read_json(os.path.join(folder, name))
                    if doc is None and os.path.exists(os.path.join(folder, name)):
                        torn.append(name)
                    elif name == "driver.json":
                        phases.append(doc["phase"])
                    elif name.startswith("part-") and not doc["done"]:
                        running_parts.append((name, doc["counters"]["written"]))
            time.sleep(0.2)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert PASSWORD not in stdout + stderr
    assert proc.returncode == 0, stderr[-4000:]
    assert torn == [], "a reader saw a half-written progress file"

    # while the run wrote: both partitions published, with counters that grew
    assert {name for name, _ in running_parts} == {"part-00000.json", "part-00001.json"}
    assert len({written for _, written in running_parts}) > 2
    # the driver went through its phases (each seen while it was current, if the poll was quick enough)
    seen = [p for i, p in enumerate(phases) if i == 0 or phases[i - 1] != p]
    assert seen[0] in ("checking", "reading") and "writing" in seen and seen[-1] == "finished"

    final = local.progress("live-1")
    parts = [final["part-00000.json"], final["part-00001.json"]]
    assert all(p["done"] for p in parts)
    summary = local.summary("live-1")
    for key in ("read", "written", "skipped", "dead_lettered"):
        assert sum(p["counters"][key] for p in parts) == summary["counters"][key]
    assert summary["counters"]["written"] == ROWS and len(scan_all(dynamodb, SPEC["table"])) == ROWS
    assert sum(p["consumed_write_units"] for p in parts) == summary["consumed_write_units"] == float(ROWS)
    assert final["driver.json"]["phase"] == "finished"
