"""The local Glue stand-in (runtime/glue_standin, runtime/jdbc-shim, runtime/run_local.py) is at
least as strict as AWS Glue 5.0 where the old stand-in (runtime/awsglue) was kinder: each test
below would have failed against it. One Spark session (with the Connector/J shim) serves the
module; MariaDB is conftest's throwaway server. docs/GLUE-STANDIN.md explains every behaviour."""

import argparse
import json
import os
import re
import subprocess
import sys
import time
import zlib

import pytest

from conftest import REPO

import glue_standin
import run_local
from glue_standin import spark as standin_spark
from glue_standin.connections import LocalConnections
from glue_standin.errors import ConnectionOptionError, LocalConnectionError, NotModelledError

PASSWORD_ENV = "DDBM_STANDIN_TEST_PWD"
PASSWORD = "standin-Secret-pw"
CONNECTION = "standin-mysql"
#: Rows of the hash table: NULL ids fall into no bucket of MOD(id, n) = i, nor do negative ids
#: that n does not divide.
HASH_IDS = [None, -3, -1] + list(range(0, 21))
BIG_ROWS = 200_000

SCHEMA = f"""
CREATE DATABASE IF NOT EXISTS standin;
USE standin;
CREATE TABLE t_hash (id INT NULL, v VARCHAR(10));
INSERT INTO t_hash VALUES {", ".join(f"({'NULL' if i is None else i}, 'v{i}')" for i in HASH_IDS)};
CREATE TABLE big (id INT PRIMARY KEY, payload VARCHAR(200) NOT NULL);
INSERT INTO big SELECT seq, REPEAT('x', 200) FROM seq_1_to_{BIG_ROWS};
CREATE USER IF NOT EXISTS 'standin'@'127.0.0.1' IDENTIFIED BY '{PASSWORD}';
GRANT SELECT ON standin.* TO 'standin'@'127.0.0.1';
"""


@pytest.fixture(scope="module")
def db(mariadb):
    mariadb.sql(SCHEMA)
    return mariadb


@pytest.fixture(scope="module")
def mysql_url(db):
    return f"jdbc:mysql://127.0.0.1:{db.port}/standin"


@pytest.fixture(scope="module")
def spark():
    """One local session for the module, configured as run_local.py configures a run."""
    session = standin_spark.start_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def glue_context(spark, mysql_url, tmp_path_factory):
    """AWS's awsglue with the stand-in installed; the connection's password comes from the env."""
    path = tmp_path_factory.mktemp("standin") / "connections.json"
    path.write_text(json.dumps({"connections": {CONNECTION: {
        "url": mysql_url, "user": "standin", "password_env": PASSWORD_ENV}}}))
    os.environ[PASSWORD_ENV] = PASSWORD
    glue_standin.install(LocalConnections.load(str(path)))
    from awsglue.context import GlueContext
    from pyspark.context import SparkContext

    yield GlueContext(SparkContext.getOrCreate())
    os.environ.pop(PASSWORD_ENV, None)


def console_start_argv(tmp_path, *passthrough):
    options, pairs = run_local.parse_arguments(["job.py", "--connections", "c.json", "--out", str(tmp_path),
                                                "--job-name", "shop-migrate-Users", *passthrough])
    return run_local.job_arguments(options, pairs)


def read_options(**extra):
    options = {"useConnectionProperties": "true", "connectionName": CONNECTION, "dbtable": "t_hash"}
    options.update(extra)
    return options


def ids_by_partition(frame):
    return [sorted(row["id"] for row in part) for part in frame.toDF().rdd.glom().collect()]


# (a) AWS's getResolvedOptions, and what run_local passes it -----------------------------------

def test_aws_get_resolved_options_is_the_one_in_use():
    import awsglue.utils

    assert glue_standin.aws_awsglue().__file__ == sys.modules["awsglue"].__file__
    assert os.sep + "site-packages" + os.sep in awsglue.utils.__file__


def test_get_resolved_options_refuses_job_run_id_asked_for_and_returns_it_when_glue_passes_it(tmp_path):
    from awsglue.utils import getResolvedOptions

    argv = console_start_argv(tmp_path, "--ddbm_connection", "shop-mysql")
    with pytest.raises(argparse.ArgumentError, match="conflicting option string: --JOB_RUN_ID"):
        getResolvedOptions(argv, ["JOB_NAME", "JOB_RUN_ID"])
    args = getResolvedOptions(argv, ["JOB_NAME", "ddbm_connection"])
    assert re.fullmatch(r"jr_[0-9a-f]{64}", args["JOB_RUN_ID"])
    assert re.fullmatch(r"j_[0-9a-f]{64}", args["JOB_ID"])
    assert args["JOB_NAME"] == "shop-migrate-Users" and args["ddbm_connection"] == "shop-mysql"
    assert args["job_bookmark_option"] == "job-bookmark-disable"
    assert args["TempDir"] == "file://" + str(tmp_path / "temporary") + "/"


def test_console_start_has_no_ddbm_run_id_but_passes_the_callers_in_either_form(tmp_path):
    from awsglue.utils import getResolvedOptions

    assert not any(token.startswith("--ddbm_run_id") for token in console_start_argv(tmp_path))
    for given in (["--ddbm_run_id", "deploy-7"], ["--ddbm_run_id=deploy-7"]):
        argv = console_start_argv(tmp_path, *given, "--ddbm_connection=c", "--ddbm_offset", "-5")
        assert run_local.check_with_aws_parser(argv)["ddbm_run_id"] == "deploy-7"
        resolved = getResolvedOptions(argv, ["ddbm_run_id", "ddbm_connection", "ddbm_offset"])
        assert (resolved["ddbm_run_id"], resolved["ddbm_connection"], resolved["ddbm_offset"]) == ("deploy-7", "c", "-5")
        assert "--ddbm_connection" not in argv, "the caller's --ddbm_connection=c replaces the default"
    assert console_start_argv(tmp_path)[1::2][:3] == ["--JOB_NAME", "--JOB_ID", "--JOB_RUN_ID"]
    run_ids = {getResolvedOptions(console_start_argv(tmp_path), ["JOB_NAME"])["JOB_RUN_ID"] for _ in range(3)}
    assert len(run_ids) == 3, "every run gets a new JOB_RUN_ID"


@pytest.mark.parametrize("tokens, message", [
    (["--no-bookmarks"], "no job bookmarks"),
    (["--ddbm_partitions"], "needs a value"),
    (["--ddbm-partitions", "2"], "unknown option --ddbm-partitions"),
    (["--JOB_RUN_ID", "jr_x"], "unknown option --JOB_RUN_ID"),
])
def test_run_local_refuses_arguments_glue_would_not_give(tokens, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run_local.parse_arguments(["job.py", "--connections", "c.json", "--out", "o", *tokens])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


# (b) extract_jdbc_conf ------------------------------------------------------------------------

def test_extract_jdbc_conf_is_a_java_map_with_the_documented_keys_and_no_driver(glue_context, db):
    from py4j.java_collections import JavaMap

    conf = glue_context.extract_jdbc_conf(CONNECTION)
    assert isinstance(conf, JavaMap)
    assert conf.get("driver", "com.mysql.cj.jdbc.Driver") is None, "py4j's JavaMap.get ignores a default"
    assert "driver" not in conf
    assert dict(conf) == {
        "user": "standin", "password": PASSWORD, "vendor": "mysql",
        "url": f"jdbc:mysql://127.0.0.1:{db.port}", "fullUrl": f"jdbc:mysql://127.0.0.1:{db.port}/standin",
        "enforceSSL": "false",
    }


def test_extract_jdbc_conf_refuses_unknown_connections_and_catalog_ids(glue_context):
    with pytest.raises(LocalConnectionError, match="no connection named 'nope'"):
        glue_context.extract_jdbc_conf("nope")
    with pytest.raises(NotModelledError, match="catalog_id"):
        glue_context.extract_jdbc_conf(CONNECTION, catalog_id="123456789012")


# (c) from_options takes only documented options -----------------------------------------------

@pytest.mark.parametrize("name, value", [
    ("partitionColumn", "id"), ("lowerBound", "0"), ("upperBound", "10"), ("numPartitions", "2"),
    ("sessionInitStatement", "SET time_zone = '+00:00'"), ("fetchsize", "1000"),
    ("query", "SELECT 1"), ("driver", "org.mariadb.jdbc.Driver"), ("queryTimeout", "5"),
])
def test_from_options_refuses_undocumented_options(glue_context, name, value):
    with pytest.raises(ConnectionOptionError) as info:
        glue_context.create_dynamic_frame.from_options(
            connection_type="mysql", connection_options=read_options(**{name: value}), transformation_ctx="t")
    message = str(info.value)
    assert repr(name) in message
    assert "aws-glue-programming-etl-connect-jdbc-home.html" in message


def test_from_options_refuses_documented_options_it_does_not_model(glue_context):
    for name in ("databaseName", "customJdbcDriverS3Path", "bulkSize", "sampleSize"):
        with pytest.raises(NotModelledError, match=name):
            glue_context.create_dynamic_frame.from_options(
                connection_type="mysql", connection_options=read_options(**{name: "x"}))
    with pytest.raises(NotModelledError, match="connection_type='postgresql'"):
        glue_context.create_dynamic_frame.from_options(connection_type="postgresql",
                                                       connection_options=read_options())


def test_from_options_reads_with_documented_options(glue_context, mysql_url):
    everything = set(HASH_IDS) - {None}
    by_connection = glue_context.create_dynamic_frame.from_options(
        connection_type="mysql", transformation_ctx="read_view",
        connection_options=read_options(jobBookmarkKeys=["id"], jobBookmarkKeysSortOrder="asc"))
    assert {row["id"] for row in by_connection.toDF().collect()} == everything | {None}
    by_url = glue_context.create_dynamic_frame_from_options(
        "mysql", {"url": mysql_url, "user": "standin", "password": PASSWORD, "dbtable": "t_hash"})
    assert by_url.toDF().count() == len(HASH_IDS)
    sample = glue_context.create_dynamic_frame.from_options(
        connection_type="mysql", connection_options=read_options(sampleQuery="SELECT id FROM t_hash WHERE id > 15"))
    assert sorted(row["id"] for row in sample.toDF().collect()) == [16, 17, 18, 19, 20]


def test_from_options_refuses_a_run_with_bookmarks_enabled(glue_context, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["job.py", "--JOB_NAME", "j", "--job-bookmark-option", "job-bookmark-enable"])
    with pytest.raises(NotModelledError, match="job-bookmark-enable"):
        glue_context.create_dynamic_frame.from_options(connection_type="mysql", connection_options=read_options())


def test_from_options_refuses_combinations_the_doc_rules_out(glue_context, mysql_url):
    bad = [
        (read_options(hashfield="id", hashexpression="id"), "not both"),
        (read_options(hashpartitions="3"), "neither is given"),
        (read_options(hashexpression="id", hashpartitions="0"), "positive integer"),
        (read_options(sampleQuery="SELECT id FROM t_hash", enablePartitioningForSampleQuery="true",
                      hashexpression="id"), "must end with WHERE or AND"),
        ({"connectionName": CONNECTION, "dbtable": "t_hash"}, "only with useConnectionProperties"),
        ({"url": mysql_url, "user": "standin", "dbtable": "t_hash"}, "password"),
        ({"url": mysql_url.replace("jdbc:mysql:", "jdbc:mariadb:"), "user": "u", "password": "p",
          "dbtable": "t_hash"}, "MariaDB Connector/J URL"),
        ({"useConnectionProperties": "true", "connectionName": CONNECTION}, "'dbtable' is required"),
    ]
    for options, message in bad:
        with pytest.raises(ConnectionOptionError, match=message):
            glue_context.create_dynamic_frame.from_options(connection_type="mysql", connection_options=options)


# (d) hash-partitioned reads read exactly the documented buckets -------------------------------

def test_hashexpression_reads_mod_buckets_and_leaves_null_and_negative_rows_out(glue_context):
    frame = glue_context.create_dynamic_frame.from_options(
        connection_type="mysql", connection_options=read_options(hashexpression="id", hashpartitions="4"))
    assert ids_by_partition(frame) == [[i for i in range(0, 21) if i % 4 == bucket] for bucket in range(4)]
    default = glue_context.create_dynamic_frame.from_options(
        connection_type="mysql", connection_options=read_options(hashexpression="id"))
    assert default.toDF().rdd.getNumPartitions() == 7, "hashpartitions defaults to 7"


def test_hashfield_reads_disjoint_crc32_buckets_without_null_rows(glue_context):
    frame = glue_context.create_dynamic_frame.from_options(
        connection_type="mysql", connection_options=read_options(hashfield="id", hashpartitions=3))
    expected = [sorted(i for i in HASH_IDS if i is not None and zlib.crc32(str(i).encode()) % 3 == bucket)
                for bucket in range(3)]
    assert ids_by_partition(frame) == expected


def test_partitioned_sample_query_appends_the_bucket_predicate(glue_context):
    frame = glue_context.create_dynamic_frame.from_options(
        connection_type="mysql", connection_options=read_options(
            sampleQuery="SELECT id, v FROM t_hash WHERE id < 10 AND", enablePartitioningForSampleQuery="true",
            hashexpression="id", hashpartitions="3"))
    # MOD(-3, 3) = 0 puts -3 in reader 0; MOD(-1, 3) = -1 puts -1 in none.
    assert ids_by_partition(frame) == [[-3, 0, 3, 6, 9], [1, 4, 7], [2, 5, 8]]


# (e) everything else of GlueContext is refused ------------------------------------------------

def test_unmodelled_glue_context_attributes_raise_a_clear_error(glue_context):
    for name in ("write_dynamic_frame", "create_dynamic_frame_from_catalog", "getSource", "purge_table", "sparkSession"):
        with pytest.raises(NotModelledError,
                           match=rf"the Glue stand-in does not model GlueContext\.{name}: a ddb-migrate job must not"):
            getattr(glue_context, name)
    with pytest.raises(NotModelledError, match=r"GlueContext\.create_dynamic_frame\.from_catalog"):
        glue_context.create_dynamic_frame.from_catalog(database="d", table_name="t")
    frame = glue_context.create_dynamic_frame.from_options(connection_type="mysql", connection_options=read_options())
    with pytest.raises(NotModelledError, match=r"DynamicFrame\.count"):
        frame.count()
    assert not hasattr(glue_context, "__wrapped__"), "Python's protocol probes still get AttributeError"


def test_aws_job_fails_clearly_on_the_stand_in_context(glue_context):
    from awsglue.job import Job

    with pytest.raises(NotModelledError, match=r"GlueContext\._jvm: .*com\.amazonaws\.services\.glue\.util\.Job"):
        Job(glue_context)


def test_glue_logger_takes_strings_only(glue_context):
    logger = glue_context.get_logger()
    logger.info("info message")
    logger.warn("warn message")
    with pytest.raises(TypeError, match="takes a string"):
        logger.error(42)
    with pytest.raises(NotModelledError, match=r"GlueLogger\.debug"):
        logger.debug("debug message")


# (f) the Connector/J shim ---------------------------------------------------------------------

def jdbc_reader(spark, url, driver="com.mysql.cj.jdbc.Driver", **options):
    reader = (spark.read.format("jdbc").option("url", url).option("driver", driver)
              .option("user", "standin").option("password", PASSWORD))
    for key, value in options.items():
        reader = reader.option(key, value)
    return reader


def test_shim_reads_mariadb_through_jdbc_mysql_with_glues_driver_class(spark, mysql_url):
    rows = jdbc_reader(spark, mysql_url + "?useCursorFetch=true&sessionVariables=time_zone%3D%27%2B00%3A00%27",
                       query="SELECT COUNT(*) AS n, @@session.time_zone AS tz FROM t_hash", fetchsize="100").load()
    assert rows.collect()[0].asDict() == {"n": len(HASH_IDS), "tz": "+00:00"}
    assert jdbc_reader(spark, mysql_url, dbtable="big", fetchsize="1000").load().count() == BIG_ROWS


def test_shim_url_decodes_properties_as_connector_j_does(spark, mysql_url):
    """Connector/J URL-decodes URL properties (java.net.URLDecoder), so an unencoded '+' is a space:
    time_zone='+00:00' reaches the server as ' 00:00', which it refuses. %2B is the '+'."""
    with pytest.raises(Exception) as plus:
        jdbc_reader(spark, mysql_url + "?sessionVariables=time_zone='+00:00'", query="SELECT 1 AS one").load()
    assert "time zone: ' 00:00'" in str(plus.value)
    encoded = jdbc_reader(spark, mysql_url + "?sessionVariables=time_zone='%2B00:00'",
                          query="SELECT @@session.time_zone AS tz").load()
    assert encoded.collect()[0]["tz"] == "+00:00"


def java_error(exc):
    return "\n".join(line for line in str(exc).splitlines() if "Exception" in line or "requirement" in line)


def test_shim_refuses_what_glues_driver_would_not_take(spark, mysql_url, db):
    with pytest.raises(Exception) as mariadb_url:
        jdbc_reader(spark, f"jdbc:mariadb://127.0.0.1:{db.port}/standin", dbtable="t_hash").load()
    assert "The driver could not open a JDBC connection. Check the URL" in java_error(mariadb_url.value)
    with pytest.raises(Exception) as mariadb_class:
        jdbc_reader(spark, mysql_url, driver="org.mariadb.jdbc.Driver", dbtable="t_hash").load()
    assert "ClassNotFoundException: org.mariadb.jdbc.Driver" in java_error(mariadb_class.value)
    with pytest.raises(Exception) as property_:
        jdbc_reader(spark, mysql_url + "?permitMysqlScheme", dbtable="t_hash").load()
    assert "connection property 'permitMysqlScheme' has no translation" in java_error(property_.value)


def test_shim_passes_tinyint1isbit_on_so_tinyint1_reads_as_its_number(spark, mysql_url, db):
    """Both drivers report TINYINT(1) as BIT by default, which Spark reads as a bool (5 → True);
    with tinyInt1isBit=false it is the number it is, which the job relies on."""
    db.sql("DROP TABLE IF EXISTS t_tiny; CREATE TABLE t_tiny (id INT PRIMARY KEY, flag TINYINT(1)); "
           "INSERT INTO t_tiny VALUES (1, 5), (2, 0), (3, -128);", database="standin")
    as_bits = jdbc_reader(spark, mysql_url, dbtable="t_tiny").load().orderBy("id").collect()
    assert [r["flag"] for r in as_bits] == [True, False, True]
    for setting in ("false", "NO"):
        numbers = jdbc_reader(spark, mysql_url + f"?tinyInt1isBit={setting}", dbtable="t_tiny").load().orderBy("id").collect()
        assert [r["flag"] for r in numbers] == [5, 0, -128]
    with pytest.raises(Exception) as bad:
        jdbc_reader(spark, mysql_url + "?tinyInt1isBit=maybe", dbtable="t_tiny").load()
    assert "connection property 'tinyInt1isBit' must be true, false, yes or no" in java_error(bad.value)


def server_command(db, connection_id, want, timeout=10.0):
    """The server's COMMAND for a connection, polled until it is ``want`` (or the timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        command = db.sql(f"SELECT COMMAND FROM information_schema.PROCESSLIST WHERE ID = {connection_id};").strip()
        if command == want or time.monotonic() > deadline:
            return command
        time.sleep(0.1)


def test_shim_streams_the_result_when_the_fetch_size_is_positive(spark, mysql_url, db):
    """A streamed result leaves the server still sending (COMMAND 'Query': the 40 MB result is far
    larger than the socket buffers) after the first row; a buffered one is read whole before
    executeQuery returns, so the server is idle ('Sleep')."""
    jvm = spark.sparkContext._jvm
    driver = jvm.com.mysql.cj.jdbc.Driver()
    props = jvm.java.util.Properties()
    props.setProperty("user", "standin")
    props.setProperty("password", PASSWORD)
    for fetch_size, useCursorFetch, expected in ((100, "true", "Query"), (0, "false", "Sleep")):
        connection = driver.connect(f"{mysql_url}?useCursorFetch={useCursorFetch}", props)
        try:
            probe = connection.createStatement().executeQuery("SELECT CONNECTION_ID()")
            probe.next()
            connection_id = probe.getLong(1)
            statement = connection.createStatement()
            statement.setFetchSize(fetch_size)
            result = statement.executeQuery("SELECT id, payload FROM big")
            assert result.next() and result.getInt(1) == 1
            assert server_command(db, connection_id, expected) == expected, f"fetch size {fetch_size}"
        finally:
            connection.close()


# (g) the local connections file ---------------------------------------------------------------

@pytest.mark.parametrize("entry, message", [
    ({"url": "jdbc:mariadb://127.0.0.1:3306/app"}, "MariaDB Connector/J URL"),
    ({"url": "jdbc:postgresql://127.0.0.1:5432/app"}, "is not jdbc:mysql://host:port/database"),
    ({"url": "jdbc:mysql://127.0.0.1/app"}, "is not jdbc:mysql://host:port/database"),
    ({"url": "jdbc:mysql://127.0.0.1:3306/"}, "is not jdbc:mysql://host:port/database"),
    ({"url": "jdbc:mysql://h1:3306,h2:3306/app"}, "is not jdbc:mysql://host:port/database"),
    ({"url": "jdbc:mysql://127.0.0.1:3306/app?permitMysqlScheme"}, "permitMysqlScheme is a MariaDB"),
    ({"driver": "org.mariadb.jdbc.Driver"}, "has a 'driver' key"),
    ({"password": "inline"}, "unknown key"),
    ({"user": ""}, "non-empty string"),
])
def test_connections_file_refuses_what_a_glue_connection_could_not_hold(tmp_path, entry, message):
    good = {"url": "jdbc:mysql://127.0.0.1:3306/app", "user": "migrator", "password_env": "MYSQL_PWD"}
    path = tmp_path / "connections.json"
    path.write_text(json.dumps({"connections": {"c": {**good, **entry}}}))
    with pytest.raises(LocalConnectionError, match=re.escape(message)):
        LocalConnections.load(str(path))


def test_run_local_stops_before_spark_on_a_bad_connections_file(tmp_path):
    script = tmp_path / "job.py"
    script.write_text("raise SystemExit('the job must not run')\n")
    connections = tmp_path / "connections.json"
    connections.write_text(json.dumps({"connections": {"c": {
        "url": "jdbc:mysql://127.0.0.1:3306/app", "user": "u", "password_env": "P", "driver": "org.mariadb.jdbc.Driver"}}}))
    done = subprocess.run([sys.executable, os.path.join(REPO, "runtime", "run_local.py"), str(script),
                           "--connections", str(connections), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "has a 'driver' key" in done.stderr
    assert not (tmp_path / "out").exists()
