"""Runs one generated ddb-migrate Glue job script on local PySpark with the awsglue stand-in.

    python runtime/run_local.py glue/Users.py --connections conns.json --out .work/run \
        --dynamodb-endpoint http://127.0.0.1:8000 [--ddbm_partitions 4 ...]

The script runs unchanged, as Glue would run it: ``awsglue`` resolves from ``runtime/`` and
``ddbm_core`` from the script's folder (or ``--py-path``). Dead letters, summaries and bookmark
state go under ``--out`` unless ``--ddbm_*`` arguments say otherwise. Any other ``--ddbm_*``
argument is passed to the job as is. Exit status: 0 success, 1 the job failed, 2 usage.
"""

import argparse
import datetime as _dt
import os
import runpy
import sys
import threading
import time
import traceback

RUNTIME_DIR = os.path.dirname(os.path.abspath(__file__))
MARIADB_JDBC_JAR = "/usr/share/java/mariadb-java-client.jar"


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("script", help="the generated job script (glue/<table>.py)")
    parser.add_argument("--connections", required=True,
                        help="JSON file mapping Glue connection names to JDBC URL/user/password_env")
    parser.add_argument("--out", required=True, help="folder for dead letters, summaries, bookmark state")
    parser.add_argument("--dynamodb-endpoint", help="DynamoDB endpoint URL (e.g. a moto server)")
    parser.add_argument("--job-name", help="Glue job name (default: the script's file name)")
    parser.add_argument("--no-bookmarks", action="store_true", help="run without job bookmarks")
    parser.add_argument("--py-path", action="append", default=[],
                        help="extra folder with Python modules the job imports (repeatable)")
    parser.add_argument("--jdbc-jar", default=MARIADB_JDBC_JAR, help="JDBC driver jar")
    parser.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    parser.add_argument("--exit-with-parent", action="store_true",
                        help="end the run (and with it Spark) as soon as the process that started this one is gone")
    known, rest = parser.parse_known_args(argv)
    for token in rest:
        if token.startswith("--") and not token.startswith("--ddbm_"):
            parser.error(f"unknown option {token} (job arguments must start with --ddbm_)")
    return known, rest


def job_arguments(options, passthrough):
    """Glue-style argv for the script: defaults for the local run, then the caller's ``--ddbm_*``."""
    out = os.path.abspath(options.out)
    given = {token.split("=", 1)[0] for token in passthrough if token.startswith("--")}
    defaults = {
        "--ddbm_connection": "local",
        "--ddbm_dead_letter_uri": "file://" + os.path.join(out, "dead-letters"),
        "--ddbm_report_uri": "file://" + os.path.join(out, "reports"),
        "--ddbm_region": os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1",
        "--ddbm_run_id": "local-" + _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ"),
    }
    if options.dynamodb_endpoint:
        defaults["--ddbm_dynamodb_endpoint"] = options.dynamodb_endpoint
    job_name = options.job_name or os.path.splitext(os.path.basename(options.script))[0]
    argv = [options.script, "--JOB_NAME", job_name]
    if not options.no_bookmarks:
        argv += ["--job-bookmark-option", "job-bookmark-enable"]
    for name, value in defaults.items():
        if name not in given:
            argv += [name, value]
    return argv + list(passthrough)


def prepare_environment(options):
    """Import paths for driver and Python workers; the stand-in's connection and bookmark files."""
    script_dir = os.path.dirname(os.path.abspath(options.script))
    paths = [RUNTIME_DIR, script_dir] + [os.path.abspath(p) for p in options.py_path]
    for path in reversed(paths):
        if path not in sys.path:
            sys.path.insert(0, path)
    existing = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(paths + ([existing] if existing else []))
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ["DDBM_GLUE_CONNECTIONS"] = os.path.abspath(options.connections)
    os.environ["DDBM_GLUE_BOOKMARK_DIR"] = os.path.join(os.path.abspath(options.out), "bookmarks")


def exit_with_parent(poll_seconds=0.2):
    """Ends this process when its parent dies, so a killed ``ddb-migrate run-local`` leaves no job
    writing behind it.

    The parent (run-local) starts this runner in a process group of its own (Foundation's
    ``Process`` does that on Linux), so a signal to the parent's group, Ctrl-C included, never
    reaches us, and SIGKILL cannot be forwarded at all. A dead parent shows as a new parent id
    (the orphan is re-parented). Exiting is enough for Spark: the JVM exits when its stdin from
    this driver closes, and PySpark's worker daemon then hangs up on its workers.
    """
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        print(f"run_local: parent process {parent} is gone; stopping the job", file=sys.stderr, flush=True)
        os._exit(143)

    threading.Thread(target=watch, name="ddbm-parent-watch", daemon=True).start()


def start_spark(options):
    from pyspark.sql import SparkSession

    return (SparkSession.builder.master(options.master).appName("ddb-migrate-local")
            .config("spark.jars", options.jdbc_jar)
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
            .config("spark.executor.extraJavaOptions", "-Duser.timezone=UTC")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate())


def main(argv=None):
    options, passthrough = parse_arguments(sys.argv[1:] if argv is None else argv)
    if not os.path.isfile(options.script):
        print(f"run_local: no such job script: {options.script}", file=sys.stderr)
        return 2
    if not os.path.isfile(options.jdbc_jar):
        print(f"run_local: JDBC driver jar not found: {options.jdbc_jar} (Debian: libmariadb-java)", file=sys.stderr)
        return 2
    if options.exit_with_parent:
        exit_with_parent()
    os.makedirs(options.out, exist_ok=True)
    prepare_environment(options)
    spark = start_spark(options)
    saved_argv = sys.argv
    sys.argv = job_arguments(options, passthrough)
    try:
        runpy.run_path(options.script, run_name="__main__")
        return 0
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        sys.argv = saved_argv
        spark.stop()


if __name__ == "__main__":
    sys.exit(main())
