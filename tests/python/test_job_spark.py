"""The core's reading against real Spark 3.5 and MariaDB, through the local Connector/J stand-in
(com.mysql.cj.jdbc.Driver, as on Glue 5.0): the read partitions Spark really makes, NULL keys,
the mark filter pushed into each range's WHERE, the session time zone, real driver errors."""

import pytest

import ddbm_core as core
from test_job_support import JavaMapLike, settings

PASSWORD = "spark-Test-pw-41"

SCHEMA = f"""
DROP DATABASE IF EXISTS jobspark;
CREATE DATABASE jobspark;
USE jobspark;
CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL, name VARCHAR(100),
                    updated_at BIGINT NOT NULL, seen DATETIME NOT NULL, tag VARCHAR(20) NOT NULL);
INSERT INTO users VALUES
  (1, 'a@x', 'A', 100, '2024-03-01 10:00:00', 'k01'), (2, 'b@x', 'B', 105, '2024-03-01 11:00:00', 'k02'),
  (3, 'c@x', NULL, 105, '2024-03-02 00:00:00', 'k03'), (10, 'd@x', 'D', 110, '2024-03-03 09:30:00', 'k10'),
  (11, 'e@x', 'E', 120, '2024-03-04 23:59:59', 'k11'), (40, 'f@x', 'F', 130, '2024-03-05 12:00:00', 'k40');
CREATE TABLE things (code VARCHAR(10) PRIMARY KEY, id INT NULL, UNIQUE KEY (id));
INSERT INTO things VALUES ('t1', 5), ('t2', NULL), ('t3', 6), ('t4', NULL), ('t5', 7);
CREATE TABLE carts (code VARCHAR(10) PRIMARY KEY, total DECIMAL(10,2));
INSERT INTO carts VALUES ('c1', 1.50), ('c2', NULL);
CREATE VIEW v_user AS SELECT u.id AS _partition_key, 'USER' AS _entity_type, CONCAT('USER#', u.email) AS PK,
  '#META' AS SK, u.name AS name, u.updated_at AS updated_at, u.seen AS seen, u.tag AS tag FROM users u;
CREATE VIEW v_thing AS SELECT t.id AS _partition_key, 'THING' AS _entity_type, CONCAT('THING#', t.code) AS PK,
  '#META' AS SK FROM things t;
CREATE VIEW v_cart AS SELECT CAST(NULL AS SIGNED) AS _partition_key, 'CART' AS _entity_type, CONCAT('CART#', c.code) AS PK,
  '#META' AS SK, c.total AS total FROM carts c;
CREATE USER IF NOT EXISTS 'jobspark'@'127.0.0.1' IDENTIFIED BY '{PASSWORD}';
GRANT SELECT ON jobspark.* TO 'jobspark'@'127.0.0.1';
"""

SPEC = core.JobSpec.from_dict({
    "spec_version": 2, "table": "Users", "view": "v_all", "pk": "PK", "sk": "SK", "gsi_keys": [],
    "attributes": [{"name": n, "type": t} for n, t in (("PK", "S"), ("SK", "S"), ("name", "S"), ("updated_at", "N"),
                                                        ("seen", "S"), ("tag", "S"), ("total", "N"))],
    "write": {"mode": "if-absent"}, "bookmark_attribute": "updated_at",
    "entity_column": "_entity_type", "partition_column": "_partition_key",
    "sources": [
        {"entity": "USER", "view": "v_user", "columns": ["PK", "SK", "name", "updated_at", "seen", "tag"],
         "bounds": {"table": "users", "column": "id"}},
        {"entity": "THING", "view": "v_thing", "columns": ["PK", "SK"], "bounds": {"table": "things", "column": "id"}},
        {"entity": "CART", "view": "v_cart", "columns": ["PK", "SK", "total"], "bounds": None},
    ],
})
USER, THING, CART = SPEC.sources


@pytest.fixture(scope="module")
def db(mariadb):
    mariadb.sql(SCHEMA)
    return mariadb


@pytest.fixture(scope="module")
def spark(db):
    from glue_standin import spark as standin_spark

    try:
        standin_spark.check_jars()
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"local Connector/J stand-in not available: {exc}")
    session = standin_spark.start_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def target(db):
    return core.jdbc_target(JavaMapLike({"fullUrl": f"jdbc:mysql://127.0.0.1:{db.port}/jobspark",
                                         "user": "jobspark", "password": PASSWORD}), "local")


def plan_string(frame):
    return frame._jdf.queryExecution().executedPlan().toString()


def test_the_session_runs_the_init_statement_and_is_utc(spark, target):
    assert core.check_jdbc_session(spark, target, settings()) == "+00:00"


def test_a_missing_driver_class_gives_the_glue_message_from_sparks_real_error(spark, target, monkeypatch):
    monkeypatch.setattr(core, "JDBC_DRIVER", "com.example.NoSuchDriver")
    with pytest.raises(core.StartupCheckError, match="JDBC driver class com.example.NoSuchDriver not found. "
                                                     "AWS Glue 5.0 bundles MySQL Connector/J 8.0.33.*--extra-jars"):
        core.check_jdbc_session(spark, target, settings())


def test_a_wrong_password_is_named_without_showing_it(spark, db):
    bad = core.jdbc_target(JavaMapLike({"fullUrl": f"jdbc:mysql://127.0.0.1:{db.port}/jobspark",
                                        "user": "jobspark", "password": "not-the-Password-9"}), "local")
    with pytest.raises(core.StartupCheckError) as raised:
        core.check_jdbc_session(spark, bad, settings())
    assert "refused the login of user 'jobspark'" in str(raised.value)
    assert "not-the-Password-9" not in str(raised.value)


@pytest.mark.parametrize("partitions", [1, 2, 3, 4, 8, 39, 40, 64])
def test_spark_makes_exactly_the_expected_read_partitions(spark, target, partitions):
    """users.id spans 1..40: Spark lowers numPartitions above the span of 40 (ranges [1, 41))."""
    read = core.read_source(spark, target, SPEC, settings(partitions=partitions, min_range_keys=1), USER)
    assert read.ranges == (1, 41)
    assert read.expected_partitions == min(partitions, 40)
    assert read.frame.rdd.getNumPartitions() == read.expected_partitions
    core.check_read_partitions(read, settings(partitions=partitions, min_range_keys=1), SPEC)
    assert read.frame.count() == 6


def test_null_partition_keys_are_read_in_the_first_range_and_none_is_lost(spark, target):
    read = core.read_source(spark, target, SPEC, settings(partitions=4, min_range_keys=1), THING)
    assert read.ranges == (5, 8) and read.expected_partitions == 3  # three key values, five rows
    core.check_read_partitions(read, settings(partitions=4, min_range_keys=1), SPEC)
    per_partition = read.frame.rdd.glom().map(len).collect()
    assert sum(per_partition) == 5 and per_partition[0] == 3  # t2, t4 (NULL) and t1 (5)


def test_a_source_without_integer_key_is_read_by_one_reader(spark, target):
    read = core.read_source(spark, target, SPEC, settings(partitions=4, min_range_keys=1), CART)
    assert read.ranges is None and read.frame.rdd.getNumPartitions() == 1
    rows = sorted(r.asDict()["PK"] for r in read.frame.collect())
    assert rows == ["CART#c1", "CART#c2"]


def test_columns_are_exactly_the_sources_own_and_the_union_fills_the_rest_with_null(spark, target):
    reads = [core.read_source(spark, target, SPEC, settings(partitions=2, min_range_keys=1), s) for s in SPEC.sources]
    assert reads[2].frame.columns == ["_partition_key", "_entity_type", "PK", "SK", "total"]
    union = core.union_sources([r.frame for r in reads])
    rows = {r["PK"]: r.asDict() for r in union.collect()}
    assert len(rows) == 6 + 5 + 2
    assert rows["CART#c1"]["name"] is None and rows["USER#a@x"]["total"] is None
    assert str(rows["CART#c1"]["total"]) == "1.50" and rows["USER#a@x"]["name"] == "A"


def mark_plan(value):
    return core.IncrementalPlan("updated_at", False, core.encode_mark_value(value), value, None)


def test_the_mark_filter_is_inclusive_and_pushed_into_every_ranges_where(spark, target):
    read = core.read_source(spark, target, SPEC, settings(partitions=4, min_range_keys=1), USER, mark_plan(110))
    assert read.filtered
    plan = plan_string(read.frame)
    assert "PushedFilters: [" in plan and "*GreaterThanOrEqual(updated_at,110)" in plan, plan
    assert sorted(r["updated_at"] for r in read.frame.collect()) == [110, 120, 130]
    core.check_read_partitions(read, settings(partitions=4, min_range_keys=1), SPEC)


def test_the_plan_reads_the_max_and_a_timestamp_mark_round_trips_through_spark(spark, target, tmp_path):
    plan = core.plan_incremental(spark, target, SPEC, settings(tmp_path))
    assert plan.next == {"type": "int", "value": "130"} and plan.unfiltered_sources == ("THING", "CART")
    # a DATETIME column: MAX comes back as a timestamp, is stored as UTC, and filters the same rows
    hi = core.query_rows(spark, target, 100, "SELECT MAX(`seen`) AS hi FROM `v_user`")[0]["hi"]
    stored = core.encode_mark_value(hi)
    assert stored == {"type": "datetime", "value": "2024-03-05T12:00:00Z"}
    mark = core.decode_mark_value({"type": "datetime", "value": "2024-03-03T09:30:00Z"})
    base = spark.read.format("jdbc").options(**target.options(100)).option("dbtable", "`v_user`").load()
    filtered = core.mark_filter(base, "seen", mark)
    assert sorted(r["tag"] for r in filtered.collect()) == ["k10", "k11", "k40"]  # inclusive: 09:30:00 itself
    assert "*GreaterThanOrEqual(seen," in plan_string(filtered)


def test_a_text_mark_compares_in_mysql(spark, target):
    base = spark.read.format("jdbc").options(**target.options(100)).option("dbtable", "`v_user`").load()
    filtered = core.mark_filter(base, "tag", "k10")
    assert sorted(r["tag"] for r in filtered.collect()) == ["k10", "k11", "k40"]
    assert "GreaterThanOrEqual(tag,k10)" in plan_string(filtered)


def test_a_mark_of_another_kind_than_the_column_names_the_reset(spark, target):
    base = spark.read.format("jdbc").options(**target.options(100)).option("dbtable", "`v_user`").load()
    with pytest.raises(core.StartupCheckError, match="stored high-water mark is a str but column updated_at.*"
                                                     "--ddbm_full true"):
        core.mark_filter(base, "updated_at", "2024-01-01")


def test_expected_partitions_for_many_spans_match_spark(spark, target):
    """Spark's JDBCRelation.columnPartition against expected_read_partitions, bound by bound."""
    reader = spark.read.format("jdbc").options(**target.options(100)).option("dbtable", "`v_user`")
    for lower, upper, requested in [(1, 2, 4), (1, 3, 4), (0, 4, 4), (-5, 5, 3), (1, 1, 4), (7, 1000, 16),
                                    (core.LONG_MIN + 1, core.LONG_MAX, 5)]:
        frame = (reader.option("partitionColumn", "_partition_key").option("lowerBound", str(lower))
                 .option("upperBound", str(upper)).option("numPartitions", str(requested)).load())
        assert frame.rdd.getNumPartitions() == core.expected_read_partitions(lower, upper, requested), \
            (lower, upper, requested)

