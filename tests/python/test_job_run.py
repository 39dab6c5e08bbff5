"""``run_job`` start to summary, and the live progress files (no Spark: the reading and writing
steps are injected; what they are handed and when is what these tests check)."""

import json
import logging
import os
import threading
import time

import pytest

import ddbm_core as core
from test_job_support import GLUE_CONF, FakeGlueContext, FakeSpark, JavaMapLike, make_spec, settings

PASSWORD = GLUE_CONF["password"]


class Table:
    """DescribeTable of a table with the spec's keys (PK/SK, both S)."""

    def __init__(self, error=None):
        self.error, self.calls = error, 0

    def describe_table(self, TableName):  # noqa: N803
        self.calls += 1
        if self.error:
            raise self.error
        return {"Table": {"TableName": TableName, "TableStatus": "ACTIVE",
                          "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"},
                                        {"AttributeName": "SK", "KeyType": "RANGE"}],
                          "AttributeDefinitions": [{"AttributeName": "PK", "AttributeType": "S"},
                                                   {"AttributeName": "SK", "AttributeType": "S"}]}}


def world(max_value=50, zone="+00:00"):
    """A fake Spark answering the start-up queries; the log of what happened, in order."""
    events = []

    def max_answer(sql):
        events.append("max")
        return [{"hi": max_value}]

    spark = FakeSpark({"@@session.time_zone": [{"tz": zone}], "MAX(`updated_at`)": max_answer}, {})
    return spark, events


def partition_result(index, read=2, written=2, error=None):
    counters = core.Counters(read=read, written=written)
    return {"partition": index, "counters": counters.as_dict(), "error": error}


def hwm(tmp_path):
    path = tmp_path / "reports" / "Users" / "high-water-mark.json"
    return json.loads(path.read_text()) if path.exists() else None


def summary_file(tmp_path, run_id):
    return json.loads((tmp_path / "reports" / "Users" / f"{run_id}.json").read_text())


def run(tmp_path, spec, *, spark=None, events=None, write=None, table=None, run_id="run-1", glue=None, **overrides):
    spark_, events_ = world()
    spark, events = spark or spark_, events if events is not None else events_
    seen = {}

    def read_sources(spark_arg, target, spec_arg, settings_arg, plan):
        events.append("read")
        seen["plan"] = plan
        return "FRAME"

    def default_write(frame, spec_arg, settings_arg):
        events.append("write")
        assert frame == "FRAME"
        return [partition_result(0), partition_result(1)]

    s = settings(tmp_path, run_id=run_id, **overrides)
    summary = core.run_job(glue or FakeGlueContext(spark), spec, s, dynamodb_client=table or Table(),
                           read_sources=read_sources, write=write or default_write)
    return summary, events, seen


def test_a_successful_run_checks_first_plans_then_writes_and_reports(tmp_path):
    spec = make_spec(bookmark="updated_at")
    summary, events, seen = run(tmp_path, spec)
    assert events == ["max", "read", "write"]
    assert summary["status"] == "succeeded" and summary["error"] is None
    assert summary["counters"] == {"read": 4, "written": 4, "skipped": 0, "dead_lettered": 0, "throttled_retries": 0}
    assert summary == summary_file(tmp_path, "run-1")
    assert summary["high_water_mark"] == {"attribute": "updated_at", "full": False, "from": None,
                                          "to": {"type": "int", "value": "50"}, "saved": True,
                                          "unfiltered_sources": []}
    assert hwm(tmp_path)["value"] == {"type": "int", "value": "50"} and hwm(tmp_path)["run_id"] == "run-1"


def test_the_new_mark_is_the_max_at_start_not_of_what_was_read(tmp_path):
    """A row updated during the run (bookmark 60 > the MAX 50 read at start) must be read again."""
    spec = make_spec(bookmark="updated_at")

    def write_while_a_row_changes(frame, spec_arg, settings_arg):
        return [partition_result(0)]  # the read rows include one whose updated_at is now 60

    run(tmp_path, spec, write=write_while_a_row_changes)
    assert hwm(tmp_path)["value"] == {"type": "int", "value": "50"}


def test_the_next_run_reads_from_the_stored_mark_inclusive(tmp_path):
    spec = make_spec(bookmark="updated_at")
    run(tmp_path, spec, run_id="run-1")
    spark, events = world(max_value=70)
    summary, _, seen = run(tmp_path, spec, spark=spark, events=events, run_id="run-2")
    assert seen["plan"].start == 50 and seen["plan"].previous == {"type": "int", "value": "50"}
    assert hwm(tmp_path)["value"] == {"type": "int", "value": "70"} and hwm(tmp_path)["run_id"] == "run-2"
    assert summary["high_water_mark"]["from"] == {"type": "int", "value": "50"}


@pytest.mark.parametrize("failure", ["partition-error", "write-raises", "counters-unbalanced"])
def test_a_failed_run_does_not_advance_the_mark(tmp_path, failure):
    spec = make_spec(bookmark="updated_at")
    run(tmp_path, spec, run_id="run-1")  # mark 50

    def failing_write(frame, spec_arg, settings_arg):
        if failure == "write-raises":
            raise RuntimeError("executor lost")
        if failure == "partition-error":
            return [partition_result(0), partition_result(1, error="partition 1: circuit breaker open")]
        return [partition_result(0, read=3, written=2)]

    spark, events = world(max_value=99)
    summary, _, _ = run(tmp_path, spec, spark=spark, events=events, write=failing_write, run_id="run-2")
    assert summary["status"] == "failed"
    assert summary["high_water_mark"]["saved"] is False
    assert hwm(tmp_path)["value"] == {"type": "int", "value": "50"} and hwm(tmp_path)["run_id"] == "run-1"


def test_full_ignores_the_mark_and_writes_a_new_one(tmp_path):
    spec = make_spec(bookmark="updated_at")
    run(tmp_path, spec, run_id="run-1")
    spark, events = world(max_value=20)  # e.g. rows deleted: a reset moves the mark back
    summary, _, seen = run(tmp_path, spec, spark=spark, events=events, run_id="run-2", full="true")
    assert seen["plan"].start is None and seen["plan"].full
    assert hwm(tmp_path)["value"] == {"type": "int", "value": "20"}


def test_a_mark_that_cannot_be_saved_fails_the_run(tmp_path, monkeypatch):
    spec = make_spec(bookmark="updated_at")
    real_write = core.write_text

    def write_text(uri, text, region=None):
        if uri.endswith("high-water-mark.json"):
            raise PermissionError("AccessDenied")
        real_write(uri, text, region)

    monkeypatch.setattr(core, "write_text", write_text)
    summary, _, _ = run(tmp_path, spec)
    assert summary["status"] == "failed" and "high-water mark not saved" in summary["error"]
    assert summary_file(tmp_path, "run-1")["status"] == "failed"


@pytest.mark.parametrize("setup,message", [
    (lambda: dict(spark=world(zone="SYSTEM")[0]), "not UTC"),
    (lambda: dict(table=Table(error=_client_error("ResourceNotFoundException"))), "does not exist"),
    (lambda: dict(glue=FakeGlueContext(world()[0], conf=RuntimeError("EntityNotFoundException: conn"))),
     "cannot read Glue connection 'conn'"),
    (lambda: dict(glue=FakeGlueContext(world()[0], conf=JavaMapLike(dict(GLUE_CONF, fullUrl=None)))),
     "no JDBC URL"),
])
def test_a_failed_check_stops_before_reading_and_is_the_summarys_error(tmp_path, setup, message):
    spec = make_spec(bookmark="updated_at")
    summary, events, _ = run(tmp_path, spec, **setup())
    assert "read" not in events and "write" not in events
    assert summary["status"] == "failed" and message in summary["error"]
    assert summary["counters"]["read"] == 0 and summary["partitions"] == 0
    assert hwm(tmp_path) is None
    driver = json.loads((tmp_path / "reports" / "Users" / "run-1" / "progress" / "driver.json").read_text())
    assert driver["phase"] == "failed"


def _client_error(code):
    from botocore.exceptions import ClientError

    return ClientError({"Error": {"Code": code, "Message": code}, "ResponseMetadata": {"HTTPStatusCode": 400}},
                       "DescribeTable")


def test_the_password_never_reaches_the_summary_or_the_log(tmp_path, caplog):
    spec = make_spec()

    def leaky_write(frame, spec_arg, settings_arg):
        raise RuntimeError(f"java.sql.SQLException: bad things url=jdbc:mysql://h/app?password={PASSWORD} {PASSWORD}")

    with caplog.at_level(logging.DEBUG, logger="ddbm"):
        summary, _, _ = run(tmp_path, spec, write=leaky_write)
    assert summary["status"] == "failed" and "bad things" in summary["error"]
    text = json.dumps(summary) + caplog.text + (tmp_path / "reports" / "Users" / "run-1.json").read_text()
    assert PASSWORD not in text


def test_a_table_without_bookmark_saves_no_mark(tmp_path):
    summary, events, seen = run(tmp_path, make_spec())
    assert events == ["read", "write"] and seen["plan"] is None
    assert summary["high_water_mark"] is None and hwm(tmp_path) is None


# --- progress ---------------------------------------------------------------------------------


def test_the_driver_publishes_each_phase(tmp_path, monkeypatch):
    published = []
    real_write = core.write_text

    def write_text(uri, text, region=None):
        if uri.endswith("driver.json"):
            published.append(json.loads(text))
        real_write(uri, text, region)

    monkeypatch.setattr(core, "write_text", write_text)
    run(tmp_path, make_spec())
    assert [d["phase"] for d in published] == ["checking", "reading", "finished"]
    last = published[-1]
    assert set(last) == {"progress_version", "table", "run_id", "phase", "partitions", "started_at", "updated_at"}
    assert (last["progress_version"], last["table"], last["run_id"], last["partitions"]) == (1, "Users", "run-1", 8)
    assert last["started_at"].endswith("Z") and last["updated_at"].endswith("Z")


def test_progress_off_writes_no_progress_files(tmp_path):
    run(tmp_path, make_spec(), progress_seconds="0")
    assert not (tmp_path / "reports" / "Users" / "run-1").exists()


def test_progress_that_cannot_be_published_never_fails_the_run(tmp_path, monkeypatch, caplog):
    real_write = core.write_text

    def write_text(uri, text, region=None):
        if "/progress/" in uri:
            raise OSError("S3 is having a day")
        real_write(uri, text, region)

    monkeypatch.setattr(core, "write_text", write_text)
    with caplog.at_level(logging.WARNING, logger="ddbm"):
        summary, _, _ = run(tmp_path, make_spec())
    assert summary["status"] == "succeeded"
    assert caplog.text.count("could not publish driver progress") == 1  # logged once, then quiet


def test_partition_progress_document_format():
    counters = core.Counters(read=5, written=3, skipped=1, dead_lettered=1, throttled_retries=2,
                             consumed_write_units=3.5)
    doc = core.partition_progress_document(make_spec(), settings(), 7, counters, True)
    assert set(doc) == {"progress_version", "table", "run_id", "partition", "updated_at", "done", "counters",
                        "consumed_write_units", "throttled_retries"}
    assert doc["counters"] == {"read": 5, "written": 3, "skipped": 1, "dead_lettered": 1}
    assert (doc["partition"], doc["done"], doc["consumed_write_units"], doc["throttled_retries"]) == (7, True, 3.5, 2)
    assert core.partition_progress_uri(settings(), make_spec(), 7) == \
        "file:///tmp/ddbm-test/reports/Users/run-1/progress/part-00007.json"


def test_unknown_driver_phase_is_a_bug():
    with pytest.raises(ValueError):
        core.driver_progress_document(make_spec(), settings(), "thinking", "t")


def test_the_periodic_publisher_publishes_while_running_and_once_more_at_stop():
    docs = []
    publisher = core.PeriodicPublisher("file:///x", None, 0.05, lambda done: {"done": done},
                                       write=lambda uri, text, region: docs.append(json.loads(text)))
    publisher.start()
    time.sleep(0.3)
    publisher.stop()
    assert len(docs) >= 3 and docs[-1] == {"done": True} and all(d == {"done": False} for d in docs[:-1])
    count = len(docs)
    time.sleep(0.15)
    assert len(docs) == count  # the thread is gone


class SlowClient:
    """A DynamoDB client whose puts take a while, so a partition runs longer than its interval."""

    def __init__(self, delay):
        self.delay = delay

    def put_item(self, **request):
        time.sleep(self.delay)
        return {"ConsumedCapacity": {"CapacityUnits": 1.0}}


def test_a_partition_publishes_progress_before_it_ends_and_done_at_its_end(tmp_path):
    spec = make_spec()
    s = settings(tmp_path, progress_seconds="0.1", max_concurrent_writes="1")
    rows = [{"PK": f"p{i}", "SK": "s", "_partition_key": i} for i in range(30)]
    path = tmp_path / "reports" / "Users" / "run-1" / "progress" / "part-00003.json"
    seen_running = []
    result = {}

    worker = threading.Thread(target=lambda: result.update(core.process_partition(3, iter(rows), spec, s,
                                                                                   client=SlowClient(0.03))))
    worker.start()
    while worker.is_alive():
        if path.exists():
            doc = json.loads(path.read_text())
            if not doc["done"]:
                seen_running.append(doc["counters"]["read"])
        time.sleep(0.05)
    worker.join()
    assert seen_running, "no progress file appeared while the partition ran"
    final = json.loads(path.read_text())
    assert final["done"] is True and final["partition"] == 3
    assert final["counters"] == {"read": 30, "written": 30, "skipped": 0, "dead_lettered": 0}
    assert final["consumed_write_units"] == 30.0
    assert result["counters"]["written"] == 30
    assert [n for n in os.listdir(path.parent) if not n.startswith("part-")] == []
