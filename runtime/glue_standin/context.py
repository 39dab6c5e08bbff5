"""``GlueContext`` for local runs: the few parts of AWS Glue's context a ddb-migrate job may use.

AWS's ``awsglue.context.GlueContext`` (AWSGlueDataplanePython 5.0.0) is a thin Python front for
Glue's JVM classes (com.amazonaws.services.glue.GlueContext and friends), which exist only on
Glue. ``glue_standin.install`` puts this class in its place; everything else of AWS's ``awsglue``
(``getResolvedOptions``, ``Job``) runs unchanged. This class models exactly:

* ``GlueContext(sparkContext)``, ``spark_session`` and ``get_logger()``;
* ``extract_jdbc_conf(connection_name, catalog_id=None)``;
* ``create_dynamic_frame.from_options`` / ``create_dynamic_frame_from_options`` for connection
  type mysql (checked and split by ``glue_standin.jdbc_read``), returning a frame with ``toDF()``.

Every other attribute raises ``NotModelledError`` ("the Glue stand-in does not model
GlueContext.<name>: ..."), and so does AWS's ``awsglue.job.Job(glue_context)``, which needs
Glue's JVM ``Job`` class through ``GlueContext._jvm``.
"""

import logging
import sys
from typing import Any, Dict, Optional

from pyspark.context import SparkContext
from pyspark.sql import SparkSession

from glue_standin import jdbc_read
from glue_standin.connections import LocalConnections
from glue_standin.errors import StandinSetupError, not_modelled

GLUE_CONTEXT_DOC = ("AWS Glue Developer Guide, \"GlueContext class\": "
                    "https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-glue-context.html")

#: Set by ``glue_standin.install``: the local stand-in for the Data Catalog's connections.
_connections: Optional[LocalConnections] = None


def configure(connections: LocalConnections) -> None:
    global _connections
    _connections = connections


def _configured() -> LocalConnections:
    if _connections is None:
        raise StandinSetupError("the Glue stand-in has no connections: run the job with runtime/run_local.py "
                                "(glue_standin.install(connections) was not called)")
    return _connections


class _Unmodelled:
    """Attributes a class does not define raise ``NotModelledError`` naming ``<owner>.<name>``.

    Dunder names raise ``AttributeError`` as usual, so Python's own protocol probes (copy,
    pickle, inspect) behave normally; every other name is a Glue API the stand-in leaves out.
    """

    _owner = "GlueContext"

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        raise not_modelled(f"{self._owner}.{name}")


class GlueLogger(_Unmodelled):
    """What ``get_logger()`` returns: ``info``, ``warn`` and ``error`` with a message string, as
    the AWS Glue Developer Guide shows them ("Logging application-specific messages using the
    custom script logger", https://docs.aws.amazon.com/glue/latest/dg/monitor-continuous-logging-enable.html).
    On Glue it is the JVM's com.amazonaws.services.glue.log.GlueLogger (py4j passes only a string
    to its String parameter); here the messages go to Python's logging as logger "GlueLogger"."""

    _owner = "GlueLogger"

    def __init__(self):
        # Glue's logger writes whatever Python's logging is configured to do; so does this one.
        self._log = logging.getLogger("GlueLogger")
        if not self._log.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s GlueLogger: %(message)s"))
            self._log.addHandler(handler)
            self._log.setLevel(logging.INFO)
            self._log.propagate = False

    def _emit(self, level: int, method: str, message: str) -> None:
        if not isinstance(message, str):
            raise TypeError(f"GlueLogger.{method}(message) takes a string, not {type(message).__name__}")
        self._log.log(level, message)

    def info(self, message: str) -> None:
        self._emit(logging.INFO, "info", message)

    def warn(self, message: str) -> None:
        self._emit(logging.WARNING, "warn", message)

    def error(self, message: str) -> None:
        self._emit(logging.ERROR, "error", message)


class DynamicFrame(_Unmodelled):
    """The result of ``from_options``: only ``toDF()`` (AWS Glue Developer Guide, "DynamicFrame
    class", toDF: https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html).

    AWS's ``awsglue.dynamicframe.DynamicFrame`` wraps a JVM DynamicFrame, which needs Glue's JVM
    classes; this minimal wrapper holds the Spark DataFrame the read produced. Nothing else of a
    DynamicFrame (schema resolution, transforms, ``count``) is modelled."""

    _owner = "DynamicFrame"

    def __init__(self, df, name: str):
        self._df = df
        self._name = name

    def toDF(self):  # noqa: N802 (Glue's name)
        return self._df


class DynamicFrameReader(_Unmodelled):
    """``glue_context.create_dynamic_frame``: only ``from_options`` (AWS Glue Developer Guide,
    "DynamicFrameReader class", from_options:
    https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-dynamic-frame-reader.html)."""

    _owner = "GlueContext.create_dynamic_frame"

    def __init__(self, glue_context: "GlueContext"):
        self._glue_context = glue_context

    def from_options(self, connection_type, connection_options={}, format=None, format_options={},  # noqa: B006
                     transformation_ctx="", push_down_predicate="", **kwargs):
        # AWS's signature, defaults included (awsglue/dynamicframe.py, DynamicFrameReader.from_options).
        return self._glue_context.create_dynamic_frame_from_options(
            connection_type, connection_options, format, format_options, transformation_ctx, push_down_predicate,
            **kwargs)


class GlueContext(_Unmodelled):
    """The stand-in for ``awsglue.context.GlueContext`` (see the module comment)."""

    def __init__(self, sparkContext):  # noqa: N803 (Glue's name)
        # "__init__(sparkContext) - sparkContext: The Apache Spark context to use." (GlueContext class)
        if not isinstance(sparkContext, SparkContext):
            raise TypeError(f"GlueContext(sparkContext) takes the job's SparkContext, not "
                            f"{type(sparkContext).__name__} ({GLUE_CONTEXT_DOC}); the stand-in models no other form")
        self._spark_context = sparkContext
        # AWS's GlueContext sets spark_session to its SQLContext's session, the active one
        # (awsglue/context.py); Glue's generated scripts read it as glueContext.spark_session
        # (AWS Glue Developer Guide, "Tutorial: Writing an AWS Glue for Spark script":
        # https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-intro-tutorial.html).
        self.spark_session = SparkSession.builder.getOrCreate()
        self.create_dynamic_frame = DynamicFrameReader(self)
        self._logger = GlueLogger()

    def __getattr__(self, name: str) -> Any:
        if name in ("_jvm", "_glue_scala_context", "_ssql_ctx", "_jsc", "_sc"):
            raise not_modelled(f"GlueContext.{name}",
                               "it is Glue's JVM side (com.amazonaws.services.glue.*), which exists only on Glue; "
                               "AWS's awsglue.job.Job(glue_context) needs it for com.amazonaws.services.glue.util.Job, "
                               "so a ddb-migrate job must not create a Job (it keeps no Glue bookmarks)")
        return super().__getattr__(name)

    def get_logger(self) -> GlueLogger:
        return self._logger

    def extract_jdbc_conf(self, connection_name: str, catalog_id: Optional[str] = None):
        """The connection's settings as Glue returns them: a py4j ``JavaMap`` (a java.util.Map
        built in the Spark JVM), not a dict, with the keys the GlueContext class documents for
        extract_jdbc_conf that a local connection has:

        * ``user``, ``password``; ``vendor`` ("mysql");
        * ``url``: "JDBC URL with only protocol, server and port" (documented as deprecated);
        * ``fullUrl``: "JDBC URL as entered when the connection was created (Available in AWS Glue
          version 3.0 or later)";
        * ``enforceSSL``: "A boolean string indicating if a secure connection is required";
          "false", the default of the connection property JDBC_ENFORCE_SSL (AWS Glue API,
          "Connection API": https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-catalog-connections-connections.html).

        ``customJDBCCert``, ``skipCustomJDBCCertValidation`` and ``customJDBCCertString`` belong to
        a custom certificate, which a local connection has not. There is no ``driver`` key, so, as
        on Glue, ``conf.get("driver", default)`` is None: py4j's JavaMap.get is java.util.Map.get.
        """
        if catalog_id is not None:
            raise not_modelled("extract_jdbc_conf(catalog_id=...)", "a local run has no Data Catalog account")
        connection = _configured().get(connection_name)
        conf: Dict[str, str] = {
            "user": connection.user,
            "password": connection.password(),
            "vendor": "mysql",
            "url": connection.base_url,
            "fullUrl": connection.full_url,
            "enforceSSL": "false",
        }
        java_map = self._spark_context._jvm.java.util.HashMap()
        for key, value in conf.items():
            java_map.put(key, value)
        return java_map

    def create_dynamic_frame_from_options(self, connection_type, connection_options={}, format=None,  # noqa: B006
                                          format_options={}, transformation_ctx="", push_down_predicate="",  # noqa: B006
                                          **kwargs):
        """A JDBC read as "GlueContext class", create_dynamic_frame_from_options, documents it,
        for connection type mysql only (``glue_standin.jdbc_read`` lists what is checked)."""
        if format is not None or format_options:
            raise not_modelled("create_dynamic_frame_from_options(format/format_options)",
                               "a JDBC read takes no format")
        if push_down_predicate:
            raise not_modelled("create_dynamic_frame_from_options(push_down_predicate)",
                               "it prunes catalog partitions, which a JDBC read has not")
        if kwargs:
            raise not_modelled(f"create_dynamic_frame_from_options({', '.join(sorted(kwargs))})")
        if not isinstance(transformation_ctx, str):
            raise TypeError("transformation_ctx must be a string")
        _require_bookmarks_disabled()
        plan = jdbc_read.plan_read(connection_type, connection_options, _configured())
        return DynamicFrame(jdbc_read.read(self.spark_session, plan), transformation_ctx)


def _require_bookmarks_disabled() -> None:
    """The stand-in models no job bookmarks, so it reads only runs started with bookmarks off.

    AWS's getResolvedOptions resolves --job-bookmark-option, job-bookmark-disable when absent; a
    disabled bookmark means "Always process the entire dataset" (AWS Glue Developer
    Guide, "Tracking processed data using job bookmarks":
    https://docs.aws.amazon.com/glue/latest/dg/monitor-continuations.html), so jobBookmarkKeys
    change nothing and the whole table is read.
    """
    from awsglue.utils import getResolvedOptions

    option = getResolvedOptions(sys.argv, [])["job_bookmark_option"]
    if option != "job-bookmark-disable":
        raise not_modelled(f"--job-bookmark-option {option}", "the stand-in models no Glue job bookmarks; "
                           "run_local.py starts every run with job-bookmark-disable")
