"""``connection_options`` of a Glue JDBC read (``connection_type="mysql"``), checked and planned.

Glue documents the options of its JDBC connection types, mysql included, in the AWS Glue
Developer Guide, "JDBC connections" (section "JDBC connection option reference"):
https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-jdbc-home.html
and the options every connection type takes (jobBookmarkKeys, jobBookmarkKeysSortOrder) in
"Connection types and options for ETL in AWS Glue for Spark":
https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect.html

Every other option is refused with ``ConnectionOptionError``. Spark's own JDBC options are the
trap: partitionColumn, lowerBound, upperBound and numPartitions are documented only for the
custom.jdbc / marketplace.jdbc connector types ("Connection types and options for ETL in AWS Glue
for Spark", section "Custom and AWS Marketplace connectionType values"); fetchsize,
sessionInitStatement, query, driver, queryTimeout and the rest are not Glue options at all,
whatever Spark's reader does with them. (Only for
connection type redshift does the guide say that other options pass to the underlying Spark
data source.) A job that needs them reads with ``spark.read.format("jdbc")`` itself.

Documented options the stand-in does not model raise ``NotModelledError`` instead.

How a read is split (AWS Glue Developer Guide, "Reading from JDBC tables in parallel":
https://docs.aws.amazon.com/glue/latest/dg/run-jdbc-parallel-read-job.html):

* Without hashfield/hashexpression: one query, one reader.
* ``hashexpression``: "an SQL expression (conforming to the JDBC database engine grammar) that
  returns a whole number", which Glue uses "in the WHERE clause to partition data" into
  ``hashpartitions`` queries (default 7). The stand-in's predicate for reader ``i`` of ``n`` is
  ``MOD((expr), n) = i``, i = 0..n-1. A row whose expression is NULL satisfies none of them (SQL's
  comparison with NULL is never true), and neither does a negative one that n does not divide
  (MySQL's MOD keeps the dividend's sign, so it gives -1..-(n-1)); a negative multiple of n lands
  in reader 0. Rows in no reader are read by no one: that is what an expression that is not the
  documented whole number gets, and nothing in the guide says Glue adds a reader for them.
* ``hashfield``: "AWS Glue creates a query to hash the field value to a partition number". The
  hash function is not documented; the stand-in uses ``MOD(CRC32(field), n) = i`` (CRC32 is never
  negative). A NULL field hashes to NULL and, as above, lands in no reader.
* ``sampleQuery`` replaces the read of ``dbtable``; with ``enablePartitioningForSampleQuery`` the
  guide requires the query to end with WHERE or AND, "for AWS Glue to append partitioning
  conditions" (section "Use sampleQuery"), so each reader runs ``<sampleQuery> <predicate>``.
"""

import re
from dataclasses import dataclass
from typing import Any, List, Mapping, Optional, Tuple

from glue_standin.connections import LocalConnectionError, LocalConnections, parse_mysql_url
from glue_standin.errors import STANDIN_DOC, ConnectionOptionError, not_modelled

JDBC_DOC = ("AWS Glue Developer Guide, \"JDBC connections\", JDBC connection option reference: "
            "https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-jdbc-home.html")
PARALLEL_DOC = ("AWS Glue Developer Guide, \"Reading from JDBC tables in parallel\": "
                "https://docs.aws.amazon.com/glue/latest/dg/run-jdbc-parallel-read-job.html")
GENERAL_DOC = ("AWS Glue Developer Guide, \"Connection types and options for ETL in AWS Glue for Spark\", "
               "general options: https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect.html")
CUSTOM_JDBC_DOC = ("AWS Glue Developer Guide, \"Connection types and options for ETL in AWS Glue for Spark\", "
                   "\"Custom and AWS Marketplace connectionType values\": "
                   "https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect.html")

#: The options the JDBC connection option reference lists, and the bookmark options every
#: connection type takes. Nothing else is a Glue option of connection type mysql.
DOCUMENTED_OPTIONS = frozenset({
    "useConnectionProperties", "connectionName", "databaseName", "url", "dbtable", "user", "password",
    "customJdbcDriverS3Path", "customJdbcDriverClassName", "bulkSize",
    "hashfield", "hashexpression", "hashpartitions",
    "sampleQuery", "enablePartitioningForSampleQuery", "sampleSize",
    "jobBookmarkKeys", "jobBookmarkKeysSortOrder",
})

#: Documented, but not modelled: what the stand-in would do instead would be a guess.
_NOT_MODELLED = {
    "databaseName": "the JDBC connection option reference does not say how it combines with a connection's URL",
    "customJdbcDriverS3Path": "a custom driver jar comes from Amazon S3; a local run reads with the stand-in for "
                              "the MySQL Connector/J Glue 5.0 bundles",
    "customJdbcDriverClassName": "a custom driver jar comes from Amazon S3; a local run reads with the stand-in "
                                 "for the MySQL Connector/J Glue 5.0 bundles",
    "bulkSize": "it configures parallel inserts into a JDBC target, not reads",
    "sampleSize": "the guide does not say whether it limits each partitioned reader or the whole read",
}

#: Why the best-known undocumented options are refused (the rest get the generic reason).
_REFUSAL_HINTS = {
    **{name: f"Spark's range partitioning is documented only for the custom.jdbc and marketplace.jdbc "
             f"connector types ({CUSTOM_JDBC_DOC}); connection type mysql splits a read with "
             f"hashexpression/hashfield and hashpartitions ({PARALLEL_DOC})"
       for name in ("partitionColumn", "lowerBound", "upperBound", "numPartitions")},
    "fetchsize": "it is a Spark JDBC reader option; read with spark.read.format(\"jdbc\") to set it",
    "sessionInitStatement": "it is a Spark JDBC reader option; read with spark.read.format(\"jdbc\") to set it",
    "queryTimeout": "it is a Spark JDBC reader option; read with spark.read.format(\"jdbc\") to set it",
    "query": "it is a Spark JDBC reader option; Glue's is sampleQuery",
    "driver": "Glue reads connection type mysql with the MySQL Connector/J it bundles; a custom driver is "
              "customJdbcDriverS3Path/customJdbcDriverClassName",
    "redshiftTmpDir": "it is an option of connection type redshift",
    "filterPredicate": f"it is documented only for the custom.jdbc and marketplace.jdbc connector types "
                       f"({CUSTOM_JDBC_DOC})",
}

#: The driver class Glue 5.0 reads connection type mysql with ("JDBC connections", driver versions).
MYSQL_DRIVER_CLASS = "com.mysql.cj.jdbc.Driver"
DEFAULT_HASHPARTITIONS = 7


@dataclass(frozen=True)
class ReadPlan:
    """What Spark reads: one JDBC query per predicate (or one plain query when there are none)."""

    url: str
    user: str
    password: str
    table: str
    predicates: Tuple[str, ...]
    #: ``sampleQuery`` partitioned reads: one table expression per reader instead of predicates.
    tables: Tuple[str, ...] = ()

    def __repr__(self) -> str:  # the password never reaches a log through a repr
        return (f"ReadPlan(url={self.url!r}, user={self.user!r}, password='***', table={self.table!r}, "
                f"predicates={self.predicates!r}, tables={self.tables!r})")


def _refuse_undocumented(options: Mapping[str, Any]) -> None:
    for name in options:
        if not isinstance(name, str):
            raise ConnectionOptionError(f"connection option names must be strings, not {name!r}")
        if name not in DOCUMENTED_OPTIONS:
            hint = _REFUSAL_HINTS.get(name, "the stand-in refuses every option Glue does not document")
            raise ConnectionOptionError(
                f"connection option {name!r} is not a documented option of Glue connection type 'mysql' "
                f"({JDBC_DOC}): {hint} (see {STANDIN_DOC})")
    for name in options:
        if name in _NOT_MODELLED:
            raise not_modelled(f"connection option {name!r}", _NOT_MODELLED[name])


def _text(options: Mapping[str, Any], name: str) -> Optional[str]:
    if name not in options:
        return None
    value = options[name]
    if not isinstance(value, str) or not value.strip():
        raise ConnectionOptionError(f"connection option {name!r} must be a non-empty string, not {value!r} ({JDBC_DOC})")
    return value


def _flag(options: Mapping[str, Any], name: str) -> bool:
    """A documented boolean: "true"/"false" as the guide writes it, or a Python bool."""
    if name not in options:
        return False
    value = options[name]
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ConnectionOptionError(f"connection option {name!r} must be \"true\" or \"false\", not {value!r} ({JDBC_DOC})")


def _positive_int(options: Mapping[str, Any], name: str, default: int) -> int:
    if name not in options:
        return default
    value = options[name]
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not re.fullmatch(r"[1-9][0-9]*", text.strip()):
        raise ConnectionOptionError(f"connection option {name!r} must be a positive integer, not {value!r} "
                                    f"({PARALLEL_DOC})")
    return int(text)


def _check_bookmark_options(options: Mapping[str, Any]) -> None:
    """Validated, then unused: the stand-in runs every job with bookmarks disabled."""
    if "jobBookmarkKeys" in options:
        keys = options["jobBookmarkKeys"]
        if not isinstance(keys, list) or not keys or not all(isinstance(k, str) and k for k in keys):
            raise ConnectionOptionError(f"connection option 'jobBookmarkKeys' must be a non-empty list of column "
                                        f"names, not {keys!r} ({GENERAL_DOC})")
    if "jobBookmarkKeysSortOrder" in options and options["jobBookmarkKeysSortOrder"] not in ("asc", "desc"):
        raise ConnectionOptionError(f"connection option 'jobBookmarkKeysSortOrder' must be \"asc\" or \"desc\", "
                                    f"not {options['jobBookmarkKeysSortOrder']!r} ({GENERAL_DOC})")


def _credentials(options: Mapping[str, Any], connections: LocalConnections) -> Tuple[str, str, str]:
    """(url, user, password): from the named connection, or from url/user/password."""
    explicit = [name for name in ("url", "user", "password") if name in options]
    if _flag(options, "useConnectionProperties"):
        name = _text(options, "connectionName")
        if name is None:
            raise ConnectionOptionError(f"useConnectionProperties needs connectionName ({JDBC_DOC})")
        if explicit:
            raise not_modelled(f"connection options {', '.join(explicit)} together with useConnectionProperties",
                               "the guide does not say which of the two wins")
        connection = connections.get(name)
        return connection.full_url, connection.user, connection.password()
    if "connectionName" in options:
        raise ConnectionOptionError(f"connectionName is read only with useConnectionProperties: \"true\" ({JDBC_DOC})")
    missing = [name for name in ("url", "user", "password") if name not in options]
    if missing:
        raise ConnectionOptionError(f"connection option(s) {', '.join(missing)} are required without "
                                    f"useConnectionProperties ({JDBC_DOC})")
    url, user = _text(options, "url"), _text(options, "user")
    password = options["password"]
    if not isinstance(password, str):
        raise ConnectionOptionError(f"connection option 'password' must be a string ({JDBC_DOC})")
    try:
        parse_mysql_url(url, "connection option 'url'")
    except LocalConnectionError as exc:
        raise ConnectionOptionError(str(exc)) from None
    return url, user, password


def _predicates(options: Mapping[str, Any]) -> Tuple[str, ...]:
    field, expression = _text(options, "hashfield"), _text(options, "hashexpression")
    if field is not None and expression is not None:
        raise ConnectionOptionError(f"give hashfield or hashexpression, not both ({PARALLEL_DOC})")
    if field is None and expression is None:
        if "hashpartitions" in options:
            raise ConnectionOptionError(f"hashpartitions splits a read by hashfield or hashexpression; "
                                        f"neither is given ({PARALLEL_DOC})")
        return ()
    count = _positive_int(options, "hashpartitions", DEFAULT_HASHPARTITIONS)
    hashed = f"({expression})" if expression is not None else f"CRC32({field})"
    return tuple(f"MOD({hashed}, {count}) = {index}" for index in range(count))


def plan_read(connection_type: str, options: Mapping[str, Any], connections: LocalConnections) -> ReadPlan:
    """Checks ``connection_options`` as documented and returns the queries Glue would run."""
    if connection_type != "mysql":
        raise not_modelled(f"connection_type={connection_type!r}",
                           "the stand-in models only Glue's JDBC connection type 'mysql'")
    if not isinstance(options, Mapping):
        raise ConnectionOptionError(f"connection_options must be a dict, not {type(options).__name__}")
    _refuse_undocumented(options)
    _check_bookmark_options(options)
    url, user, password = _credentials(options, connections)
    table = _text(options, "dbtable")
    if table is None:
        raise ConnectionOptionError(f"connection option 'dbtable' is required ({JDBC_DOC})")
    predicates = _predicates(options)

    sample = _text(options, "sampleQuery")
    partition_sample = _flag(options, "enablePartitioningForSampleQuery")
    if sample is None:
        if partition_sample:
            raise ConnectionOptionError(f"enablePartitioningForSampleQuery needs sampleQuery ({JDBC_DOC})")
        return ReadPlan(url, user, password, table, predicates)
    if not partition_sample:
        if predicates:
            raise ConnectionOptionError(f"a sampleQuery is read in parallel only with "
                                        f"enablePartitioningForSampleQuery: \"true\" ({JDBC_DOC})")
        return ReadPlan(url, user, password, f"({sample}) AS ddbm_sample", ())
    if not predicates:
        raise ConnectionOptionError(f"enablePartitioningForSampleQuery needs hashfield or hashexpression "
                                    f"({PARALLEL_DOC})")
    if not re.search(r"\b(where|and)\s*$", sample, re.IGNORECASE):
        raise ConnectionOptionError(f"with enablePartitioningForSampleQuery the sampleQuery must end with WHERE or "
                                    f"AND, for Glue to append its partitioning condition ({JDBC_DOC})")
    tables = tuple(f"({sample} {predicate}) AS ddbm_sample" for predicate in predicates)
    return ReadPlan(url, user, password, table, (), tables)


def read(spark, plan: ReadPlan):
    """The DataFrame Glue's reader would produce: one Spark partition per documented reader."""
    properties = {"user": plan.user, "password": plan.password, "driver": MYSQL_DRIVER_CLASS}
    if plan.predicates:
        return spark.read.jdbc(plan.url, plan.table, predicates=list(plan.predicates), properties=properties)
    tables: List[str] = list(plan.tables) or [plan.table]
    frames = [spark.read.jdbc(plan.url, table, properties=properties) for table in tables]
    frame = frames[0]
    for other in frames[1:]:
        frame = frame.unionAll(other)
    return frame
