"""Runs one generated ddb-migrate Glue job script on local PySpark, started as Glue starts a run.

    MYSQL_PWD=... python runtime/run_local.py glue/Users.py --connections conns.json --out .work/run \
        --dynamodb-endpoint http://127.0.0.1:8000 [--job-name NAME] [--ddbm_partitions 4 ...]

The script runs unchanged, with AWS's own ``awsglue`` (AWSGlueDataplanePython 5.0.0): its
``getResolvedOptions`` and ``Job`` as AWS ships them, and ``glue_standin``'s GlueContext in place of
AWS's JVM-backed one (docs/GLUE-STANDIN.md). ``ddbm_core`` resolves from the script's folder (or
``--py-path``). Its argv is what Glue gives every run of a job started from the console, plus the
job's ``--ddbm_*`` arguments: dead letters and summaries go under ``--out`` unless ``--ddbm_*``
arguments say otherwise, and any other ``--ddbm_*`` argument is passed as is.
Exit status: 0 success, 1 the job failed, 2 usage or local set-up error.
"""

import argparse
import hashlib
import os
import re
import runpy
import secrets
import signal
import sys
import threading
import time
import traceback

RUNTIME_DIR = os.path.dirname(os.path.abspath(__file__))
if RUNTIME_DIR not in sys.path:
    sys.path.insert(0, RUNTIME_DIR)

import glue_standin  # noqa: E402 (needs RUNTIME_DIR on the path)
from glue_standin import spark as standin_spark  # noqa: E402
from glue_standin.connections import LocalConnections  # noqa: E402
from glue_standin.errors import LocalConnectionError, StandinSetupError  # noqa: E402

#: Job argument names: "--" then letters, digits and underscores only ("Accessing parameters using
#: getResolvedOptions": "The arguments use only underscores, not hyphens",
#: https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-get-resolved-options.html).
_JOB_ARGUMENT = re.compile(r"--(ddbm_[A-Za-z0-9_]+)(?:=(.*))?", re.DOTALL)


class UsageError(Exception):
    """A bad command line or local set-up; exit status 2."""


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("script", help="the generated job script (glue/<table>.py)")
    parser.add_argument("--connections", required=True,
                        help="JSON file of the run's Glue connections: name -> url, user, password_env")
    parser.add_argument("--out", required=True, help="folder for dead letters, summaries and --TempDir")
    parser.add_argument("--dynamodb-endpoint", help="DynamoDB endpoint URL (e.g. a moto server)")
    parser.add_argument("--job-name", help="Glue job name (default: the script's file name)")
    parser.add_argument("--job-run-id", type=_job_run_id,
                        help="the run id Glue would assign (jr_ and 64 hex digits; default: a new one), so the "
                             "caller can find the run's summary and progress objects without naming a --ddbm_run_id")
    parser.add_argument("--py-path", action="append", default=[],
                        help="extra folder with Python modules the job imports (repeatable)")
    parser.add_argument("--jdbc-jar", default=standin_spark.MARIADB_JAR,
                        help="MariaDB Connector/J jar behind the com.mysql.cj.jdbc.Driver shim "
                             f"(default {standin_spark.MARIADB_JAR})")
    parser.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    parser.add_argument("--exit-with-parent", action="store_true",
                        help="end the run (and with it Spark) as soon as the process that started this one is gone")
    known, rest = parser.parse_known_args(argv)
    if "--no-bookmarks" in rest:
        parser.error("--no-bookmarks is gone: the Glue stand-in models no job bookmarks, and every run starts "
                     "with --job-bookmark-option job-bookmark-disable")
    try:
        passthrough = job_argument_pairs(rest)
    except UsageError as exc:
        parser.error(str(exc))
    return known, passthrough


def _job_run_id(text):
    """Glue's job run ids are "jr_" and 64 hex digits (GetJobRun's JobRunId, e.g. in the Glue console)."""
    if not re.fullmatch(r"jr_[0-9a-f]{64}", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a Glue job run id (jr_ and 64 lower-case hex digits)")
    return text


def job_argument_pairs(tokens):
    """``[(name, tokens)]`` of the caller's ``--ddbm_*`` arguments, in either form AWS's
    getResolvedOptions (argparse) reads, kept as given: ``--name value`` or ``--name=value``."""
    pairs, index = [], 0
    while index < len(tokens):
        token = tokens[index]
        match = _JOB_ARGUMENT.fullmatch(token)
        if match is None:
            raise UsageError(f"unknown option {token} (job arguments are --ddbm_<letters, digits, underscores>)")
        name = match.group(1)
        if match.group(2) is not None:
            pairs.append((name, [token]))
        else:
            if index + 1 >= len(tokens) or tokens[index + 1].startswith("--"):
                raise UsageError(f"--{name} needs a value (--{name} VALUE or --{name}=VALUE)")
            pairs.append((name, [token, tokens[index + 1]]))
            index += 1
        index += 1
    return pairs


def job_arguments(options, passthrough, job_run_id=None):
    """The script's argv: what Glue passes every run of a job started from the console, then the
    job's ``--ddbm_*`` defaults for a local run, then the caller's ``--ddbm_*`` arguments.

    JOB_NAME, JOB_ID and JOB_RUN_ID are the ids Glue passes every run (AWS's awsglue/job.py,
    Job.id_params); --job-bookmark-option and --TempDir are among the job parameters Glue sets
    ("Using job parameters in AWS Glue jobs":
    https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html).
    Bookmarks are always disabled: the stand-in does not model them. A console start has no
    --ddbm_run_id; the caller may still pass one.
    """
    out = os.path.abspath(options.out)
    job_name = options.job_name or os.path.splitext(os.path.basename(options.script))[0]
    # Glue's ids are "j_" / "jr_" and 64 hex digits; the job id is fixed per job (name).
    job_id = "j_" + hashlib.sha256(job_name.encode("utf-8")).hexdigest()
    run_id = job_run_id or "jr_" + secrets.token_hex(32)
    argv = [options.script,
            "--JOB_NAME", job_name,
            "--JOB_ID", job_id,
            "--JOB_RUN_ID", run_id,
            "--job-bookmark-option", "job-bookmark-disable",
            "--TempDir", "file://" + os.path.join(out, "temporary") + "/"]
    defaults = {
        "ddbm_connection": "local",
        "ddbm_dead_letter_uri": "file://" + os.path.join(out, "dead-letters"),
        "ddbm_report_uri": "file://" + os.path.join(out, "reports"),
        "ddbm_region": os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1",
    }
    if options.dynamodb_endpoint:
        defaults["ddbm_dynamodb_endpoint"] = options.dynamodb_endpoint
    given = {name for name, _ in passthrough}
    for name, value in defaults.items():
        if name not in given:
            argv += ["--" + name, value]
    for _, given_tokens in passthrough:
        argv += given_tokens
    return argv


def check_with_aws_parser(argv):
    """Parses ``argv`` with AWS's getResolvedOptions, asking for every ``--ddbm_*`` name in it, so a
    run never starts with arguments Glue's parser would read differently. AWS's function records
    what it parsed in awsglue.utils._global_args; that is restored afterwards."""
    import awsglue.utils

    names = ["JOB_NAME"] + sorted({token[2:].split("=", 1)[0] for token in argv[1:] if token.startswith("--ddbm_")})
    saved = dict(awsglue.utils._global_args)
    try:
        resolved = awsglue.utils.getResolvedOptions(argv, names)
    except (awsglue.utils.GlueArgumentError, RuntimeError, argparse.ArgumentError) as exc:
        raise UsageError(f"AWS's getResolvedOptions refuses the job arguments: {exc}") from None
    finally:
        awsglue.utils._global_args.clear()
        awsglue.utils._global_args.update(saved)
    return resolved


def prepare_environment(options):
    """Import paths for the driver and Python workers: the runtime, the script's folder, --py-path."""
    script_dir = os.path.dirname(os.path.abspath(options.script))
    paths = [RUNTIME_DIR, script_dir] + [os.path.abspath(p) for p in options.py_path]
    for path in reversed(paths):
        if path not in sys.path:
            sys.path.insert(0, path)
    existing = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(paths + ([existing] if existing else []))
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable


def exit_with_parent(poll_seconds=0.2):
    """Ends this process when its parent dies, so a killed ``ddb-migrate run-local`` leaves no job
    writing behind it.

    The parent (run-local) starts this runner in a process group of its own (Foundation's
    ``Process`` does that on Linux), so a signal to the parent's group, Ctrl-C included, never
    reaches us, and SIGKILL cannot be forwarded at all. A dead parent shows as a new parent id
    (the orphan is re-parented).

    Exiting alone is not enough: the JVM exits when its stdin from this driver closes, but a
    PySpark worker in the middle of a partition goes on writing it (at the write ceiling's pace:
    157 items in the 1.5 s after a kill, in test_e2e_faults) until it next talks to the JVM. So
    every process below this runner is killed first (``kill_job_processes``), then the runner.
    """
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        print(f"run_local: parent process {parent} is gone; stopping the job", file=sys.stderr, flush=True)
        kill_job_processes()
        os._exit(143)

    threading.Thread(target=watch, name="ddbm-parent-watch", daemon=True).start()


def kill_job_processes():
    """SIGKILL to every process below this one, and to this runner's group when it leads it.

    Killing the runner's group alone missed the writers: PySpark's worker daemon moves itself
    and the workers it forks into a process group of their own (``pyspark/daemon.py``:
    ``os.setpgid(0, 0)``), so they outlived a kill of ours and went on writing (154 items in
    1.5 s after the kill, in full CI runs). So the descendants are found by parent id in
    ``/proc`` and killed by pid, and a descendant that leads its own group has that group killed
    too (a worker its daemon forks meanwhile is in it). Where there is no ``/proc``, only the
    group is killed.
    """
    me = os.getpid()
    below = descendants(me)
    for pid, group in below:
        if group == pid:
            _kill(os.killpg, pid)
    for pid, _ in below:
        _kill(os.kill, pid)
    if os.getpgid(0) == me:
        _kill(os.killpg, 0)


def _kill(how, target):
    try:
        how(target, signal.SIGKILL)
    except OSError:
        pass  # already gone


def descendants(root):
    """``(pid, process group)`` of every process below ``root``, read from ``/proc`` (proc(5):
    ``/proc/PID/stat`` fields 4 and 5 are the parent's pid and the process group); an empty list
    where there is no ``/proc``."""
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    children = {}
    for entry in entries:
        fields = proc_stat(entry) if entry.isdigit() else None
        if fields is not None:
            children.setdefault(int(fields[1]), []).append((int(entry), int(fields[2])))
    found, pending = [], [root]
    while pending:
        for child in children.get(pending.pop(), []):
            found.append(child)
            pending.append(child[0])
    return found


def proc_stat(pid):
    """The fields of ``/proc/PID/stat`` after the command name, from field 3 (the state) on, as
    bytes; None when the process is gone (or there is no ``/proc``)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return None
    # Field 2, the command name, is in parentheses and may hold spaces and parentheses itself.
    return stat[stat.rindex(b")") + 2:].split()


def main(argv=None):
    options, passthrough = parse_arguments(sys.argv[1:] if argv is None else argv)
    try:
        if not os.path.isfile(options.script):
            raise UsageError(f"no such job script: {options.script}")
        connections = LocalConnections.load(options.connections)
        glue_standin.install(connections)
        standin_spark.check_jars(options.jdbc_jar)
        job_argv = job_arguments(options, passthrough, options.job_run_id)
        check_with_aws_parser(job_argv)
    except (UsageError, LocalConnectionError, StandinSetupError) as exc:
        print(f"run_local: {exc}", file=sys.stderr)
        return 2
    if options.exit_with_parent:
        exit_with_parent()
    os.makedirs(options.out, exist_ok=True)
    prepare_environment(options)
    ids = {name: job_argv[job_argv.index("--" + name) + 1] for name in ("JOB_NAME", "JOB_RUN_ID")}
    print(f"run_local: job {ids['JOB_NAME']}, run {ids['JOB_RUN_ID']}", file=sys.stderr, flush=True)
    spark = standin_spark.start_session(options.master, options.jdbc_jar)
    saved_argv = sys.argv
    sys.argv = job_argv
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
