"""Views read plain integer columns without ``CAST(... AS CHAR)`` and cast other numbers and
dates into latin1 (ValueSQL.column, CastFreeColumns): the job must write byte-identical items
either way.

``e2e_cases/plain_integers`` has one integer column of every kind at its edges (negative, 0,
BIGINT UNSIGNED's maximum, a TINYINT(1) holding 2, ZEROFILL, YEAR, NULLs), TIMESTAMP(3), DATE,
TIME(1), DECIMAL and DOUBLE values at theirs, and CHAR and ENUM text shorter than its column,
each read as an S attribute (the table key and a GSI key among them). It is migrated twice
through run-local: generated with its schema snapshot (plain integers uncast; TINYINT(1),
ZEROFILL, YEAR and the other numbers and dates cast into latin1; CHAR and ENUM cast to CHAR:
Spark pads a CHAR(n) it reads, and Connector/J reports an ENUM as CHAR) and without one (every
S attribute cast to CHAR). Both runs must leave exactly the items written out below, from the
seed by hand, and `validate` must find the first run's table whole.
"""

import json
import os

import pytest

from conftest import scan_all
from e2e_support import Pipeline

CASE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "e2e_cases", "plain_integers")
TABLE = "Edges"


def s(text):
    return {"S": text}


def item(pk, **attributes):
    return dict({"PK": s(pk), "SK": s("#EDGE")}, **{k: s(v) for k, v in attributes.items()})


#: From seed.sql, as MySQL's CAST(... AS CHAR) writes each value (docs/CONTRACT.md §5); NULL is absent.
EXPECTED = sorted([
    item("-7", GSI1PK="18446744073709551615", i_signed="-2147483648", bi_unsigned="18446744073709551615",
         bi_signed="-9223372036854775808", si="-32768", mi_unsigned="16777215", ti="-128", flag="2",
         zf="00042", yr="2024", code="ab", state="on", made="2038-01-19 03:14:07.999", day="1000-01-01",
         span="-838:59:59.0", price="-12345678.90", ratio="-1.5e300"),
    item("0", GSI1PK="0", i_signed="0", bi_unsigned="0", bi_signed="9223372036854775807", si="0",
         mi_unsigned="0", ti="0", flag="0", zf="00000", yr="1901", maybe="0", code="abcde", state="unknown",
         made="1970-01-01 00:00:01.000", day="9999-12-31", span="00:00:00.5", price="0.00", ratio="0"),
    item("2147483647", GSI1PK="1", i_signed="2147483647", bi_unsigned="1", bi_signed="-1", si="32767",
         mi_unsigned="1", ti="127", flag="1", zf="12345", yr="2155", maybe="-5", code="", state="off",
         made="2024-02-29 23:59:59.120", day="2024-02-29", span="100:00:00.0", price="99999999.99", ratio="0.1"),
    item("3"),
], key=lambda i: i["PK"]["S"])

UNCAST = ["id", "bi_unsigned", "i_signed", "bi_signed", "si", "mi_unsigned", "ti", "maybe"]
CAST_TO_LATIN1 = ["flag", "zf", "yr", "made", "day", "span", "price", "ratio"]
CAST = ["code", "state"]


def migrate(pipeline, dynamodb, endpoint, out, *generate_args):
    """Generates into ``out``, applies its views, runs the job into a fresh table; returns the
    run, the view SQL and the table's items."""
    pipeline.out = out
    pipeline.cli("generate", pipeline.contract, "--dialect", "mariadb", "--out", out, *generate_args)
    pipeline.apply_views()
    if TABLE in dynamodb.list_tables()["TableNames"]:
        dynamodb.delete_table(TableName=TABLE)
    run = pipeline.run_local(endpoint, pipeline.work_root, "--partitions", "2")
    with open(os.path.join(out, "views.sql"), encoding="utf-8") as handle:
        views = handle.read()
    return run, views, sorted(scan_all(dynamodb, TABLE), key=lambda i: i["PK"]["S"])


@pytest.fixture(scope="module")
def runs(mariadb, moto_endpoint, dynamodb, tmp_path_factory):
    work = tmp_path_factory.mktemp("e2e-plain-integers")
    pipeline = Pipeline(mariadb, "e2e_plain_integers", CASE, os.path.join(CASE, "contract.json"))
    pipeline.load_source(os.path.join(CASE, "schema.sql"), os.path.join(CASE, "seed.sql"))
    pipeline.work_root = str(work)
    pipeline.endpoint = moto_endpoint
    schema = pipeline.introspect(str(work / "schema.json"))
    untyped = migrate(pipeline, dynamodb, moto_endpoint, str(work / "untyped"))
    typed = migrate(pipeline, dynamodb, moto_endpoint, str(work / "typed"), "--schema", schema)
    pipeline.first = typed[0]  # the table now holds the typed run's items
    return pipeline, typed, untyped


def test_views_cast_only_what_the_job_would_render_differently(runs):
    _, (_, typed, _), (_, untyped, _) = runs
    for column in UNCAST:
        assert f"CAST(`edges`.`{column}` AS CHAR)" not in typed, column
        assert f"CAST(`edges`.`{column}` AS CHAR)" in untyped, column
    for column in CAST_TO_LATIN1:
        assert f"CAST(`edges`.`{column}` AS CHAR CHARACTER SET latin1)" in typed, column
        assert f"CAST(`edges`.`{column}` AS CHAR)" in untyped, column
    for column in CAST:
        assert f"CAST(`edges`.`{column}` AS CHAR)" in typed, column


def test_items_are_the_same_with_and_without_the_casts(runs):
    _, (typed_run, _, typed_items), (untyped_run, _, untyped_items) = runs
    for run in (typed_run, untyped_run):
        assert run.counters(TABLE) == {"read": 4, "written": 4, "skipped": 0, "dead_lettered": 0,
                                       "throttled_retries": 0}
    assert untyped_items == EXPECTED
    assert typed_items == EXPECTED


def test_validate_finds_the_uncast_table_whole(runs, tmp_path):
    pipeline = runs[0]
    out = tmp_path / "validation.json"
    done = pipeline.cli("validate", pipeline.out, "--mysql", pipeline.url, "--runs", pipeline.first.work,
                        "--dynamodb-endpoint", pipeline.endpoint, "--format", "json", "--out", str(out),
                        check=False, timeout=900)
    assert done.returncode == 0, done.stderr
    (table,) = json.loads(out.read_text())["tables"]
    assert table["score"] == 100, table
    assert table["matched"] == table["expected_items"] == 4, table
