"""The local Spark session a job runs in, with the JDBC driver Glue 5.0 has.

Glue 5.0 runs Spark 3.5 on Java 17 with Python 3.11 (AWS Glue Developer Guide, "AWS Glue
versions": https://docs.aws.amazon.com/glue/latest/dg/release-notes.html) and reads MySQL with the
MySQL Connector/J 8.0.33 it bundles, class com.mysql.cj.jdbc.Driver ("JDBC connections", JDBC
driver versions: https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-jdbc-home.html).
Locally that class is the shim in runtime/jdbc-shim (built by scripts/install-deps.sh), the only
jar on ``spark.jars``; it loads MariaDB Connector/J from the jar the JVM system property
``ddbm.jdbcshim.mariadbJar`` names, in a class loader of its own, so org.mariadb.jdbc.Driver is
not on the job's class path (Glue's driver table lists no MariaDB driver).

Time zone: the driver and executor JVMs and Spark's session time zone are set to UTC, so the
developer machine's zone never leaks into a run. That Glue's are UTC is not documented, which is
why the job itself checks the session time zone at run time (docs/GLUE-STANDIN.md).
"""

import os
from typing import Dict

from glue_standin.errors import StandinSetupError

REPO_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
#: Built by scripts/install-deps.sh from runtime/jdbc-shim/src.
SHIM_JAR = os.path.join(REPO_DIR, ".work", "jdbc", "mysql-connector-shim.jar")
SHIM_SOURCE = os.path.join(REPO_DIR, "runtime", "jdbc-shim", "src", "com", "mysql", "cj", "jdbc", "Driver.java")
#: Debian's MariaDB Connector/J (package libmariadb-java), which the shim delegates to.
MARIADB_JAR = "/usr/share/java/mariadb-java-client.jar"
MARIADB_JAR_PROPERTY = "ddbm.jdbcshim.mariadbJar"
SHIM_DRIVER_CLASS = "com.mysql.cj.jdbc.Driver"


def check_jars(mariadb_jar: str = MARIADB_JAR) -> None:
    """Raises StandinSetupError unless the shim jar is built and current and MariaDB's jar exists."""
    if not os.path.isfile(SHIM_JAR):
        raise StandinSetupError(f"the MySQL Connector/J stand-in {SHIM_JAR} is not built: run scripts/install-deps.sh")
    if os.path.isfile(SHIM_SOURCE) and os.path.getmtime(SHIM_SOURCE) > os.path.getmtime(SHIM_JAR):
        raise StandinSetupError(f"{SHIM_JAR} is older than {SHIM_SOURCE}: run scripts/install-deps.sh to rebuild it")
    if not os.path.isfile(mariadb_jar):
        raise StandinSetupError(f"MariaDB Connector/J jar not found: {mariadb_jar} (Debian package libmariadb-java, "
                                f"installed by scripts/install-deps.sh)")
    if any(ch.isspace() for ch in mariadb_jar):
        raise StandinSetupError(f"the MariaDB Connector/J jar path must not contain white space: {mariadb_jar!r}")


def session_config(mariadb_jar: str = MARIADB_JAR) -> Dict[str, str]:
    """Spark settings of a local run (the shim jar, UTC everywhere, a small local footprint)."""
    java_options = f"-Duser.timezone=UTC -D{MARIADB_JAR_PROPERTY}={os.path.abspath(mariadb_jar)}"
    return {
        "spark.jars": SHIM_JAR,
        "spark.driver.extraJavaOptions": java_options,
        "spark.executor.extraJavaOptions": java_options,
        "spark.sql.session.timeZone": "UTC",
        "spark.ui.enabled": "false",
        "spark.sql.shuffle.partitions": "4",
    }


def start_session(master: str = "local[2]", mariadb_jar: str = MARIADB_JAR, app_name: str = "ddb-migrate-local"):
    """A new local SparkSession configured as ``session_config`` says (fails if one is running:
    its JVM would lack the shim)."""
    from pyspark.sql import SparkSession

    check_jars(mariadb_jar)
    if SparkSession.getActiveSession() is not None:
        raise StandinSetupError("a Spark session is already running; the stand-in must configure the JVM it starts")
    builder = SparkSession.builder.master(master).appName(app_name)
    for key, value in session_config(mariadb_jar).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    # A JVM this process started earlier without these settings keeps its class path and system
    # properties; a session on it would read MySQL without Glue's driver class.
    jvm = session.sparkContext._jvm
    loader = jvm.java.lang.Thread.currentThread().getContextClassLoader()
    try:
        jvm.java.lang.Class.forName(SHIM_DRIVER_CLASS, False, loader)
    except Exception:  # py4j.protocol.Py4JJavaError: ClassNotFoundException
        session.stop()
        raise StandinSetupError(f"{SHIM_DRIVER_CLASS} is not on the Spark driver's class path: this Python process "
                                f"started its JVM without the stand-in's settings; start Spark only through "
                                f"glue_standin.spark.start_session") from None
    if jvm.java.lang.System.getProperty(MARIADB_JAR_PROPERTY) != os.path.abspath(mariadb_jar):
        session.stop()
        raise StandinSetupError(f"the Spark JVM was started with another {MARIADB_JAR_PROPERTY}; start Spark only "
                                f"through glue_standin.spark.start_session, once per process")
    return session
