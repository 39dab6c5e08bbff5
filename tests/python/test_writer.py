"""The Writer: write modes against a real moto server, retries with full jitter, breaker, counters."""

import threading
import time
from decimal import Decimal

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

import ddbm_core as core
from conftest import scan_all


def make_spec(table, mode="if-absent", version=None, extra=()):
    attrs = [{"name": "PK", "type": "S"}, {"name": "SK", "type": "S"}, {"name": "v", "type": "N"},
             {"name": "note", "type": "S"}] + [{"name": n, "type": t} for n, t in extra]
    return core.JobSpec.from_dict({
        "spec_version": 2, "table": table, "view": "v", "pk": "PK", "sk": "SK", "gsi_keys": [],
        "attributes": attrs, "write": {"mode": mode, "version_attribute": version}, "bookmark_attribute": None,
        "entity_column": None, "partition_column": "_partition_key",
        "sources": [{"entity": None, "view": "v", "columns": [a["name"] for a in attrs], "bounds": None}],
    })


def make_writer(client, spec, letters, *, concurrency=4, attempts=5, window=100, threshold=0.5, **kwargs):
    return core.Writer(client, spec, max_concurrent_writes=concurrency, max_attempts=attempts,
                       breaker=core.CircuitBreaker(window, threshold), dead_letter=letters.append, **kwargs)


def items(spec, rows):
    return [core.row_to_item(r, spec) for r in rows]


def client_error(code, status=400):
    return ClientError({"Error": {"Code": code, "Message": f"{code} message"},
                        "ResponseMetadata": {"HTTPStatusCode": status}}, "PutItem")


def test_put_request_uses_attribute_names_never_raw_names():
    spec = make_spec("Users", mode="if-newer", version="v")
    request = core.build_put_request(core.row_to_item({"PK": "a", "SK": "b", "v": 3}, spec), spec)
    assert request["ConditionExpression"] == "attribute_not_exists(#pk) OR #v < :v"
    assert request["ExpressionAttributeNames"] == {"#pk": "PK", "#v": "v"}
    assert request["ExpressionAttributeValues"] == {":v": {"N": "3"}}
    assert request["ReturnConsumedCapacity"] == "TOTAL"
    overwrite = make_spec("Users", mode="overwrite")
    assert "ConditionExpression" not in core.build_put_request(
        core.row_to_item({"PK": "a", "SK": "b"}, overwrite), overwrite)


EVERY_KIND = (("b", "B"), ("ss", "SS"), ("ns", "NS"), ("bs", "BS"), ("m", "M"), ("l", "L"), ("flag", "BOOL"),
              ("nothing", "NULL"))
EVERY_KIND_ROW = {"PK": "a", "SK": "b", "v": Decimal("1.50"), "note": "x", "b": b"\x00\xff", "ss": '["s", "t"]',
                  "ns": "[1, 2.5, -3e10]", "bs": [b"x", b"\x00"], "m": '{"a": 1.10, "b": [true, null, "x"], "c": {}}',
                  "l": '[1, "x", {"k": false}, [], null]', "flag": 1, "nothing": "anything"}


@pytest.mark.parametrize("mode,version", [("if-absent", None), ("if-newer", "v"), ("overwrite", None)])
def test_put_requests_of_every_attribute_kind_pass_botocore_validation(mode, version):
    """The write client turns botocore's parameter validation off (make_dynamodb_client): that is
    only sound while every request the Writer sends is one botocore would accept, which its own
    validator says here for every AttributeValue kind row_to_item makes, under every write mode."""
    import boto3
    from botocore.validate import ParamValidator

    spec = make_spec("Kinds", mode=mode, version=version, extra=EVERY_KIND)
    item = core.row_to_item(EVERY_KIND_ROW, spec)
    assert isinstance(item, core.Item), item
    assert {next(iter(av)) for av in item.attributes.values()} == {"S", "N", "B", "SS", "NS", "BS", "M", "L", "BOOL",
                                                                    "NULL"}
    client = boto3.client("dynamodb", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    shape = client.meta.service_model.operation_model("PutItem").input_shape
    report = ParamValidator().validate(core.build_put_request(item, spec), shape)
    assert not report.has_errors(), report.generate_report()
    # ... and the validator does look at the values: a malformed one is refused.
    broken = dict(core.build_put_request(item, spec), Item={"PK": {"S": 1}})
    assert ParamValidator().validate(broken, shape).has_errors()


def test_write_client_sends_without_validating_the_check_client_validates():
    from botocore.exceptions import EndpointConnectionError, ParamValidationError

    settings = core.RunSettings(connection_name="c", dead_letter_uri="file:///tmp/x", report_uri="file:///tmp/x",
                                region="us-east-1", run_id="r", dynamodb_endpoint="http://127.0.0.1:1")
    malformed = {"TableName": "Tab", "Item": {"PK": {"S": 1}}}
    with pytest.raises(EndpointConnectionError):  # no local check: it went to the (closed) port
        core.make_dynamodb_client(settings).put_item(**malformed)
    with pytest.raises(ParamValidationError):
        core.make_dynamodb_client(settings, retries=True).put_item(**malformed)


def test_partitions_of_one_python_process_share_one_write_client(monkeypatch):
    """Spark reuses a Python worker for many partitions; each used to make its own boto3 client."""
    made = []
    monkeypatch.setattr(core, "_WRITE_CLIENTS", {})
    monkeypatch.setattr(core, "make_dynamodb_client", lambda settings: made.append(settings) or object())
    base = dict(connection_name="c", dead_letter_uri="file:///tmp/x", report_uri="file:///tmp/x", region="us-east-1",
                run_id="r", dynamodb_endpoint="http://127.0.0.1:1")
    first = core.write_client(core.RunSettings(**base))
    assert core.write_client(core.RunSettings(**base)) is first
    assert core.write_client(core.RunSettings(**dict(base, run_id="other"))) is first  # same endpoint and pool
    assert core.write_client(core.RunSettings(**dict(base, dynamodb_endpoint="http://127.0.0.1:2"))) is not first
    assert core.write_client(core.RunSettings(**dict(base, max_concurrent_writes=32))) is not first
    assert len(made) == 3


def put_threads():
    return [t for t in threading.enumerate() if t.name.startswith("ddbm-put")]


def test_an_unexpected_error_in_a_put_thread_reaches_the_caller_and_no_thread_is_left():
    class BrokenLimiter:  # fails outside the put's own error handling, as a bug would
        def acquire(self, units):
            raise AssertionError("a bug, not a DynamoDB error")

    spec = make_spec("Tab")
    with pytest.raises(AssertionError, match="a bug"):
        make_writer(object(), spec, [], limiter=BrokenLimiter()).run(
            items(spec, [{"PK": f"p{i}", "SK": "s"} for i in range(50)]))
    assert put_threads() == []


def test_a_failing_row_source_stops_the_put_threads_after_the_queued_puts():
    spec = make_spec("Tab")
    written = []

    class Recording:
        def put_item(self, **request):
            written.append(request["Item"]["PK"]["S"])
            return {}

    def rows():
        for i in range(5):
            yield core.row_to_item({"PK": f"p{i}", "SK": "s"}, spec)
        raise RuntimeError("the Spark iterator failed")

    with pytest.raises(RuntimeError, match="Spark iterator"):
        make_writer(Recording(), spec, []).run(rows())
    assert sorted(written) == [f"p{i}" for i in range(5)]
    assert put_threads() == []


def test_if_absent_second_run_skips_everything(dynamodb, make_table):
    spec = make_spec(make_table())
    rows = [{"PK": f"u{i}", "SK": "#META", "note": f"n{i}"} for i in range(20)]
    first = make_writer(dynamodb, spec, []).run(items(spec, rows))
    assert (first.read, first.written, first.skipped, first.dead_lettered) == (20, 20, 0, 0)
    changed = [dict(r, note="changed") for r in rows]
    second = make_writer(dynamodb, spec, []).run(items(spec, changed))
    assert (second.read, second.written, second.skipped) == (20, 0, 20)
    assert {i["note"]["S"] for i in scan_all(dynamodb, spec.table)} == {f"n{i}" for i in range(20)}


def test_if_newer_keeps_newer_items_and_replaces_older_ones(dynamodb, make_table):
    spec = make_spec(make_table(), mode="if-newer", version="v")
    dynamodb.put_item(TableName=spec.table, Item={"PK": {"S": "newer"}, "SK": {"S": "x"}, "v": {"N": "10"},
                                                  "note": {"S": "app"}})
    dynamodb.put_item(TableName=spec.table, Item={"PK": {"S": "older"}, "SK": {"S": "x"}, "v": {"N": "1"},
                                                  "note": {"S": "app"}})
    rows = [{"PK": "newer", "SK": "x", "v": 5, "note": "migration"},
            {"PK": "older", "SK": "x", "v": 5, "note": "migration"},
            {"PK": "fresh", "SK": "x", "v": 5, "note": "migration"}]
    counters = make_writer(dynamodb, spec, []).run(items(spec, rows))
    assert (counters.written, counters.skipped) == (2, 1)
    stored = {i["PK"]["S"]: (i["v"]["N"], i["note"]["S"]) for i in scan_all(dynamodb, spec.table)}
    assert stored == {"newer": ("10", "app"), "older": ("5", "migration"), "fresh": ("5", "migration")}


def test_overwrite_replaces_existing_items(dynamodb, make_table):
    spec = make_spec(make_table(), mode="overwrite")
    dynamodb.put_item(TableName=spec.table, Item={"PK": {"S": "a"}, "SK": {"S": "x"}, "note": {"S": "old"}})
    counters = make_writer(dynamodb, spec, []).run(items(spec, [{"PK": "a", "SK": "x", "note": "new"}]))
    assert counters.written == 1
    assert scan_all(dynamodb, spec.table)[0]["note"] == {"S": "new"}


class FlakyClient:
    """Fails each item's first ``failures`` puts with ``error``, then succeeds."""

    def __init__(self, failures, error):
        self.failures, self.error = failures, error
        self.calls = {}
        self.lock = threading.Lock()
        self.stored = {}

    def put_item(self, **request):
        key = request["Item"]["PK"]["S"]
        with self.lock:
            self.calls[key] = self.calls.get(key, 0) + 1
            if self.calls[key] <= self.failures:
                raise self.error
            self.stored[key] = request["Item"]
        return {"ConsumedCapacity": {"TableName": request["TableName"], "CapacityUnits": 1.0}}


def test_throttling_is_retried_with_full_jitter_backoff():
    spec = make_spec("Users")
    client = FlakyClient(4, client_error("ProvisionedThroughputExceededException"))
    sleeps, draws = [], iter([0.5, 1.0, 0.25, 0.0])
    writer = make_writer(client, spec, [], concurrency=1, attempts=5, base_delay=0.1, max_delay=0.5,
                         sleep=sleeps.append, rng=lambda: next(draws))
    counters = writer.run(items(spec, [{"PK": "a", "SK": "x"}]))
    assert counters.written == 1 and client.calls["a"] == 5 and "a" in client.stored
    # attempt n waits U * min(cap, base * 2**(n-1)): ceilings 0.1, 0.2, 0.4, 0.5 (capped)
    assert sleeps == pytest.approx([0.05, 0.2, 0.1, 0.0])
    assert counters.throttled_retries == 4 and counters.consumed_write_units == 1.0
    assert counters.balanced


@pytest.mark.parametrize("code,throttled", [
    ("ProvisionedThroughputExceededException", 2), ("ThrottlingException", 2), ("RequestLimitExceeded", 2),
    ("InternalServerError", 0), ("ServiceUnavailable", 0),
])
def test_only_throttling_counts_as_throttled_retries(code, throttled):
    spec = make_spec("Users")
    client = FlakyClient(2, client_error(code, 400 if throttled else 500))
    counters = make_writer(client, spec, [], concurrency=2, attempts=5, sleep=lambda s: None).run(
        items(spec, [{"PK": "a", "SK": "x"}]))
    assert counters.written == 1 and counters.throttled_retries == throttled


def test_throttled_retries_sum_over_items_and_reach_the_summary():
    spec = make_spec("Users")
    letters = []
    client = FlakyClient(3, client_error("ThrottlingException"))
    writer = make_writer(client, spec, letters, concurrency=3, attempts=3, sleep=lambda s: None)
    counters = writer.run(items(spec, [{"PK": k, "SK": "x"} for k in "abcd"]))
    # every item throttled twice and retried, the third (last allowed) attempt throttled too: no retry
    assert counters.throttled_retries == 8 and counters.dead_lettered == 4 and counters.balanced
    result = {"partition": 0, "counters": counters.as_dict(), "error": None}
    summary = core.summarize(spec, core.RunSettings.from_arguments(
        {"ddbm_connection": "c", "ddbm_dead_letter_uri": "file:///tmp/dl", "ddbm_report_uri": "file:///tmp/r",
         "ddbm_region": "us-east-1", "ddbm_run_id": "r"}), [result], "t0", "t1")
    assert summary["counters"] == {"read": 4, "written": 0, "skipped": 0, "dead_lettered": 4, "throttled_retries": 8}
    assert summary["counters"]["read"] == sum(summary["counters"][k] for k in ("written", "skipped", "dead_lettered"))


def test_backoff_delays_stay_within_full_jitter_bounds():
    import random

    spec = make_spec("Users")
    client = FlakyClient(6, client_error("ThrottlingException"))
    sleeps = []
    writer = make_writer(client, spec, [], concurrency=1, attempts=7, base_delay=0.05, max_delay=1.0,
                         sleep=sleeps.append, rng=random.Random(7).random)
    assert writer.run(items(spec, [{"PK": "a", "SK": "x"}])).written == 1
    assert len(sleeps) == 6
    for attempt, delay in enumerate(sleeps, start=1):
        assert 0 <= delay <= min(1.0, 0.05 * 2 ** (attempt - 1))
    assert len(set(sleeps)) > 1  # jittered, not a fixed schedule


@pytest.mark.parametrize("error", [client_error("InternalServerError", 500), client_error("Whatever", 503),
                                   EndpointConnectionError(endpoint_url="http://x"),
                                   client_error("RequestLimitExceeded")])
def test_server_and_connection_errors_are_retried(error):
    spec = make_spec("Users")
    client = FlakyClient(2, error)
    counters = make_writer(client, spec, [], concurrency=1, attempts=3, sleep=lambda s: None).run(
        items(spec, [{"PK": "a", "SK": "x"}]))
    assert counters.written == 1 and client.calls["a"] == 3


def test_exhausted_retries_and_rejections_go_to_dead_letters():
    spec = make_spec("Users")
    letters = []
    throttled = make_writer(FlakyClient(99, client_error("ThrottlingException")), spec, letters,
                            attempts=3, sleep=lambda s: None)
    counters = throttled.run(items(spec, [{"PK": "a", "SK": "x"}]))
    assert counters.reasons == {core.REASON_RETRIES_EXHAUSTED: 1}
    assert (letters[0].attempts, letters[0].last_error) == (3, "ThrottlingException: ThrottlingException message")

    rejected = make_writer(FlakyClient(99, client_error("ValidationException")), spec, letters,
                           attempts=3, sleep=lambda s: None)
    counters = rejected.run(items(spec, [{"PK": "b", "SK": "x"}]))
    assert counters.reasons == {core.REASON_WRITE_REJECTED: 1} and letters[1].attempts == 1


def test_circuit_breaker_trips_once_after_flushing_counters():
    spec = make_spec("Users")
    letters = []
    writer = make_writer(FlakyClient(99, client_error("ResourceNotFoundException")), spec, letters,
                         concurrency=2, window=10, threshold=0.5, sleep=lambda s: None)
    rows = [{"PK": f"u{i}", "SK": "x"} for i in range(1000)]
    with pytest.raises(core.CircuitOpen, match="circuit breaker open") as raised:
        writer.run(items(spec, rows))
    counters = raised.value.counters
    assert 10 <= counters.read < 1000  # stopped early
    assert counters.balanced and counters.dead_lettered == counters.read == len(letters)


def test_breaker_window_slides():
    breaker = core.CircuitBreaker(4, 0.5)
    for ok in (False, False, True, True):
        breaker.record(ok)
    assert not breaker.is_open  # 2 of 4 failed: not above 50%
    breaker.record(False)  # replaces the oldest failure: still 2 of 4
    breaker.record(False)
    assert breaker.failure_ratio == pytest.approx(0.5) and not breaker.is_open
    breaker.record(False)  # replaces the oldest success: 3 of 4
    assert breaker.is_open


def test_counters_balance_with_mixed_outcomes(dynamodb, make_table):
    spec = make_spec(make_table())
    dynamodb.put_item(TableName=spec.table, Item={"PK": {"S": "exists"}, "SK": {"S": "x"}})
    rows = ([{"PK": f"u{i}", "SK": "x", "v": i} for i in range(30)] + [{"PK": "exists", "SK": "x"}]
            + [{"PK": None, "SK": "x"}, {"PK": "bad", "SK": "x", "v": "NaN"}])
    letters = []
    counters = make_writer(dynamodb, spec, letters).run(
        core.mark_key_collisions(items(spec, rows), spec))
    assert (counters.read, counters.written, counters.skipped, counters.dead_lettered) == (33, 30, 1, 2)
    assert counters.balanced and len(letters) == 2
    assert counters.reasons == {core.REASON_MISSING_KEY: 1, core.REASON_INVALID_VALUE: 1}


def test_token_bucket_with_fake_clock_never_exceeds_rate():
    now = [0.0]
    bucket = core.TokenBucket(10.0, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))
    for _ in range(100):
        bucket.acquire(1)
    # 100 units at 10/s, starting with a 1-unit burst: at least 9.9 s of (fake) time
    assert now[0] == pytest.approx(9.9, abs=0.01)


def test_token_bucket_keeps_consumed_units_within_ten_percent_against_moto(dynamodb, make_table):
    # 60 units/s: under half of the ~155 puts/s moto sustains with 8 writers on this 2-core machine
    # when quiet, so the lower bound measures the limiter and not moto (120/s was 77 % of it and
    # failed now and then under load).
    ceiling, partitions = 60.0, 2
    spec = make_spec(make_table())
    settings = core.RunSettings(connection_name="c", dead_letter_uri="file:///tmp/x", report_uri="file:///tmp/x",
                                region="us-east-1", run_id="r", partitions=partitions,
                                max_write_units_per_second=ceiling)
    consumed, lock = [], threading.Lock()

    class Metered:
        def put_item(self, **request):
            response = dynamodb.put_item(**request)
            with lock:
                consumed.append((time.monotonic(), response["ConsumedCapacity"]["CapacityUnits"]))
            return response

    def run_partition(index):
        rows = [{"PK": f"p{index}-{i}", "SK": "x"} for i in range(120)]
        bucket = core.TokenBucket(core.partition_rate(settings))
        make_writer(Metered(), spec, [], concurrency=4, limiter=bucket).run(items(spec, rows))

    started = time.monotonic()
    threads = [threading.Thread(target=run_partition, args=(i,)) for i in range(partitions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    units = sum(u for _, u in consumed)
    assert units == 240
    rate = units / elapsed
    assert ceiling * 0.9 <= rate <= ceiling * 1.1, f"{rate:.1f} units/s against a ceiling of {ceiling}"


def test_run_counters_are_published_to_the_configured_namespace(moto_endpoint):
    """The generated role may write metrics only to its configured namespace (and Glue's)."""
    import boto3

    args = {"ddbm_connection": "c", "ddbm_dead_letter_uri": "file:///tmp/dl", "ddbm_report_uri": "file:///tmp/r",
            "ddbm_region": "us-east-1", "ddbm_run_id": "run-1", "ddbm_metrics_namespace": "shop/ddb-migrate"}
    settings = core.RunSettings.from_arguments(args)
    client = boto3.client("cloudwatch", region_name="us-east-1", endpoint_url=moto_endpoint,
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    summary = {"table": "Users", "status": "succeeded",
               "counters": {"read": 10, "written": 7, "skipped": 2, "dead_lettered": 1}}
    assert core.publish_metrics(settings, summary, client=client)
    metrics = client.list_metrics(Namespace="shop/ddb-migrate")["Metrics"]
    assert sorted(m["MetricName"] for m in metrics) == [
        "ItemsDeadLettered", "ItemsRead", "ItemsSkipped", "ItemsWritten", "RunFailed"]
    assert all(m["Dimensions"] == [{"Name": "Table", "Value": "Users"}] for m in metrics)


def test_metrics_are_best_effort_and_off_without_a_namespace():
    args = {"ddbm_connection": "c", "ddbm_dead_letter_uri": "file:///tmp/dl", "ddbm_report_uri": "file:///tmp/r",
            "ddbm_region": "us-east-1", "ddbm_run_id": "run-1"}
    summary = {"table": "T", "status": "failed", "counters": {"read": 1, "written": 0, "skipped": 0, "dead_lettered": 1}}
    assert core.publish_metrics(core.RunSettings.from_arguments(args), summary) is False

    class Broken:
        def put_metric_data(self, **_):
            raise RuntimeError("CloudWatch is down")

    settings = core.RunSettings.from_arguments(dict(args, ddbm_metrics_namespace="ns"))
    assert core.publish_metrics(settings, summary, client=Broken()) is False
    assert core.metric_data(summary)[-1] == {"MetricName": "RunFailed", "Dimensions": [{"Name": "Table", "Value": "T"}],
                                             "Value": 1.0, "Unit": "Count"}
