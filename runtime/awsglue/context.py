"""``GlueContext``: JDBC reads through a locally resolved connection, ``extract_jdbc_conf``."""

import logging
from typing import Any, Dict, Optional

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from awsglue import local_connections
from awsglue.dynamicframe import DynamicFrame

_JDBC_TYPES = ("mysql", "mariadb", "custom.jdbc")
#: Spark JDBC reader options passed through unchanged when a job sets them.
_PASSTHROUGH = ("partitionColumn", "lowerBound", "upperBound", "numPartitions", "fetchsize",
                "sessionInitStatement", "queryTimeout")


class _DynamicFrameReader:
    def __init__(self, glue_context: "GlueContext"):
        self._glue_context = glue_context

    def from_options(self, connection_type: str, connection_options: Dict[str, Any],
                     format: Optional[str] = None, format_options: Optional[Dict[str, Any]] = None,
                     transformation_ctx: str = "", **_ignored) -> DynamicFrame:
        """Reads a JDBC table/view; honours Spark's range-partitioning options and job bookmarks."""
        if connection_type not in _JDBC_TYPES:
            raise ValueError(f"the local awsglue stand-in reads only JDBC, not {connection_type!r}")
        options = dict(connection_options)
        if str(options.get("useConnectionProperties", "")).lower() == "true":
            conf = self._glue_context.extract_jdbc_conf(options["connectionName"])
            url, user, password, driver = conf["fullUrl"], conf["user"], conf["password"], conf["driver"]
        else:
            url, user = options["url"], options.get("user", "")
            password = options.get("password", "")
            driver = options.get("customJdbcDriverClassName", local_connections.DEFAULT_DRIVER)
        if "dbtable" not in options:
            raise ValueError("connection_options needs 'dbtable'")

        reader = (self._glue_context.spark_session.read.format("jdbc")
                  .option("url", url).option("user", user).option("password", password)
                  .option("driver", driver).option("dbtable", options["dbtable"]))
        for name in _PASSTHROUGH:
            if name in options:
                reader = reader.option(name, str(options[name]))
        df = reader.load()

        keys = options.get("jobBookmarkKeys") or []
        store = self._glue_context._bookmarks
        if keys and store is not None and transformation_ctx:
            df = self._apply_bookmark(df, store, transformation_ctx, keys, options)
        return DynamicFrame(df, self._glue_context, transformation_ctx)

    @staticmethod
    def _apply_bookmark(df, store, ctx: str, keys, options):
        """Rows after the committed high-water mark, up to the current maximum (staged for commit)."""
        if len(keys) != 1:
            raise ValueError("the local stand-in supports exactly one job bookmark key")
        if str(options.get("jobBookmarkKeysSortOrder", "asc")).lower() != "asc":
            raise ValueError("the local stand-in supports only ascending bookmark keys")
        key = keys[0]
        last = store.last_value(ctx, key)
        if last is not None:
            df = df.where(F.col(key) > F.lit(last))
        high = df.agg(F.max(F.col(key)).alias("high")).collect()[0]["high"]
        if high is None:
            logging.getLogger("awsglue").info("bookmark %s: no new rows after %r", ctx, last)
            return df.where(F.lit(False))
        store.stage(ctx, key, high)
        return df.where(F.col(key) <= F.lit(high))


class GlueContext:
    """The parts of Glue's context a ddb-migrate job calls."""

    def __init__(self, spark_context):
        self._sc = spark_context
        self.spark_session = SparkSession.builder.getOrCreate()
        self.create_dynamic_frame = _DynamicFrameReader(self)
        self._bookmarks = None

    def extract_jdbc_conf(self, connection_name: str, catalog_id: Optional[str] = None) -> Dict[str, str]:
        """``url``, ``fullUrl``, ``user``, ``password``, ``vendor`` (and, locally, ``driver``)."""
        return local_connections.resolve(connection_name)

    def get_logger(self):
        return logging.getLogger("awsglue")
