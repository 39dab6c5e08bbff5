"""The high-water mark of incremental runs: typed values, the stored document, the plan a run
makes before reading (the new mark is the MAX at start), and file:// / s3:// storage."""

import datetime as dt
import json
import os
from decimal import Decimal

import boto3
import pytest

import ddbm_core as core
from test_job_support import GLUE_CONF, FakeSpark, JavaMapLike, make_spec, settings


@pytest.mark.parametrize("value,encoded", [
    (106, {"type": "int", "value": "106"}),
    (-3, {"type": "int", "value": "-3"}),
    (Decimal("12.50"), {"type": "decimal", "value": "12.50"}),
    (1.5, {"type": "float", "value": "1.5"}),
    ("2024-03-01 10:00:00", {"type": "str", "value": "2024-03-01 10:00:00"}),
    (dt.date(2024, 3, 1), {"type": "date", "value": "2024-03-01"}),
    (dt.datetime(2024, 3, 1, 10, 0, 0, 123456, tzinfo=dt.timezone.utc),
     {"type": "datetime", "value": "2024-03-01T10:00:00.123456Z"}),
])
def test_mark_values_round_trip_as_their_own_type(value, encoded):
    assert core.encode_mark_value(value) == encoded
    decoded = core.decode_mark_value(encoded)
    assert decoded == value and type(decoded) is type(value)


def test_naive_timestamps_are_read_as_local_time_like_pyspark_hands_them_over():
    naive = dt.datetime(2024, 3, 1, 10, 0, 0)
    encoded = core.encode_mark_value(naive)
    assert encoded["type"] == "datetime" and encoded["value"].endswith("Z")
    assert core.decode_mark_value(encoded) == naive.astimezone(dt.timezone.utc)


def test_no_value_is_no_mark():
    assert core.encode_mark_value(None) is None and core.decode_mark_value(None) is None


@pytest.mark.parametrize("value", [True, b"\x01", float("inf"), Decimal("NaN")])
def test_values_that_cannot_be_marks_are_refused(value):
    with pytest.raises(core.StartupCheckError):
        core.encode_mark_value(value)


@pytest.mark.parametrize("doc", [
    {"type": "int", "value": "1.5"}, {"type": "int"}, {"type": "date", "value": "yesterday"},
    {"type": "blob", "value": "x"}, {"type": "float", "value": "nan"}, {"type": "datetime", "value": "2024-01-01T00:00"},
    "106", {"type": "int", "value": 106},
])
def test_malformed_mark_values_are_errors(doc):
    with pytest.raises(ValueError):
        core.decode_mark_value(doc)


def test_newest_compares_numbers_by_value_and_refuses_mixed_kinds():
    assert core.newest([3, Decimal("3.5"), None, 2]) == Decimal("3.5")
    assert core.newest([None, None]) is None
    assert core.newest(["2024-01-02", "2024-01-10"]) == "2024-01-10"
    with pytest.raises(core.StartupCheckError, match="different kinds"):
        core.newest([3, "4"])


SPEC = make_spec(bookmark="updated_at")


def stored(value, **changes):
    doc = {"hwm_version": 1, "table": "Users", "attribute": "updated_at", "value": value, "run_id": "r0",
           "updated_at": "2024-01-01T00:00:00Z"}
    doc.update(changes)
    return json.dumps(doc)


@pytest.mark.parametrize("text,message", [
    ("{broken", "not JSON"),
    (stored(None, hwm_version=2), "not an hwm_version 1 document"),
    (stored(None, table="Orders"), "belongs to table 'Orders'"),
    (stored(None, attribute="modified"), "for bookmark attribute 'modified'"),
    (stored({"type": "int", "value": "x"}), "unreadable value"),
])
def test_a_stored_mark_that_does_not_fit_names_the_reset(text, message):
    with pytest.raises(core.StartupCheckError, match=message + ".*--ddbm_full true"):
        core.parse_mark_document(text, SPEC, "file:///m.json")


def multi_bookmarked():
    return make_spec(bookmark="updated_at", entities=[("USER", ["PK", "SK", "updated_at"], ("users", "id")),
                                                      ("ORDER", ["PK", "SK", "updated_at"], ("orders", "id")),
                                                      ("CART", ["PK", "SK"], None)])


def maxima(values):
    def answer(sql):
        for view, value in values.items():
            if f"FROM `{view}`" in sql:
                return [{"hi": value}]
        raise AssertionError(sql)
    return {"MAX(`updated_at`)": answer}


def target():
    return core.jdbc_target(JavaMapLike(GLUE_CONF), "conn")


def test_the_plan_reads_the_stored_mark_and_each_sources_max_before_any_row():
    spec = multi_bookmarked()
    spark = FakeSpark(maxima({"ddb_users_view__user": 40, "ddb_users_view__order": 55}), {})
    reads = []
    plan = core.plan_incremental(spark, target(), spec, settings(),
                                 read=lambda uri, region: reads.append(uri) or stored({"type": "int", "value": "30"}))
    assert reads == ["file:///tmp/ddbm-test/reports/Users/high-water-mark.json"]
    assert [l["query"] for l in spark.loads] == [
        "SELECT MAX(`updated_at`) AS hi FROM `ddb_users_view__user`",
        "SELECT MAX(`updated_at`) AS hi FROM `ddb_users_view__order`"]
    assert all(l["sessionInitStatement"] == core.SESSION_INIT for l in spark.loads)
    assert (plan.previous, plan.start, plan.next) == ({"type": "int", "value": "30"}, 30, {"type": "int", "value": "55"})
    assert plan.unfiltered_sources == ("CART",)


def test_a_first_run_reads_everything_and_marks_the_max():
    spark = FakeSpark(maxima({"ddb_users_view": 7}), {})
    plan = core.plan_incremental(spark, target(), SPEC, settings(), read=lambda uri, region: None)
    assert plan.start is None and plan.previous is None and plan.next == {"type": "int", "value": "7"}


def test_full_ignores_even_a_broken_mark_and_still_marks_the_max():
    spark = FakeSpark(maxima({"ddb_users_view": 9}), {})
    plan = core.plan_incremental(spark, target(), SPEC, settings(full="true"),
                                 read=lambda uri, region: pytest.fail("a full run must not read the mark"))
    assert plan.full and plan.start is None and plan.next == {"type": "int", "value": "9"}


def test_no_rows_now_keeps_the_stored_mark():
    spark = FakeSpark(maxima({"ddb_users_view": None}), {})
    plan = core.plan_incremental(spark, target(), SPEC, settings(),
                                 read=lambda uri, region: stored({"type": "int", "value": "30"}))
    assert plan.start == 30 and plan.next == {"type": "int", "value": "30"}


def test_a_table_without_bookmark_has_no_plan():
    assert core.plan_incremental(FakeSpark({}, {}), target(), make_spec(), settings()) is None


def test_saving_writes_the_documented_document(tmp_path):
    s = settings(tmp_path, run_id="run-9")
    plan = core.IncrementalPlan("updated_at", False, None, None, {"type": "int", "value": "55"})
    core.save_high_water_mark(plan, SPEC, s)
    with open(tmp_path / "reports" / "Users" / "high-water-mark.json", encoding="utf-8") as handle:
        doc = json.load(handle)
    assert set(doc) == {"hwm_version", "table", "attribute", "value", "run_id", "updated_at"}
    assert (doc["hwm_version"], doc["table"], doc["attribute"], doc["value"], doc["run_id"]) == (
        1, "Users", "updated_at", {"type": "int", "value": "55"}, "run-9")
    assert doc["updated_at"].endswith("Z") and plan.saved
    assert core.parse_mark_document(json.dumps(doc), SPEC, "x") == {"type": "int", "value": "55"}


# --- storage ----------------------------------------------------------------------------------


def test_file_documents_are_replaced_atomically_and_absent_reads_none(tmp_path):
    uri = f"file://{tmp_path}/a/b/doc.json"
    assert core.read_text(uri) is None
    core.write_text(uri, "one")
    core.write_text(uri, "two")
    assert core.read_text(uri) == "two"
    assert os.listdir(tmp_path / "a" / "b") == ["doc.json"]  # no temp file left behind


def test_a_failed_file_write_leaves_the_old_document(tmp_path, monkeypatch):
    uri = f"file://{tmp_path}/doc.json"
    core.write_text(uri, "old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(core.os, "replace", broken_replace)
    with pytest.raises(OSError):
        core.write_text(uri, "new")
    monkeypatch.undo()
    assert core.read_text(uri) == "old" and os.listdir(tmp_path) == ["doc.json"]


@pytest.fixture
def s3(moto_endpoint, monkeypatch):
    monkeypatch.setattr(core, "_S3_CLIENTS", {})
    client = boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1")
    core._S3_CLIENTS["us-east-1"] = client
    client.create_bucket(Bucket="ddbm-reports")
    return client


def test_s3_documents_put_and_read_back_absent_is_none(s3):
    uri = "s3://ddbm-reports/reports/Users/high-water-mark.json"
    assert core.read_text(uri, "us-east-1") is None
    core.write_text(uri, stored({"type": "int", "value": "5"}), "us-east-1")
    assert json.loads(core.read_text(uri, "us-east-1"))["value"] == {"type": "int", "value": "5"}
    head = s3.head_object(Bucket="ddbm-reports", Key="reports/Users/high-water-mark.json")
    assert head["ContentType"] == "application/json"


def test_s3_access_denied_is_never_taken_for_absent(monkeypatch):
    from botocore.exceptions import ClientError

    class Denied:
        def get_object(self, **_):
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "Access Denied"},
                               "ResponseMetadata": {"HTTPStatusCode": 403}}, "GetObject")

    monkeypatch.setattr(core, "_S3_CLIENTS", {"us-east-1": Denied()})
    with pytest.raises(core.SettingsError, match="s3:GetObject.*s3:ListBucket on bucket b"):
        core.read_text("s3://b/reports/Users/high-water-mark.json", "us-east-1")
