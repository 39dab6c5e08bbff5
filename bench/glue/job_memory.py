"""Peak memory of a generated Glue job reading N rows: the figure ``make bench`` compares at two N.

    DDBM_BENCH_MYSQL_PWD=... python bench/glue/job_memory.py glue-out/glue/BenchEvents.py \
        --url jdbc:mysql://127.0.0.1:PORT/db --user ddbm --password-env DDBM_BENCH_MYSQL_PWD \
        --work DIR [--driver-memory 512m] [--master local[2]] [--interval 0.1]

Runs the job as the job runs (``ddbm_core.run_job`` with the script's own job spec and the
manifest's ``--ddbm_*`` default arguments, in a local Spark started by the Glue stand-in exactly
as ``runtime/run_local.py`` starts it: ``local[2]``, the Connector/J shim, UTC) with two things
changed so that only memory is measured:

* the driver JVM gets a fixed, small ``--driver-memory`` (local mode: the driver is the executor),
  so a read that held its rows would show as growth up to that limit, or fail;
* the DynamoDB writes go to a client that accepts every put at once and keeps nothing, so the
  sink never holds rows back. Everything before the put is the job's: its reads (Spark's JDBC
  source, P ranges per source, ``useCursorFetch`` + fetch size), the shuffle by table key, the
  per-row conversion and the Writer with its threads. The job's start-up check of the DynamoDB
  table gets the table described from the spec's key attributes.

The job runs in a child process; this process samples the child's whole process tree (the
driver's Python, the Spark JVM, PySpark's worker daemon and workers) every ``--interval`` seconds
from /proc. Reported, as one JSON line: the peak over samples of the tree's summed PSS
(``smaps_rollup``: forked Python workers share pages with their daemon, which a sum of RSS would
count twice), the peak summed RSS, each process kind's largest ``VmHWM``, the JVM's peak live
heap (read every ``--live-interval`` seconds with ``jcmd GC.class_histogram``, which collects
first), the retained figure (that live heap plus the Python processes' PSS at the tree's peak),
the job's counters and its duration. Exit status 0, or 1 when the job did not succeed (the figure would mean nothing).
"""

import argparse
import functools
import json
import os
import runpy
import subprocess
import sys
import time

REPO_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUNTIME_DIR = os.path.join(REPO_DIR, "runtime")
CONNECTION_FILE = "connections.json"


# --------------------------------------------------------------------------------------------
# The child: the job itself
# --------------------------------------------------------------------------------------------


class _DescribedTable:
    """The job's start-up check asks DynamoDB for the table; the answer is the spec's own key."""

    def __init__(self, spec):
        keys = [(spec.pk, "HASH")] + ([(spec.sk, "RANGE")] if spec.sk else [])
        self._table = {
            "TableName": spec.table, "TableStatus": "ACTIVE",
            "KeySchema": [{"AttributeName": name, "KeyType": kind} for name, kind in keys],
            "AttributeDefinitions": [{"AttributeName": name, "AttributeType": spec.attribute(name).type}
                                     for name, _ in keys],
        }

    def describe_table(self, TableName):  # noqa: N803 (boto3's name)
        return {"Table": self._table}


class _AcceptingClient:
    """A DynamoDB client whose every conditional put succeeds at once and keeps nothing."""

    def put_item(self, **request):
        return {}


def manifest_job(script):
    """The manifest entry (one folder above glue/) of the job whose script this is."""
    script = os.path.abspath(script)
    out_dir = os.path.dirname(os.path.dirname(script))
    manifest_path = os.path.join(out_dir, "manifest.json")
    with open(manifest_path, encoding="utf-8") as handle:
        jobs = [job for job in json.load(handle)["jobs"]
                if os.path.abspath(os.path.join(out_dir, job["script"])) == script]
    if len(jobs) != 1:
        raise SystemExit(f"job_memory: {manifest_path} lists {len(jobs)} jobs with script {script}")
    return jobs[0]


def job_arguments(job, work):
    """The job's ``--ddbm_*`` default arguments from the manifest, with local places for reports
    and dead letters, a run id, and no CloudWatch metrics."""
    args = {key[2:]: value for key, value in job["default_arguments"].items() if key.startswith("--ddbm_")}
    args.update({
        "ddbm_dead_letter_uri": "file://" + os.path.join(work, "dead-letters"),
        "ddbm_report_uri": "file://" + os.path.join(work, "reports"),
        "ddbm_run_id": "bench-memory",
        "ddbm_metrics_namespace": "",
    })
    return args


def run_child(options):
    script_dir = os.path.dirname(os.path.abspath(options.script))
    for path in (script_dir, RUNTIME_DIR):
        if path not in sys.path:
            sys.path.insert(0, path)
    import glue_standin
    from glue_standin import spark as standin_spark
    from glue_standin.connections import LocalConnections

    glue_standin.install(LocalConnections.load(os.path.join(options.work, CONNECTION_FILE)))
    spark = standin_spark.start_session(options.master)
    try:
        from awsglue.context import GlueContext

        import ddbm_core as core

        # The script's own spec; run_name keeps its main() from running.
        spec = core.JobSpec.from_json(runpy.run_path(options.script, run_name="ddbm_bench_job")["JOB_SPEC_JSON"])
        settings = core.RunSettings.from_arguments(job_arguments(manifest_job(options.script), options.work))
        started = time.monotonic()
        summary = core.run_job(GlueContext(spark.sparkContext), spec, settings,
                               dynamodb_client=_DescribedTable(spec),
                               write=functools.partial(core.write_items, client=_AcceptingClient()))
        seconds = time.monotonic() - started
    finally:
        spark.stop()
    print(json.dumps({"status": summary["status"], "error": summary.get("error"), "counters": summary["counters"],
                      "partitions": settings.partitions, "fetch_size": settings.fetch_size,
                      "seconds": round(seconds, 1)}))
    return 0 if summary["status"] == "succeeded" else 1


# --------------------------------------------------------------------------------------------
# The parent: sampling the child's process tree
# --------------------------------------------------------------------------------------------


def _children_by_parent():
    out = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as handle:
                stat = handle.read()
        except OSError:  # gone meanwhile
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        out.setdefault(ppid, []).append(int(entry))
    return out


def _tree(root):
    """Every process under ``root`` (itself included), as (pid, parent pid)."""
    children, out, todo = _children_by_parent(), [], [(root, None)]
    while todo:
        pid, parent = todo.pop()
        out.append((pid, parent))
        todo.extend((child, pid) for child in children.get(pid, []))
    return out


def _status_kib(pid, fields):
    values = {}
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as handle:
            for line in handle:
                name, _, rest = line.partition(":")
                if name in fields:
                    values[name] = int(rest.split()[0])
    except OSError:
        return None
    return values


def _pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _kind(pid, parent_kind, parent_cmdline):
    """What a process of the job's tree is: the Spark JVM, PySpark's worker daemon (a Python the
    JVM starts) or one of its forked workers (a Python the daemon forks), or something else.

    "spawning": a child of the JVM that still has the JVM's command line is between the JVM's
    vfork (posix_spawn) and its exec. It shares the JVM's memory, and /proc shows that memory
    for both, so it must not be counted again."""
    cmdline = _cmdline(pid)
    if cmdline is None:
        return "other"
    if parent_kind == "jvm" and cmdline == parent_cmdline:
        return "spawning"
    argv = cmdline.split(b"\0")
    name = os.path.basename(argv[0]).decode(errors="replace") if argv and argv[0] else ""
    if name == "java":
        return "jvm"
    if name.startswith("python") and parent_kind == "jvm":
        return "python_daemon"
    if name.startswith("python") and parent_kind in ("python_daemon", "python_worker"):
        return "python_worker"
    return "other"


def _native_memory(pid):
    """``jcmd PID VM.native_memory summary`` as {category: committed MiB}, or None."""
    try:
        text = subprocess.run(["jcmd", str(pid), "VM.native_memory", "summary"], capture_output=True,
                              text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    out = {}
    for line in text.splitlines():
        line = line.strip().lstrip("-").strip()
        name, _, rest = line.partition("(")
        if "committed=" in rest and name.strip() and "reserved=" in rest:
            committed = rest.split("committed=")[1].split("KB")[0]
            if committed.isdigit():
                out[name.strip()] = round(int(committed) / 1024, 1)
    return out or None


def _live_heap_kib(pid):
    """The JVM's live heap in KiB: ``jcmd PID GC.class_histogram`` runs a full collection first and
    its ``Total`` line is the bytes of every object still reachable (JDK 17 jcmd, "GC.class_histogram:
    ... By default a full GC is performed" unless -all). None when the JVM cannot be asked."""
    try:
        text = subprocess.run(["jcmd", str(pid), "GC.class_histogram"], capture_output=True, text=True,
                              timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in reversed(text.splitlines()):
        parts = line.split()
        if len(parts) == 3 and parts[0] == "Total" and parts[2].isdigit():
            return int(parts[2]) // 1024
    return None


def run_parent(options):
    os.makedirs(options.work, exist_ok=True)
    # The Glue connection the job names (--ddbm_connection), served by the stand-in.
    connection = manifest_job(options.script)["default_arguments"]["--ddbm_connection"]
    with open(os.path.join(options.work, CONNECTION_FILE), "w", encoding="utf-8") as handle:
        entry = {"url": options.url, "user": options.user, "password_env": options.password_env}
        json.dump({"connections": {connection: entry}}, handle)
    env = dict(os.environ)
    # The driver JVM's heap (local mode: it is the executor too). PySpark passes these arguments
    # to spark-submit when it launches the JVM; the job's own settings are untouched.
    env["PYSPARK_SUBMIT_ARGS"] = f"--driver-memory {options.driver_memory} pyspark-shell"
    script_dir = os.path.dirname(os.path.abspath(options.script))
    env["PYTHONPATH"] = os.pathsep.join([RUNTIME_DIR, script_dir] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env["PYSPARK_PYTHON"] = env["PYSPARK_DRIVER_PYTHON"] = sys.executable
    if options.native_memory:
        # Diagnosis only (NMT costs some memory itself): the JVM's own account of where its
        # memory goes, read with jcmd whenever the JVM reaches a new peak.
        env["JAVA_TOOL_OPTIONS"] = (env.get("JAVA_TOOL_OPTIONS", "") + " -XX:NativeMemoryTracking=summary").strip()
    log_path = os.path.join(options.work, "job.log")
    command = [sys.executable, os.path.abspath(__file__), "--child", options.script, "--work", options.work,
               "--master", options.master]
    with open(log_path, "w", encoding="utf-8") as log:
        child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=log, text=True)
        peak_pss = peak_rss = peak_anon = 0
        hwm = {}          # pid -> (kind, largest VmHWM seen, KiB)
        samples = 0
        jvm_peak, native, native_at = 0, None, 0.0
        # The Spark JVM's live heap, every --live-interval seconds (a full collection each time:
        # what the job holds, whatever garbage a lazy collector leaves in the resident heap).
        live_peak, live_samples, live_at = 0, 0, time.monotonic()
        peak_parts = {}
        while child.poll() is None:
            pss_sum = rss_sum = anon_sum = 0
            kinds, pss_by_pid, cmdlines = {}, {}, {}
            for pid, parent in _tree(child.pid):
                # Asked again every sample: spark-submit's shell becomes the JVM by exec, same pid.
                kind = "driver_python" if pid == child.pid else _kind(pid, kinds.get(parent), cmdlines.get(parent))
                kinds[pid], cmdlines[pid] = kind, _cmdline(pid)
                status = _status_kib(pid, ("VmRSS", "VmHWM", "RssAnon"))
                if not status or kind == "spawning":
                    continue
                # The largest over samples, since an exec starts VmHWM afresh.
                hwm[pid] = (kind, max(hwm.get(pid, (kind, 0))[1], status.get("VmHWM", 0)))
                rss_sum += status.get("VmRSS", 0)
                anon_sum += status.get("RssAnon", 0)
                pss_by_pid[pid] = _pss_kib(pid) or status.get("VmRSS", 0)
                pss_sum += pss_by_pid[pid]
            if pss_sum > peak_pss:
                # What the peak is made of, by process kind: tells the JVM from a stray process.
                peak_parts = {}
                for pid, kind in kinds.items():
                    if pid in pss_by_pid:
                        peak_parts[kind] = peak_parts.get(kind, 0) + pss_by_pid[pid]
            peak_pss, peak_rss, peak_anon = max(peak_pss, pss_sum), max(peak_rss, rss_sum), max(peak_anon, anon_sum)
            jvms = [pid for pid, kind in kinds.items() if kind == "jvm" and pid in pss_by_pid]
            if jvms and time.monotonic() - live_at >= options.live_interval:
                live = _live_heap_kib(max(jvms, key=lambda pid: pss_by_pid[pid]))
                if live is not None:
                    live_peak, live_samples = max(live_peak, live), live_samples + 1
                live_at = time.monotonic()
            if options.native_memory and time.monotonic() - native_at > 2:
                for pid, kind in kinds.items():
                    rss = (_status_kib(pid, ("VmRSS",)) or {}).get("VmRSS", 0) if kind == "jvm" else 0
                    if rss > jvm_peak:
                        jvm_peak, native_at = rss, time.monotonic()
                        native = _native_memory(pid) or native
            samples += 1
            time.sleep(options.interval)
        output, _ = child.communicate()
    if child.returncode != 0:
        with open(log_path, encoding="utf-8", errors="replace") as handle:
            tail = handle.readlines()[-25:]
        print(f"job_memory: the job failed (exit {child.returncode}); last lines of {log_path}:", file=sys.stderr)
        sys.stderr.writelines(tail)
        if output.strip():
            print(output.strip(), file=sys.stderr)
        return 1
    job = json.loads(output.strip().splitlines()[-1])
    by_kind = {}
    for kind, value in hwm.values():
        entry = by_kind.setdefault(kind, {"processes": 0, "largest_hwm_mib": 0.0})
        entry["processes"] += 1
        entry["largest_hwm_mib"] = round(max(entry["largest_hwm_mib"], value / 1024), 1)
    extra = {"jvm_native_memory_mib": native} if options.native_memory else {}
    if live_samples == 0:
        print("job_memory: the JVM's live heap could not be read once (jcmd GC.class_histogram)", file=sys.stderr)
        return 1
    python_pss = sum(kib for kind, kib in peak_parts.items() if kind != "jvm")
    print(json.dumps({**extra, "rows": job["counters"]["read"], "peak_pss_mib": round(peak_pss / 1024, 1),
                      "peak_rss_mib": round(peak_rss / 1024, 1), "peak_anon_mib": round(peak_anon / 1024, 1),
                      "peak_pss_by_kind_mib": {kind: round(kib / 1024, 1) for kind, kib in sorted(peak_parts.items())},
                      "by_kind": by_kind, "samples": samples,
                      "jvm_live_heap_peak_mib": round(live_peak / 1024, 1), "live_samples": live_samples,
                      "retained_mib": round((live_peak + python_pss) / 1024, 1),
                      "driver_memory": options.driver_memory, "master": options.master, "job": job}))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("script", help="the generated job script (glue/<Table>.py, manifest.json one folder up)")
    parser.add_argument("--work", required=True, help="folder for the connections file, reports and the job's log")
    parser.add_argument("--url", help="jdbc:mysql://host:port/database of the seeded database")
    parser.add_argument("--user", help="MySQL user")
    parser.add_argument("--password-env", default="DDBM_BENCH_MYSQL_PWD",
                        help="environment variable holding the MySQL password (never on the command line)")
    parser.add_argument("--driver-memory", default="512m", help="Spark driver memory (default 512m)")
    parser.add_argument("--master", default="local[2]", help="Spark master (default local[2], as run_local)")
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between samples (default 0.1)")
    parser.add_argument("--live-interval", type=float, default=5.0,
                        help="seconds between reads of the JVM's live heap (a full collection each; default 5)")
    parser.add_argument("--native-memory", action="store_true",
                        help="diagnosis: also report the JVM's native memory tracking summary at its peak")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        return run_child(options)
    if not options.url or not options.user:
        parser.error("--url and --user are required")
    if options.password_env not in os.environ:
        parser.error(f"${options.password_env} is not set")
    return run_parent(options)


if __name__ == "__main__":
    sys.exit(main())
