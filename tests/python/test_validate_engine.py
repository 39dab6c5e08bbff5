"""ddbm_validate without Spark: the canonical forms of docs/VALIDATE.md (fixed vectors), the
comparison rules, the sample size rule, the arguments, the bounded examples, the batch reads'
retries and the per-partition counting of the joined keys."""

import hashlib
from decimal import Decimal

import pytest

import ddbm_core as core
import ddbm_validate as v
from test_job_support import make_spec


@pytest.mark.parametrize("text, canonical", [
    ("1.50E+2", "150"), ("-0.0", "0"), ("0.0010", "0.001"),  # docs/VALIDATE.md's own examples
    ("0", "0"), ("007", "7"), ("123.4500", "123.45"), ("-12e-3", "-0.012"), ("1E+2", "100"), ("-5.", "-5"),
    (".5", "0.5"), ("+3.10", "3.1"), ("1e-5", "0.00001"), ("-0E+7", "0"),
    # 38 significant digits survive (no Decimal context rounding at 28).
    ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
    ("1.2345678901234567890123456789012345678E+5", "123456.78901234567890123456789012345678"),
])
def test_canonical_decimal_text(text, canonical):
    assert v.canonical_decimal(text) == canonical


@pytest.mark.parametrize("text", ["", " 1", "1_000", "NaN", "Infinity", "1e", "0x10", "--1"])
def test_canonical_decimal_refuses_what_is_no_number_text(text):
    with pytest.raises(ValueError):
        v.canonical_decimal(text)


def test_canonical_key_bytes_vectors():
    # docs/VALIDATE.md: `S6:USER#1S5:#META` is the key PK = "USER#1", SK = "#META".
    assert v.canonical_key_bytes({"PK": {"S": "USER#1"}, "SK": {"S": "#META"}}, ("PK", "SK")) == b"S6:USER#1S5:#META"
    # Length in bytes, not characters; N by its canonical text; B raw.
    assert v.canonical_key_bytes({"PK": {"S": "Zo\u00eb"}}, ("PK",)) == b"S4:Zo\xc3\xab"
    assert v.canonical_key_bytes({"id": {"N": "1.50E+2"}, "b": {"B": b"\x00\xff"}}, ("id", "b")) == b"N3:150B2:\x00\xff"
    # Attribute order is the key's (pk first), whatever the item's order.
    assert v.canonical_key_bytes({"SK": {"S": "b"}, "PK": {"S": "a"}}, ("PK", "SK")) == b"S1:aS1:b"


def test_sample_hash_vectors():
    key = b"S6:USER#1S5:#META"
    assert v.sample_hash(1, key) == 0x78EA4B2D7F82ADA1 == 8712859087886527905
    assert v.sample_hash(42, key) == 0x0B7B0215DCF10E7A
    # The definition: SHA-256 over "<seed>:" + key bytes, first 8 bytes big-endian.
    assert v.sample_hash(7, b"N1:5") == int.from_bytes(hashlib.sha256(b"7:N1:5").digest()[:8], "big")


def test_comparison_rules():
    same = [({"N": "1.50"}, {"N": "1.5"}), ({"SS": ["b", "a"]}, {"SS": ["a", "b"]}),
            ({"NS": ["1", "2.0"]}, {"NS": ["2", "1.00"]}), ({"BS": [b"\x01", b"\x00"]}, {"BS": [b"\x00", b"\x01"]}),
            ({"M": {"a": {"N": "1"}, "b": {"L": [{"S": "x"}]}}}, {"M": {"b": {"L": [{"S": "x"}]}, "a": {"N": "1.0"}}}),
            ({"B": b"ab"}, {"B": bytearray(b"ab")})]
    for expected, actual in same:
        assert v.comparable(expected) == v.comparable(actual), (expected, actual)
    different = [({"N": "5"}, {"S": "5"}), ({"S": "a"}, {"S": "a "}), ({"L": [{"S": "a"}, {"S": "b"}]}, {"L": [{"S": "b"}, {"S": "a"}]}),
                 ({"M": {"a": {"N": "1"}}}, {"M": {"a": {"N": "1"}, "b": {"NULL": True}}}), ({"B": b"a"}, {"S": "YQ=="}),
                 ({"BOOL": True}, {"N": "1"})]
    for expected, actual in different:
        assert v.comparable(expected) != v.comparable(actual), (expected, actual)
    expected = {"PK": {"S": "A"}, "n": {"N": "2"}, "only_expected": {"S": "x"}, "z": {"S": "same"}}
    actual = {"PK": {"S": "A"}, "n": {"N": "2.0"}, "only_actual": {"S": "y"}, "z": {"S": "same"}}
    assert v.attribute_differences(expected, actual) == ["only_actual", "only_expected"]
    assert v.attribute_differences(expected, None) == ["PK", "n", "only_expected", "z"]


def test_dynamodb_json_is_canonical_and_base64():
    assert v.dynamodb_json({"B": b"\x00\x01"}) == {"B": "AAE="}
    assert v.dynamodb_json({"BS": [b"\x02", b"\x01"]}) == {"BS": ["AQ==", "Ag=="]}
    assert v.dynamodb_json({"NS": ["10", "9.50", "-1"]}) == {"NS": ["-1", "9.5", "10"]}
    assert v.dynamodb_json({"M": {"a": {"L": [{"N": "1E+1"}, {"NULL": True}]}}}) == {"M": {"a": {"L": [{"N": "10"}, {"NULL": True}]}}}
    assert v.dynamodb_json(None) is None


def settings(**overrides):
    args = {"ddbm_connection": "c", "ddbm_report_uri": "file:///tmp/r", "ddbm_region": "us-east-1", "ddbm_run_id": "jr_1"}
    args.update(overrides)
    return v.ValidationSettings.from_arguments(args)


def test_sample_size_rule():
    assert v.sample_size(settings(), 10_000, 9_990) == 9_990  # at most 10,000 expected: every matched item
    assert v.sample_size(settings(), 10_001, 10_001) == 1_000
    assert v.sample_size(settings(ddbm_sample="50"), 20_000, 20_000) == 50
    assert v.sample_size(settings(ddbm_sample="50"), 40, 30) == 30  # capped at matched
    # ⌈F × expected⌉ exactly: 0.1 × 30 is 3, not 3.0000000000000004 → 4.
    assert v.sample_size(settings(ddbm_sample_fraction="0.1"), 30, 30) == 3
    assert v.sample_size(settings(ddbm_sample_fraction="0.01"), 20_001, 20_001) == 201
    assert v.sample_size(settings(ddbm_full_compare="true"), 50_000, 49_000) == 49_000


def test_arguments_defaults_and_refusals():
    s = settings()
    assert (s.partitions, s.sample, s.sample_fraction, s.seed, s.full_compare, s.examples) == (8, 0, None, 1, False, 10)
    run = s.run_settings()
    assert (run.connection_name, run.report_uri, run.region, run.run_id, run.dead_letter_uri) == ("c", "file:///tmp/r", "us-east-1", "jr_1", "")
    for bad, message in [({"ddbm_sample": "-1"}, "--ddbm_sample"), ({"ddbm_sample_fraction": "1.5"}, "--ddbm_sample_fraction"),
                         ({"ddbm_full_compare": "yes"}, "--ddbm_full_compare"), ({"ddbm_seed": "x"}, "--ddbm_seed"),
                         ({"ddbm_report_uri": "/tmp/r"}, "--ddbm_report_uri"),
                         ({"ddbm_sample": "5", "ddbm_full_compare": "true"}, "at most one of")]:
        with pytest.raises(core.SettingsError, match=message):
            settings(**bad)


def test_arguments_resolve_with_awss_parser_from_default_arguments_alone():
    from awsglue.utils import getResolvedOptions

    argv = ["validate_Users.py", "--JOB_ID", "j_1", "--JOB_RUN_ID", "jr_abc", "--job-bookmark-option", "job-bookmark-disable",
            "--ddbm_connection", "c", "--ddbm_report_uri", "s3://b/reports/", "--ddbm_region", "eu-west-1",
            "--ddbm_partitions", "8", "--ddbm_seed=7"]
    s = v.ValidationSettings.from_arguments(v.resolve_arguments(argv, getResolvedOptions))
    assert (s.run_id, s.partitions, s.seed, s.report_uri) == ("jr_abc", 8, 7, "s3://b/reports/")
    spec = make_spec()
    assert v.measurement_uri(s, spec) == "s3://b/reports/validation/Users/jr_abc.json"


def test_smallest_keeps_the_first_examples_in_byte_order():
    kept = v.Smallest(3)
    for key in [b"S1:d", b"S1:a", b"S2:zz", b"S1:c", b"S1:b"]:
        kept.add(key, key.decode())
    assert kept.values() == ["S1:a", "S1:b", "S1:c"]
    assert v.Smallest(0, [(b"a", 1)]).values() == []


class FlakyBatches:
    """BatchGetItem that leaves keys unprocessed twice, then answers."""

    def __init__(self, items):
        self.items, self.calls = items, []

    def batch_get_item(self, RequestItems):  # noqa: N803
        (table, request), = RequestItems.items()
        assert request["ConsistentRead"] is True
        self.calls.append(len(request["Keys"]))
        keys = request["Keys"]
        answer, rest = (keys[:1], keys[1:]) if len(self.calls) < 3 else (keys, [])
        found = [self.items[k["PK"]["S"]] for k in answer if k["PK"]["S"] in self.items]
        return {"Responses": {table: found}, "UnprocessedKeys": {table: {"Keys": rest}} if rest else {}}


def test_batch_get_asks_again_for_unprocessed_keys_with_backoff():
    items = {k: {"PK": {"S": k}, "SK": {"S": "#"}, "n": {"N": "1"}} for k in ("a", "b", "c", "d")}
    client, sleeps = FlakyBatches(items), []
    keys = [{"PK": {"S": k}, "SK": {"S": "#"}} for k in ("a", "b", "c", "d", "e")]
    found = v.batch_get(client, "Users", keys, ("PK", "SK"), sleep=sleeps.append, rng=lambda: 1.0)
    assert client.calls == [5, 4, 3]
    assert sleeps == [0.05, 0.1]  # full jitter at its maximum: 50 ms · 2^(n-1)
    assert sorted(found) == [b"S1:aS1:#", b"S1:bS1:#", b"S1:cS1:#", b"S1:dS1:#"]
    with pytest.raises(v.ValidationError, match="unprocessed"):
        v.batch_get(FlakyBatches(items), "Users", keys, ("PK", "SK"), attempts=2, sleep=lambda s: None)


def test_key_stats_count_the_join_exactly():
    spec = make_spec(entities=[("USER", ["PK", "SK", "name"], None), ("CART", ["PK", "SK"], None)],
                     extra_attrs=[("G", "S")])
    spec = core.JobSpec.from_dict(dict(core_spec_doc(spec), gsi_keys=["G"]))
    index = v.IndexSpec("GSI1", "G", None)

    def item(pk, **extra):
        attrs = {"PK": {"S": pk}, "SK": {"S": "#"}}
        attrs.update({k: {"S": x} for k, x in extra.items()})
        return attrs

    def kb(pk):
        return v.canonical_key_bytes(item(pk), ("PK", "SK"))

    entries = [
        ((v._EXCLUDED, "missing-key"), ((2, None, None), None)),
        (kb("a"), ((1, "USER", item("a", G="g")), item("a"))),  # matched, in the GSI
        (kb("b"), ((1, "CART", item("b", G="g")), None)),       # missing (and so not present in the GSI)
        (kb("c"), ((2, "USER", item("c")), item("c"))),          # collision found in the table: unexpected
        (kb("d"), ((3, "USER", item("d")), None)),               # collision not in the table
        (kb("e"), (None, item("e"))),                            # unexpected
    ]
    stats = v.key_stats(entries, spec, [index], examples=10)
    assert (stats.view_rows, stats.expected, stats.matched, stats.missing, stats.unexpected) == (9, 2, 1, 1, 2)
    assert stats.excluded == {"missing-key": 2, "key-collision": 5}
    assert stats.entities == {"USER": [1, 1], "CART": [1, 0]}
    assert stats.gsi_expected == [2] and stats.gsi_present == [1]
    assert [e for _, e in stats.missing_examples] == [{"PK": {"S": "b"}, "SK": {"S": "#"}}]
    assert [e for _, e in stats.unexpected_examples] == [{"PK": {"S": "c"}, "SK": {"S": "#"}}, {"PK": {"S": "e"}, "SK": {"S": "#"}}]
    assert [v.is_matched(e) for e in entries] == [False, True, False, False, False, False]


def core_spec_doc(spec):
    """The spec document of a parsed spec (test helper: a GSI key added to it)."""
    return {
        "spec_version": 2, "table": spec.table, "view": spec.view, "pk": spec.pk, "sk": spec.sk, "gsi_keys": list(spec.gsi_keys),
        "attributes": [{"name": a.name, "type": a.type} for a in spec.attributes],
        "write": {"mode": spec.write_mode, "version_attribute": spec.version_attribute},
        "bookmark_attribute": spec.bookmark_attribute, "entity_column": spec.entity_column,
        "partition_column": spec.partition_column,
        "sources": [{"entity": s.entity, "view": s.view, "columns": list(s.columns), "bounds": None} for s in spec.sources],
    }


def test_expected_entries_convert_with_the_load_jobs_row_to_item():
    spec = make_spec()
    rows = [{"PK": "A", "SK": "#", "name": "x", "updated_at": Decimal("1.50")}, {"PK": None, "SK": "#"},
            {"PK": "B", "SK": "#", "updated_at": "n/a"}]
    out = list(v.expected_entries(rows, spec))
    assert out[0] == (b"S1:AS1:#", (1, None, {"PK": {"S": "A"}, "SK": {"S": "#"}, "name": {"S": "x"}, "updated_at": {"N": "1.50"}}))
    assert out[1] == ((v._EXCLUDED, "missing-key"), (1, None, None))
    assert out[2] == ((v._EXCLUDED, "invalid-value"), (1, None, None))


def test_index_list_is_strict():
    spec = core.JobSpec.from_dict(dict(core_spec_doc(make_spec()), gsi_keys=["name"]))
    assert v.parse_indexes('[{"index": "ByName", "pk": "name", "sk": null}]', spec) == (v.IndexSpec("ByName", "name", None),)
    for bad in ['{}', '[{"index": "X", "pk": "PK", "sk": null}]', '[{"index": "X", "pk": "name", "extra": 1}]']:
        with pytest.raises(core.SpecError):
            v.parse_indexes(bad, spec)


def test_an_executors_python_error_is_described_by_its_own_line():
    text = ("An error occurred while calling o123.collectAndServe.\n: org.apache.spark.SparkException: Job aborted due to "
            "stage failure: Task 0 in stage 3.0 failed 1 times\norg.apache.spark.api.python.PythonException: Traceback "
            "(most recent call last):\n  File \"/x/ddbm_validate.py\", line 1, in scan_keys\n    page = ...\n"
            "botocore.exceptions.ClientError: An error occurred (AccessDeniedException) when calling the Scan operation: "
            "not authorized\n\n\tat org.apache.spark.api.python.BasePythonRunner.handlePythonException(Runner.scala:1)\n")
    assert v.describe_failure(RuntimeError(text)) == (
        "an executor failed: botocore.exceptions.ClientError: An error occurred (AccessDeniedException) when calling "
        "the Scan operation: not authorized")
    assert v.describe_failure(ValueError("plain\n\tat x.y(z)")) == "ValueError: plain"


class ListRDD:
    """The two RDD methods sample_keys uses, over a list."""

    def __init__(self, entries):
        self.entries = list(entries)

    def flatMap(self, f):  # noqa: N802
        return ListRDD(x for e in self.entries for x in f(e))

    def takeOrdered(self, n):  # noqa: N802
        return sorted(self.entries)[:n]


def test_sample_keys_follow_the_documented_rule_candidates_then_present():
    """docs/VALIDATE.md: the 2N converted rows with the smallest (hash, key) are the candidates
    (a collision's rows each take a place), then the first N expected once and present."""
    seed = 7
    keys = [b"S1:%d" % i for i in range(12)]
    ranked = sorted(keys, key=lambda k: (v.sample_hash(seed, k), k))
    missing, colliding = ranked[0], ranked[1]
    entries = []
    for k in keys:
        if k == missing:
            entries.append((k, ((1, None, {}), None)))
        elif k == colliding:
            entries.append((k, ((3, None, {}), {"x": 1})))
        else:
            entries.append((k, ((1, None, {}), {"x": 1})))
    entries.append(((v._EXCLUDED, "missing-key"), ((4, None, None), None)))
    # N = 2: candidates = the missing row, the colliding key's three rows (rank 2): 4 places; none usable.
    assert v.sample_keys(ListRDD(entries), seed, 2) == set()
    # N = 3: six places: missing, 3 × colliding, then ranked[2] and ranked[3].
    assert v.sample_keys(ListRDD(entries), seed, 3) == {ranked[2], ranked[3]}
    # N = 5: ten places, six usable; the first five are the sample.
    assert v.sample_keys(ListRDD(entries), seed, 5) == set(ranked[2:7])
