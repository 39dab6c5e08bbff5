"""Row -> item conversion (docs/CONTRACT.md section 5): every type, keys, sparse GSIs, sizes."""

import base64
import datetime as dt
import json
from decimal import Decimal

import pytest

import ddbm_core as core


def spec(attributes, *, pk="PK", sk="SK", gsi_keys=(), mode="if-absent", version=None):
    attrs = [{"name": "PK", "type": "S"}, {"name": "SK", "type": "S"}] + [{"name": n, "type": t} for n, t in attributes]
    return core.JobSpec.from_dict({
        "spec_version": 2, "table": "Users", "view": "ddb_users_view", "pk": pk, "sk": sk,
        "gsi_keys": list(gsi_keys), "attributes": attrs,
        "write": {"mode": mode, "version_attribute": version}, "bookmark_attribute": None,
        "entity_column": "_entity_type", "partition_column": "_partition_key",
        "sources": [{"entity": "USER", "view": "ddb_users_view__user", "columns": [a["name"] for a in attrs],
                     "bounds": {"table": "users", "column": "id"}}],
    })


def convert(attr_type, value):
    """The AttributeValue of one attribute 'a' of the given type, or the dead letter."""
    result = core.row_to_item({"PK": "p", "SK": "s", "a": value}, spec([("a", attr_type)]))
    return result.attributes.get("a") if isinstance(result, core.Item) else result


def test_string_from_text_and_mysql_renderings():
    assert convert("S", "héllo") == {"S": "héllo"}
    assert convert("S", "") == {"S": ""}  # empty strings are legal outside keys
    assert convert("S", Decimal("1.50")) == {"S": "1.50"}
    assert convert("S", 42) == {"S": "42"}
    assert convert("S", dt.datetime(2024, 1, 2, 3, 4, 5)) == {"S": "2024-01-02 03:04:05"}
    assert convert("S", bytearray(b"abc")) == {"S": "abc"}


def test_number_is_exact_and_never_through_float():
    assert convert("N", Decimal("12345678901234567890.123456789")) == {"N": "12345678901234567890.123456789"}
    assert convert("N", 7) == {"N": "7"}
    assert convert("N", " -3.25 ") == {"N": "-3.25"}
    assert convert("N", 0.1) == {"N": "0.1"}  # shortest round-trip text, not 0.1000000000000000055...
    assert convert("N", True) == {"N": "1"}


@pytest.mark.parametrize("bad", ["abc", "1e", "NaN", "Infinity", float("nan"), "1" * 39])
def test_invalid_numbers_are_dead_lettered(bad):
    letter = convert("N", bad)
    assert isinstance(letter, core.DeadLetter) and letter.reason == core.REASON_INVALID_VALUE


def test_binary_from_bytes_and_base64():
    assert convert("B", bytearray(b"\x00\xff")) == {"B": b"\x00\xff"}
    assert convert("B", base64.b64encode(b"xyz").decode()) == {"B": b"xyz"}
    assert convert("B", "not base64!").reason == core.REASON_INVALID_VALUE


@pytest.mark.parametrize("raw,expected", [(1, True), (0, False), (True, True), ("false", False),
                                          ("TRUE", True), (Decimal("1"), True), ("0", False)])
def test_boolean_from_zero_one_true_false(raw, expected):
    assert convert("BOOL", raw) == {"BOOL": expected}


def test_boolean_rejects_other_values():
    assert convert("BOOL", 2).reason == core.REASON_INVALID_VALUE
    assert convert("BOOL", "yes").reason == core.REASON_INVALID_VALUE


def test_map_and_list_from_json_text_with_exact_numbers():
    assert convert("M", '{"a": 1.10, "b": [true, null, "x"], "c": {}}') == {"M": {
        "a": {"N": "1.10"}, "b": {"L": [{"BOOL": True}, {"NULL": True}, {"S": "x"}]}, "c": {"M": {}}}}
    assert convert("L", "[1, 2]") == {"L": [{"N": "1"}, {"N": "2"}]}


@pytest.mark.parametrize("attr_type,text", [("M", "{not json"), ("M", "[1]"), ("L", '{"a": 1}'),
                                            ("L", "[NaN]"), ("M", "[" * 40 + "]" * 40)])
def test_invalid_json_is_dead_lettered(attr_type, text):
    letter = convert(attr_type, text)
    assert isinstance(letter, core.DeadLetter)
    assert letter.reason == core.REASON_INVALID_JSON
    assert "'a'" in letter.detail


def test_json_nested_beyond_dynamodb_limit_is_rejected():
    deep = '{"a":' * 33 + "1" + "}" * 33
    assert convert("M", deep).reason == core.REASON_INVALID_JSON
    ok = '{"a":' * 31 + "1" + "}" * 31
    assert "M" in convert("M", ok)


@pytest.mark.parametrize("attr_type,text", [("L", '["\\ud800"]'), ("M", '{"\\udc00": 1}'), ("M", '{"a": ["x\\udbff"]}'),
                                            ("SS", '["\\ud800"]'), ("NS", '["\\ud800"]'), ("BS", '["\\udfff"]')])
def test_json_with_a_lone_surrogate_escape_is_invalid_json_not_a_crash(attr_type, text):
    """Regression: json.loads keeps a lone surrogate from a \\u escape; item_size could not encode it
    and raised UnicodeEncodeError, failing the whole partition instead of dead-lettering the row."""
    letter = core.row_to_item({"PK": "p", "SK": "s", "a": text}, spec([("a", attr_type)]))
    assert isinstance(letter, core.DeadLetter)
    assert letter.reason == core.REASON_INVALID_JSON
    assert convert("L", '["\\ud83d\\ude00", "\\u00e9"]') == {"L": [{"S": "\U0001F600"}, {"S": "\u00e9"}]}  # pairs are fine


def test_sets_are_deduplicated_and_empty_sets_omitted():
    assert convert("SS", '["b", "a", "b", null]') == {"SS": ["b", "a"]}
    assert convert("NS", "[1, 1.0, 2.50, \"3\"]") == {"NS": ["1", "2.50", "3"]}
    blob = base64.b64encode(b"k").decode()
    assert convert("BS", json.dumps([blob, blob])) == {"BS": [b"k"]}
    assert convert("SS", "[]") is None
    assert convert("NS", "[null]") is None


def test_set_needs_json_array():
    assert convert("SS", '"a"').reason == core.REASON_INVALID_JSON
    assert convert("NS", '["x"]').reason == core.REASON_INVALID_VALUE


def test_null_type_and_null_values():
    assert convert("NULL", 1) == {"NULL": True}
    item = core.row_to_item({"PK": "p", "SK": "s", "a": None}, spec([("a", "S")]))
    assert item.attributes == {"PK": {"S": "p"}, "SK": {"S": "s"}}


def test_reserved_and_unknown_columns_are_not_written():
    item = core.row_to_item({"PK": "p", "SK": "s", "_entity_type": "USER", "_partition_key": 9, "other": 1},
                            spec([]))
    assert set(item.attributes) == {"PK", "SK"}


def test_reserved_name_as_attribute_is_a_spec_error():
    with pytest.raises(core.SpecError, match="reserved"):
        spec([("_partition_key", "N")])


@pytest.mark.parametrize("row", [{"PK": None, "SK": "s"}, {"PK": "p", "SK": ""}, {"SK": "s"}])
def test_null_or_empty_table_key_is_missing_key(row):
    letter = core.row_to_item(row, spec([]))
    assert isinstance(letter, core.DeadLetter) and letter.reason == core.REASON_MISSING_KEY


def test_gsi_keys_are_sparse():
    s = spec([("G1", "S"), ("G2", "S")], gsi_keys=["G1", "G2"])
    item = core.row_to_item({"PK": "p", "SK": "s", "G1": "", "G2": None}, s)
    assert set(item.attributes) == {"PK", "SK"}
    item = core.row_to_item({"PK": "p", "SK": "s", "G1": "x"}, s)
    assert item.attributes["G1"] == {"S": "x"}


def test_if_newer_needs_the_version_on_every_item():
    s = spec([("v", "N")], mode="if-newer", version="v")
    assert core.row_to_item({"PK": "p", "SK": "s"}, s).reason == core.REASON_MISSING_VERSION


def test_item_size_follows_dynamodb_rules():
    assert core.item_size({"ab": {"S": "héllo"}}) == 2 + 6
    assert core.number_size("12345") == 4  # ceil(5 / 2) + 1
    assert core.number_size("1000") == 2  # trailing zeros are trimmed
    assert core.number_size("-1.5") == 3  # ceil(2 / 2) + 1, and one more byte for the sign
    assert core.item_size({"m": {"M": {"k": {"BOOL": True}}}}) == 1 + 3 + (1 + 1 + 1)
    assert core.item_size({"l": {"L": [{"NULL": True}, {"S": "ab"}]}}) == 1 + 3 + (1 + 1) + (1 + 2)
    assert core.item_size({"s": {"SS": ["a", "bc"]}, "b": {"BS": [b"123"]}}) == 1 + 3 + 1 + 3


def test_oversize_item_is_dead_lettered_and_limit_is_inclusive():
    s = spec([("a", "S")])
    overhead = core.item_size({"PK": {"S": "p"}, "SK": {"S": "s"}}) + 1
    fits = core.row_to_item({"PK": "p", "SK": "s", "a": "x" * (core.MAX_ITEM_BYTES - overhead)}, s)
    assert isinstance(fits, core.Item) and fits.size == core.MAX_ITEM_BYTES
    letter = core.row_to_item({"PK": "p", "SK": "s", "a": "x" * (core.MAX_ITEM_BYTES - overhead + 1)}, s)
    assert letter.reason == core.REASON_ITEM_TOO_LARGE


def test_adjacent_key_collisions_are_all_dead_lettered():
    s = spec([("a", "S")])
    rows = [{"PK": "p", "SK": "1", "a": "x"}, {"PK": "p", "SK": "2"}, {"PK": "p", "SK": "2"}, {"PK": None},
            {"PK": "p", "SK": "3"}]
    out = list(core.mark_key_collisions((core.row_to_item(r, s) for r in rows), s))
    assert [o.reason if isinstance(o, core.DeadLetter) else o.attributes["SK"]["S"] for o in out] == [
        "1", core.REASON_MISSING_KEY, core.REASON_KEY_COLLISION, core.REASON_KEY_COLLISION, "3"]


def test_dead_letter_line_is_json_with_base64_and_decimal_strings():
    letter = core.DeadLetter({"PK": "p", "b": bytearray(b"\x01"), "n": Decimal("1.10"),
                              "t": dt.datetime(2024, 1, 1)}, "invalid-json", "detail", 2, "boom")
    line = json.loads(core.dead_letter_line(letter, spec([]), "run-1"))
    assert line["row"] == {"PK": "p", "b": "AQ==", "n": "1.10", "t": "2024-01-01T00:00:00"}
    assert (line["reason"], line["attempts"], line["last_error"], line["run_id"]) == ("invalid-json", 2, "boom", "run-1")


def spec_v2(**changes):
    """A minimal valid single-entity spec v2 document."""
    doc = {"spec_version": 2, "table": "Users", "view": "v", "pk": "PK", "sk": None, "gsi_keys": [],
           "attributes": [{"name": "PK", "type": "S"}, {"name": "a", "type": "N"}], "write": {"mode": "if-absent"},
           "bookmark_attribute": None, "entity_column": None, "partition_column": "_partition_key",
           "sources": [{"entity": None, "view": "v", "columns": ["PK", "a"], "bounds": {"table": "t", "column": "id"}}]}
    doc.update(changes)
    return doc


MULTI = [{"entity": "USER", "view": "v__user", "columns": ["PK", "a"], "bounds": {"table": "users", "column": "id"}},
         {"entity": "CART", "view": "v__cart", "columns": ["PK"], "bounds": None}]


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d.update(spec_version=3), "unsupported spec_version 3"),
    (lambda d: d.update(pk="Nope"), "not in 'attributes'"),
    (lambda d: d["write"].update(mode="if-newer"), "version_attribute"),
    (lambda d: d.update(table="x"), "table name"),
    (lambda d: d["attributes"].append({"name": "PK", "type": "S"}), "twice"),
    (lambda d: d["attributes"].append({"name": "z", "type": "X"}), "unknown type"),
    (lambda d: d.update(partitioned=True), "unknown field.*'partitioned'"),
    (lambda d: d.update(bounds_from=[]), "unknown field.*'bounds_from'"),
    (lambda d: d.pop("sources"), "'sources' must be a non-empty array"),
    (lambda d: d.update(sources=[]), "'sources' must be a non-empty array"),
    (lambda d: d["sources"][0].update(entity="USER"), r"sources\[0\].entity must be null"),
    (lambda d: d["sources"][0].update(view=""), r"sources\[0\].view must be a non-empty string"),
    (lambda d: d["sources"][0].update(columns=[]), r"sources\[0\].columns must be a non-empty array"),
    (lambda d: d["sources"][0].update(columns=["PK", "zz"]), r"names 'zz', which is not in 'attributes'"),
    (lambda d: d["sources"][0].update(columns=["a"]), "lacks key attribute 'PK'"),
    (lambda d: d["sources"][0].update(columns=["PK", "PK"]), "lists a column twice"),
    (lambda d: d["sources"][0].update(bounds={"table": "t"}), r"sources\[0\].bounds.column"),
    (lambda d: d["sources"][0].update(bounds={"table": "t", "column": "id", "x": 1}), r"unknown field.*'x'"),
    (lambda d: d["sources"][0].update(bounds="t.id"), r"sources\[0\].bounds must be null or an object"),
    (lambda d: d["sources"][0].update(extra=1), r"sources\[0\] has unknown field"),
    (lambda d: d.update(sources=[dict(MULTI[0], entity=None), dict(MULTI[1], entity=None)]),
     "exactly one source"),
    (lambda d: d.update(entity_column="_entity_type", sources=[dict(MULTI[0], entity=None)]),
     r"sources\[0\].entity must name the entity"),
    (lambda d: d.update(entity_column="_entity_type", sources=[MULTI[0], dict(MULTI[1], entity="USER")]),
     "'USER' is listed twice"),
    (lambda d: d.update(entity_column="_entity_type", sources=[MULTI[0], dict(MULTI[1], view="v__user", entity="X")]),
     "read by two sources"),
    (lambda d: (d["write"].update(mode="if-newer", version_attribute="a"),
                d.update(entity_column="_entity_type", sources=MULTI)), r"sources\[1\].columns lacks version attribute 'a'"),
    (lambda d: d.update(bookmark_attribute="nope"), "bookmark attribute 'nope'"),
    (lambda d: d["write"].update(extra=1), "write has unknown field"),
])
def test_spec_validation_names_the_problem(mutate, message):
    doc = spec_v2()
    mutate(doc)
    with pytest.raises(core.SpecError, match=message):
        core.JobSpec.from_dict(doc)


def test_spec_version_1_is_refused_with_the_fix():
    with pytest.raises(core.SpecError, match="regenerate the jobs with `ddb-migrate generate`"):
        core.JobSpec.from_dict(spec_v2(spec_version=1))


def test_the_example_spec_v2_parses():
    """The document templates/glue/README.md shows, as the Swift side emits it."""
    doc = {
        "spec_version": 2, "table": "Users", "view": "ddb_users_view", "pk": "PK", "sk": "SK",
        "gsi_keys": ["GSI1PK", "GSI1SK"],
        "attributes": [{"name": "PK", "type": "S"}, {"name": "SK", "type": "S"}, {"name": "GSI1PK", "type": "S"},
                       {"name": "GSI1SK", "type": "S"}, {"name": "updated_at", "type": "S"}],
        "write": {"mode": "if-absent", "version_attribute": None}, "bookmark_attribute": "updated_at",
        "entity_column": "_entity_type", "partition_column": "_partition_key",
        "sources": [
            {"entity": "USER", "view": "ddb_users_view__user", "columns": ["PK", "SK", "updated_at"],
             "bounds": {"table": "users", "column": "id"}},
            {"entity": "CART", "view": "ddb_users_view__cart", "columns": ["PK", "SK"], "bounds": None},
        ],
    }
    spec = core.JobSpec.from_json(json.dumps(doc))
    user, cart = spec.sources
    assert (user.entity, user.view, user.columns, user.bounds) == (
        "USER", "ddb_users_view__user", ("PK", "SK", "updated_at"), ("users", "id"))
    assert cart.bounds is None and cart.bounds_query() is None
    assert user.bounds_query() == "SELECT MIN(`id`) AS lo, MAX(`id`) AS hi FROM `users`"
    assert spec.read_columns(user) == ("_partition_key", "_entity_type", "PK", "SK", "updated_at")
    # null-valued fields may be left out (Swift's encoder omits nil optionals)
    del doc["sources"][1]["bounds"], doc["write"]["version_attribute"], doc["sk"]
    doc["attributes"] = [a for a in doc["attributes"] if a["name"] != "SK"]
    for source in doc["sources"]:
        source["columns"] = [c for c in source["columns"] if c != "SK"]
    assert core.JobSpec.from_dict(doc).sources[1].bounds is None


def test_bounds_query_quotes_identifiers():
    source = core.SourceSpec("E", "v", ("PK",), ("we`ird", "k`ey"))
    assert source.bounds_query() == "SELECT MIN(`k``ey`) AS lo, MAX(`k``ey`) AS hi FROM `we``ird`"


def test_quote_identifier_doubles_backticks():
    assert core.quote_identifier("we`ird") == "`we``ird`"


def test_single_entity_spec_has_no_entity_column():
    """`generate` sends ``"entity_column": null`` for a single-entity view (it has no such column)."""
    doc = spec_v2(table="Products")
    spec = core.JobSpec.from_dict(doc)
    assert spec.entity_column is None and spec.partition_column == "_partition_key"
    doc["attributes"].append({"name": "_partition_key", "type": "N"})
    with pytest.raises(core.SpecError, match="reserved"):
        core.JobSpec.from_dict(doc)
