"""Reading MySQL with Spark's JDBC source, and the checks a run makes at start (no Spark here:
the Spark and Glue objects are fakes that record what the core asks of them)."""

import boto3
import pytest
from botocore.config import Config

import ddbm_core as core
from test_job_support import (GLUE_CONF, FakeColumn, FakeGlueContext, FakeSpark, JavaMapLike, make_spec, settings,
                              spec_doc)

PASSWORD = GLUE_CONF["password"]


# --- the Glue connection ----------------------------------------------------------------------


def test_extract_jdbc_conf_java_map_ignores_get_defaults_so_the_driver_is_always_named():
    """Regression: the old job did conf.get("driver", DEFAULT) on Glue's JavaMap and got None."""
    conf = JavaMapLike(GLUE_CONF)
    assert conf.get("driver", "com.mysql.cj.jdbc.Driver") is None  # what py4j's JavaMap does
    target = core.jdbc_target(conf, "conn")
    options = target.options(1000)
    assert options["driver"] == "com.mysql.cj.jdbc.Driver" == core.JDBC_DRIVER
    assert (options["user"], options["password"]) == ("migrator", PASSWORD)
    assert options["url"] == "jdbc:mysql://db.example:3306/app?useCursorFetch=true&tinyInt1isBit=false"


def test_plain_map_copies_mappings_and_java_maps_py4j_did_not_convert():
    assert core.plain_map(JavaMapLike({"a": "1"})) == {"a": "1"}
    assert core.plain_map({"a": "1"}) == {"a": "1"}

    class RawJavaMap:  # a java.util.Map proxy: keySet() and get(k) only
        def keySet(self):  # noqa: N802
            return ["fullUrl", "user"]

        def get(self, key):
            return {"fullUrl": "jdbc:mysql://h/d", "user": "u"}[key]

    assert core.plain_map(RawJavaMap()) == {"fullUrl": "jdbc:mysql://h/d", "user": "u"}
    with pytest.raises(core.SettingsError, match="not a map"):
        core.plain_map(42)


def test_target_repr_never_shows_the_password():
    target = core.jdbc_target(JavaMapLike(GLUE_CONF), "conn")
    assert PASSWORD not in repr(target) and PASSWORD not in str(target)


@pytest.mark.parametrize("change,message", [
    ({"fullUrl": None}, "no JDBC URL.*JDBC_CONNECTION_URL"),
    ({"fullUrl": " "}, "no JDBC URL"),
    ({"fullUrl": "jdbc:mariadb://h:3306/app"}, "jdbc:mariadb:// URL: Glue 5.0's MySQL Connector/J reads jdbc:mysql://"),
    ({"user": None}, "no user name"),
    ({"password": None}, "no password"),
])
def test_incomplete_connections_name_the_fix(change, message):
    conf = dict(GLUE_CONF)
    conf.update(change)
    with pytest.raises(core.SettingsError, match=message):
        core.jdbc_target(JavaMapLike(conf), "conn")


@pytest.mark.parametrize("url,expected", [
    ("jdbc:mysql://h:3306/app", "jdbc:mysql://h:3306/app?useCursorFetch=true"),
    ("jdbc:mysql://h/app?useSSL=true", "jdbc:mysql://h/app?useSSL=true&useCursorFetch=true"),
    ("jdbc:mysql://h/app?", "jdbc:mysql://h/app?useCursorFetch=true"),
    ("jdbc:mysql://h/app?a=1&", "jdbc:mysql://h/app?a=1&useCursorFetch=true"),
    ("jdbc:mysql://h/app?useCursorFetch=true", "jdbc:mysql://h/app?useCursorFetch=true"),
    ("jdbc:mysql://h/app?x=1&usecursorfetch=false", "jdbc:mysql://h/app?x=1&usecursorfetch=false"),
    ("jdbc:mysql://h/app?sessionVariables=time_zone='+00:00'",
     "jdbc:mysql://h/app?sessionVariables=time_zone='+00:00'&useCursorFetch=true"),
])
def test_cursor_fetch_is_added_once_respecting_the_users_query(url, expected):
    assert core.with_url_property(url, "useCursorFetch", "true") == expected


def test_tinyint1_is_read_as_a_number_unless_the_connection_says_otherwise(caplog):
    """Regression: with Connector/J's default tinyInt1isBit=true Spark read TINYINT(1) as a bool,
    and a stored 5 became 1 in DynamoDB (found by validate's differential test)."""
    conf = dict(GLUE_CONF, fullUrl="jdbc:mysql://h/app?tinyInt1isBit=true")
    target = core.jdbc_target(JavaMapLike(conf), "conn")
    assert target.url == "jdbc:mysql://h/app?tinyInt1isBit=true&useCursorFetch=true"
    assert "sets tinyInt1isBit itself" in caplog.text
    assert "tinyInt1isBit=false" in core.jdbc_target(JavaMapLike(GLUE_CONF), "conn").url


def test_jdbc_options_are_sparks_documented_ones():
    target = core.jdbc_target(JavaMapLike(GLUE_CONF), "conn")
    assert target.options(250) == {
        "url": "jdbc:mysql://db.example:3306/app?useCursorFetch=true&tinyInt1isBit=false", "user": "migrator",
        "password": PASSWORD,
        "driver": "com.mysql.cj.jdbc.Driver", "sessionInitStatement": "SET time_zone = '+00:00'",
        "fetchsize": "250", "pushDownPredicate": "true"}


def test_redact_masks_the_password_and_url_secrets():
    text = f"failed for jdbc:mysql://u:{PASSWORD}@h/db?password={PASSWORD}&x=1 pwd2=abc and {PASSWORD}"
    out = core.redact(text, (PASSWORD,))
    assert PASSWORD not in out and "abc" not in out and "x=1" in out


# --- read ranges ------------------------------------------------------------------------------


@pytest.mark.parametrize("lower,upper,requested,expected", [
    (1, 101, 4, 4),          # span >= numPartitions
    (1, 4, 4, 3),            # span 3 < 4: Spark lowers numPartitions to the span
    (7, 8, 4, 1),            # one key value: span 1
    (5, 5, 4, 1),            # lowerBound == upperBound
    (1, 1000, 1, 1),         # numPartitions 1
    (0, 4, 4, 4),            # span == numPartitions
    (core.LONG_MIN, core.LONG_MAX, 8, 8),  # Spark's Long subtraction overflows: numPartitions kept
])
def test_expected_read_partitions_follow_sparks_column_partition(lower, upper, requested, expected):
    assert core.expected_read_partitions(lower, upper, requested) == expected


def test_range_bounds_make_the_upper_bound_exclusive_and_fit_longs():
    assert core.range_bounds(None) is None
    assert core.range_bounds((1, 7)) == (1, 8)
    assert core.range_bounds((5, core.LONG_MAX)) == (5, core.LONG_MAX)
    assert core.range_bounds((core.LONG_MAX + 1, core.LONG_MAX + 5)) is None  # unsigned BIGINT beyond a Long


def columns_of(spec, source):
    return list(spec.read_columns(source))


def multi_spec(**kwargs):
    return make_spec(entities=[("USER", ["PK", "SK", "name", "updated_at"], ("users", "id")),
                               ("CART", ["PK", "SK"], None)], **kwargs)


def fake_spark_for(spec, answers=None, **kwargs):
    views = {s.view: columns_of(spec, s) for s in spec.sources}
    base = {"MIN(`id`)": [{"lo": 1, "hi": 100}]}
    base.update(answers or {})
    return FakeSpark(base, views, **kwargs)


def target():
    return core.jdbc_target(JavaMapLike(GLUE_CONF), "conn")


def test_a_source_with_bounds_is_read_in_p_ranges_of_its_partition_key():
    spec = multi_spec()
    spark = fake_spark_for(spec)
    read = core.read_source(spark, target(), spec, settings(partitions=4, fetch_size=500, min_range_keys=1), spec.sources[0])
    bounds_query, table_read = spark.loads
    assert bounds_query["query"] == "SELECT MIN(`id`) AS lo, MAX(`id`) AS hi FROM `users`"
    assert bounds_query["sessionInitStatement"] == "SET time_zone = '+00:00'"
    assert table_read["format"] == "jdbc" and table_read["dbtable"] == "`ddb_users_view__user`"
    assert (table_read["partitionColumn"], table_read["lowerBound"], table_read["upperBound"],
            table_read["numPartitions"]) == ("_partition_key", "1", "101", "4")
    assert table_read["fetchsize"] == "500" and table_read["driver"] == "com.mysql.cj.jdbc.Driver"
    assert read.expected_partitions == 4 and read.ranges == (1, 101)
    # only its own columns, named exactly as the spec names them
    assert list(read.frame.selected) == [FakeColumn(f"`{c}`", c) for c in columns_of(spec, spec.sources[0])]
    core.check_read_partitions(read, settings(partitions=4, min_range_keys=1), spec)


@pytest.mark.parametrize("lower, upper, partitions, min_keys, expected", [
    (1, 2001, 8, 10_000, 1),        # 2,000 keys: one statement (the bench's Categories)
    (1, 20001, 8, 10_000, 2),       # 20,000 keys: two ranges of 10,000 (Products)
    (1, 100001, 8, 10_000, 8),      # 100,000 keys: P ranges of 12,500 (each Users source)
    (1, 80001, 8, 10_000, 8),       # exactly P x min_keys: still P
    (1, 80002, 8, 10_000, 8),
    (1, 70001, 8, 10_000, 7),
    (1, 70002, 8, 10_000, 8),       # one key over 7 x min_keys: rounded up (no range above min_keys x 8/7)
    (5, 5, 8, 10_000, 1),           # an empty span (lower == upper): one reader
    (1, 101, 4, 1, 4),              # min_keys 1: P, as Spark would lower it for small spans itself
    (1, 101, 1, 1, 1),
    (core.LONG_MIN, core.LONG_MAX, 16, 10_000, 16),  # a span beyond a Long: P
])
def test_the_ranges_asked_for_are_p_lowered_so_each_covers_min_keys(lower, upper, partitions, min_keys, expected):
    assert core.read_range_count(lower, upper, partitions, min_keys) == expected


def test_a_small_source_is_asked_for_fewer_ranges_than_p_and_checked_against_that():
    """Regression (make bench): a 100-key source was split into P statements whatever its size."""
    spec = multi_spec()
    spark = fake_spark_for(spec)  # users.id spans 1..100
    read = core.read_source(spark, target(), spec, settings(partitions=8, min_range_keys=30), spec.sources[0])
    assert spark.loads[-1]["numPartitions"] == "4"  # ceil(100 / 30)
    assert read.asked_partitions == 4 and read.expected_partitions == 4
    core.check_read_partitions(read, settings(partitions=8, min_range_keys=30), spec)
    default = core.read_source(spark, target(), spec, settings(partitions=8), spec.sources[0])
    assert spark.loads[-1]["numPartitions"] == "1" and default.expected_partitions == 1


def test_a_source_without_bounds_or_rows_is_read_by_one_reader_never_skipped():
    spec = multi_spec()
    spark = fake_spark_for(spec, {"MIN(`id`)": [{"lo": None, "hi": None}]})
    for source in spec.sources:  # CART has no integer key; USER's row source is empty
        read = core.read_source(spark, target(), spec, settings(partitions=4, min_range_keys=1), source)
        assert read.expected_partitions == 1 and read.ranges is None
        assert "partitionColumn" not in spark.loads[-1]
        core.check_read_partitions(read, settings(partitions=4, min_range_keys=1), spec)
    assert [l.get("query") for l in spark.loads].count(None) == 2  # both views were read


def test_fewer_key_values_than_partitions_expects_what_spark_makes():
    spec = make_spec()
    spark = fake_spark_for(spec, {"MIN(`id`)": [{"lo": 10, "hi": 12}]})
    read = core.read_source(spark, target(), spec, settings(partitions=8, min_range_keys=1), spec.sources[0])
    assert read.ranges == (10, 13) and read.expected_partitions == 3
    core.check_read_partitions(read, settings(partitions=8, min_range_keys=1), spec)


def test_a_reader_that_ignores_the_range_options_fails_the_run_at_start():
    """Regression: Glue's DynamicFrame reader for "mysql" ignores partitionColumn & co: one reader."""
    spec = make_spec()
    spark = fake_spark_for(spec, ignore_ranges=True)
    read = core.read_source(spark, target(), spec, settings(partitions=4, min_range_keys=1), spec.sources[0])
    with pytest.raises(core.StartupCheckError, match=r"made 1 read partition\(s\), expected 4 for 4 ranges of "
                                                     r"_partition_key in \[1, 101\).*spark.read.format\('jdbc'\)"):
        core.check_read_partitions(read, settings(partitions=4, min_range_keys=1), spec)


def test_a_view_missing_a_column_names_apply_views():
    spec = make_spec()
    spark = fake_spark_for(spec)
    spark.view_columns["ddb_users_view"] = ["_partition_key", "PK", "SK"]
    with pytest.raises(core.StartupCheckError, match="no column\\(s\\) name, updated_at.*apply-views"):
        core.read_source(spark, target(), spec, settings(), spec.sources[0])


def test_view_column_names_match_case_insensitively_like_mysql():
    spec = make_spec()
    spark = fake_spark_for(spec)
    spark.view_columns["ddb_users_view"] = [c.upper() for c in columns_of(spec, spec.sources[0])]
    core.read_source(spark, target(), spec, settings(), spec.sources[0])


def test_the_mark_filters_only_sources_that_have_the_bookmark_column():
    spec = multi_spec(bookmark="updated_at")
    spark = fake_spark_for(spec)
    plan = core.IncrementalPlan("updated_at", False, {"type": "int", "value": "7"}, 7, {"type": "int", "value": "9"})
    calls = []

    def record(frame, attribute, value):
        calls.append((frame.options["dbtable"], attribute, value))
        return frame

    user = core.read_source(spark, target(), spec, settings(), spec.sources[0], plan, filter_rows=record)
    cart = core.read_source(spark, target(), spec, settings(), spec.sources[1], plan, filter_rows=record)
    assert calls == [("`ddb_users_view__user`", "updated_at", 7)]
    assert user.filtered and not cart.filtered
    first_run = core.IncrementalPlan("updated_at", False, None, None, {"type": "int", "value": "9"})
    assert not core.read_source(spark, target(), spec, settings(), spec.sources[0], first_run,
                                filter_rows=record).filtered


def test_sources_are_unioned_by_name_with_missing_columns_as_null():
    calls = []

    class Frame:
        def __init__(self, name):
            self.name = name

        def unionByName(self, other, allowMissingColumns=False):  # noqa: N802,N803
            calls.append((self.name, other.name, allowMissingColumns))
            return Frame(self.name + "+" + other.name)

    assert core.union_sources([Frame("a"), Frame("b"), Frame("c")]).name == "a+b+c"
    assert calls == [("a", "b", True), ("a+b", "c", True)]


# --- JDBC session -----------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["+00:00", "UTC", b"+00:00"])
def test_a_utc_session_passes(zone):
    spark = FakeSpark({"@@session.time_zone": [{"tz": zone}]}, {})
    assert core.check_jdbc_session(spark, target(), settings()) in ("+00:00", "UTC")
    assert spark.loads[0]["query"] == "SELECT @@session.time_zone AS tz"
    assert spark.loads[0]["sessionInitStatement"] == "SET time_zone = '+00:00'"
    assert spark.loads[0]["driver"] == "com.mysql.cj.jdbc.Driver"


@pytest.mark.parametrize("zone", ["SYSTEM", "+02:00", "Europe/Berlin", None])
def test_a_session_not_in_utc_fails_naming_the_fix(zone):
    spark = FakeSpark({"@@session.time_zone": [{"tz": zone}]}, {})
    with pytest.raises(core.StartupCheckError, match="not UTC.*sessionVariables=time_zone='%2B00:00'"):
        core.check_jdbc_session(spark, target(), settings())


class FailingSpark(FakeSpark):
    def __init__(self, error):
        super().__init__({}, {})
        self.error = error

    def answer(self, sql):
        raise self.error


def test_a_missing_driver_class_names_glue_50_and_extra_jars():
    error = RuntimeError("An error occurred while calling o71.load.\n: java.lang.ClassNotFoundException: "
                         "com.mysql.cj.jdbc.Driver\n\tat java.base/java.net.URLClassLoader.findClass(...)")
    with pytest.raises(core.StartupCheckError, match="com.mysql.cj.jdbc.Driver not found.*Glue 5.0 bundles "
                                                     "MySQL Connector/J 8.0.33.*--extra-jars"):
        core.check_jdbc_session(FailingSpark(error), target(), settings())


def test_a_refused_login_names_the_connection_and_never_the_password():
    error = RuntimeError(f"java.sql.SQLException: Access denied for user 'migrator'@'10.0.0.5' (using password: "
                         f"YES) url=jdbc:mysql://h/app?password={PASSWORD}")
    with pytest.raises(core.StartupCheckError) as raised:
        core.check_jdbc_session(FailingSpark(error), target(), settings())
    assert "refused the login of user 'migrator' (Glue connection 'conn')" in str(raised.value)
    assert PASSWORD not in str(raised.value)


def test_an_unreachable_server_names_the_network_setup():
    error = RuntimeError("com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure")
    with pytest.raises(core.StartupCheckError, match="cannot reach MySQL.*subnet and security group"):
        core.check_jdbc_session(FailingSpark(error), target(), settings())


# --- DynamoDB table ---------------------------------------------------------------------------


def test_the_table_with_the_specs_key_schema_passes(dynamodb, make_table):
    spec = make_spec(table=make_table())
    core.check_dynamodb_table(dynamodb, spec, settings())


def test_a_missing_table_names_deploy_and_the_region(dynamodb):
    spec = make_spec(table="Nope-does-not-exist")
    with pytest.raises(core.StartupCheckError, match="does not exist in us-east-1.*ddb-migrate deploy"):
        core.check_dynamodb_table(dynamodb, spec, settings())


@pytest.mark.parametrize("kwargs,shown", [
    ({"pk": "id", "sk": None}, "has key id \\(S\\), but the contract says PK \\(S\\), SK \\(S\\)"),
    ({"sk_type": "N"}, "has key PK \\(S\\), SK \\(N\\)"),
    ({"sk": None}, "has key PK \\(S\\), but"),
])
def test_a_table_with_other_keys_fails_naming_both(dynamodb, make_table, kwargs, shown):
    spec = make_spec(table=make_table(**kwargs))
    with pytest.raises(core.StartupCheckError, match=shown + ".*made for another contract"):
        core.check_dynamodb_table(dynamodb, spec, settings())


def test_a_gsi_key_type_mismatch_is_caught(dynamodb):
    name = "Users-gsi-mismatch"
    dynamodb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"}, {"AttributeName": "SK", "AttributeType": "S"},
                              {"AttributeName": "name", "AttributeType": "N"}],
        GlobalSecondaryIndexes=[{"IndexName": "byName", "KeySchema": [{"AttributeName": "name", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}])
    with pytest.raises(core.StartupCheckError, match="index key attribute name as N, but the contract writes it as S"):
        core.check_dynamodb_table(dynamodb, make_spec(table=name), settings())


def test_an_unreachable_dynamodb_fails_the_check_with_the_endpoint():
    client = boto3.client("dynamodb", endpoint_url="http://127.0.0.1:9", region_name="us-east-1",
                          config=Config(retries={"total_max_attempts": 1}, connect_timeout=2))
    with pytest.raises(core.StartupCheckError, match="cannot describe DynamoDB table Users in us-east-1 at "
                                                     "http://127.0.0.1:9"):
        core.check_dynamodb_table(client, make_spec(), settings(dynamodb_endpoint="http://127.0.0.1:9"))


def test_an_inactive_table_is_refused():
    class Client:
        def describe_table(self, TableName):  # noqa: N803
            return {"Table": {"TableStatus": "DELETING", "KeySchema": [], "AttributeDefinitions": []}}

    with pytest.raises(core.StartupCheckError, match="is DELETING, not ACTIVE"):
        core.check_dynamodb_table(Client(), make_spec(), settings())


def test_spec_doc_helper_is_valid_for_both_shapes():
    assert len(make_spec().sources) == 1 and len(multi_spec().sources) == 2
    assert spec_doc()["spec_version"] == 2


def test_fake_glue_context_hands_out_a_java_map():
    assert isinstance(FakeGlueContext(FakeSpark({}, {})).extract_jdbc_conf("conn"), JavaMapLike)
