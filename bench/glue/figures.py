"""The Glue job's figures of ``make bench``: memory at two row counts, writer throughput, and
``validate``'s throughput against its floor.

    python bench/glue/figures.py memory RUN.json... [--table NAME]
    python bench/glue/figures.py loader --round DIR LOADER.json T0 T1 [--round ...] --expected N
    python bench/glue/figures.py validate --expected N --validate DOC.json... --timings TIME... \
        --floor FLOOR.json...

``memory`` takes outputs of ``job_memory.py`` (the same job over exactly two row counts, one or
more runs each) and prints each run, the median peak per row count and the larger count's median
over the smaller's, against its target. Several runs per count, because the JVM grows its heap
by how much time it spends collecting, which other work on a shared machine changes. ``loader`` takes rounds of the
run-local job's summary and ``boto3_loader.py``'s output and prints both rates, their ratio per
round and the median ratio.
``validate`` takes validate's documents (``--format json``), GNU time's ``%e %U %S %M`` of each
run and ``validate_bench.py floor``'s outputs, checks every document is a clean pass of every
expected item, and prints validate's median items/s, the floor's median seconds and their ratio.
Exit status 0 (a missed target is reported, not failed), 1 when the inputs make the figure
meaningless (a failed job, missing items).
"""

import argparse
import datetime
import glob
import json
import sys

#: Peak memory of the larger run over the smaller one's (three times the rows): flat.
MEMORY_RATIO_LIMIT = 1.2
#: run-local's items/s over the plain boto3 loader's on the same endpoint.
LOADER_RATIO_LIMIT = 0.9
#: validate's seconds over the floor's (a plain view read plus a plain parallel key scan).
VALIDATE_RATIO_LIMIT = 1.5


def verdict(passed):
    return "PASS" if passed else "MISS"


def describe_memory(run):
    parts = run.get("peak_pss_by_kind_mib", {})
    workers = run["by_kind"].get("python_worker", {"processes": 0})["processes"]
    names = (("jvm", "JVM"), ("driver_python", "driver Python"), ("python_daemon", "worker daemon"),
             ("python_worker", f"{workers} worker(s)"), ("other", "other"))
    made_of = ", ".join(f"{label} {parts[kind]:.0f}" for kind, label in names if parts.get(kind))
    return (f"{run['rows']:,} rows: retained {run['retained_mib']:.0f} MiB (JVM live heap "
            f"{run['jvm_live_heap_peak_mib']:.0f} + Python); peak {run['peak_pss_mib']:.0f} MiB PSS ({made_of}; "
            f"{run['peak_rss_mib']:.0f} MiB RSS); job {run['job']['seconds']:.0f} s")


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def memory(options):
    runs = []
    for path in options.runs:
        with open(path, encoding="utf-8") as handle:
            runs.append(json.load(handle))
    for run in runs:
        if run["job"]["status"] != "succeeded" or run["job"]["counters"]["written"] != run["rows"]:
            sys.exit(f"bench: memory figure invalid: job {run['job']}")
    counts = sorted({run["rows"] for run in runs})
    if len(counts) != 2:
        sys.exit(f"bench: memory figure needs runs at exactly two row counts, got {counts}")
    first = runs[0]
    print(f"job memory ({options.table or 'job'}, {first['master']}, driver memory {first['driver_memory']}, "
          f"P={first['job']['partitions']}, fetch size {first['job']['fetch_size']}, writes accepted in-process):")
    retained, peaks = {}, {}
    for count in counts:
        group = [run for run in runs if run["rows"] == count]
        for run in group:
            print("  " + describe_memory(run))
        retained[count] = median([run["retained_mib"] for run in group])
        peaks[count] = median([run["peak_pss_mib"] for run in group])
        if len(group) > 1:
            print(f"  {count:,} rows: median retained {retained[count]:.0f} MiB, median peak {peaks[count]:.0f} MiB PSS "
                  f"of {len(group)} runs")
    small, large = counts
    # The resident figure grows with allocation up to the driver memory whatever the job holds
    # (bench/README.md, section 3): shown, untargeted. The target is on what the job retains.
    print(f"job memory, peak PSS {large:,} / {small:,} rows: {peaks[large] / peaks[small]:.2f} (untargeted: "
          f"bounded by the driver memory {first['driver_memory']})")
    ratio = retained[large] / retained[small]
    print(f"job memory, retained {large:,} / {small:,} rows: {ratio:.2f} "
          f"(target <= {MEMORY_RATIO_LIMIT}) {verdict(ratio <= MEMORY_RATIO_LIMIT)}")


def _timestamp(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).timestamp()


def loader_round(summary_dir, loader_path, wall_start, wall_end, server_cpu_start, server_cpu_end, order, expected):
    """One round: the job's run summary under ``summary_dir`` and the boto3 loader's output, as a
    dict: ``job_rate`` (items/s over the job's run window), ``wall_rate`` (over the run-local
    command's wall clock), ``loader_rate``, ``loader`` (its document), ``window`` and ``wall``
    (seconds), ``written``, ``order`` (``job-first`` or ``loader-first``) and ``job_server_cpu``
    (the endpoint's CPU seconds over the whole run-local command, Spark's start included, which
    sends it nothing). Exits when either did not write ``expected`` items."""
    summaries = sorted(glob.glob(summary_dir + "/*.json"))
    if not summaries:
        sys.exit(f"bench: no run summary under {summary_dir}")
    with open(summaries[-1], encoding="utf-8") as handle:
        summary = json.load(handle)
    with open(loader_path, encoding="utf-8") as handle:
        plain = json.load(handle)
    counters = summary["counters"]
    if summary["status"] != "succeeded" or counters["written"] != expected or plain["items"] != expected:
        sys.exit(f"bench: loader comparison invalid ({summary_dir}): job {summary['status']} {counters}, "
                 f"boto3 loader {plain['items']} items")
    # The summary's run window has whole seconds; at least 1 s so a tiny run cannot divide by 0.
    window = max(1.0, _timestamp(summary["finished_at"]) - _timestamp(summary["started_at"]))
    if order not in ("job-first", "loader-first"):
        sys.exit(f"bench: a round's order is job-first or loader-first, not {order!r}")
    return {"job_rate": counters["written"] / window, "wall_rate": counters["written"] / (wall_end - wall_start),
            "loader_rate": plain["items_per_second"], "loader": plain, "window": window,
            "wall": wall_end - wall_start, "written": counters["written"], "order": order,
            "job_server_cpu": server_cpu_end - server_cpu_start}


def _per_put(cpu_seconds, items):
    """The endpoint's CPU per put in ms, or "?" when it was not measured."""
    return "?" if cpu_seconds is None else f"{1000 * cpu_seconds / items:.2f}"


def loader(options):
    """Prints every round's rates and ratio, then the median of the rounds' ratios against the
    target. Each round pairs a job run with a loader run beside it on the same server (the order
    alternating between rounds), so a ratio compares the two under the same load; moto's own
    pace moves by 10-20 % from one run to the next here, which one round alone cannot tell from
    the job's. The endpoint's CPU per put of each side says which it was: a drift shows in both,
    a costlier request in one."""
    rounds = [loader_round(directory, path, float(start), float(end), float(cpu_start), float(cpu_end), order,
                           options.expected)
              for directory, path, start, end, cpu_start, cpu_end, order in options.round]
    ratios = []
    for number, r in enumerate(rounds, 1):
        ratio = r["job_rate"] / r["loader_rate"]
        ratios.append(ratio)
        print(f"round {number}: run-local {r['written']} items in {r['window']:.0f} s job window "
              f"({r['job_rate']:.0f} items/s; {r['wall']:.1f} s wall clock with Spark start: {r['wall_rate']:.0f} items/s); "
              f"boto3 loader ({r['loader']['threads']} threads) {r['loader']['seconds']:.1f} s "
              f"({r['loader_rate']:.0f} items/s); ratio {ratio:.2f}; {r['order']}; moto CPU per put: "
              f"job {_per_put(r['job_server_cpu'], r['written'])} ms, "
              f"loader {_per_put(r['loader'].get('server_cpu_seconds'), r['loader']['items'])} ms")
    ratio = median(ratios)
    print(f"run-local / boto3 loader, median of {len(ratios)} round(s): {ratio:.2f} (target >= {LOADER_RATIO_LIMIT}) "
          f"{verdict(ratio >= LOADER_RATIO_LIMIT)}")


def validate(options):
    if not (len(options.validate) == len(options.timings) == len(options.floor) > 0):
        sys.exit("bench: validate figure needs one document, timing and floor per run")
    n = options.expected
    seconds, cpu, rss_kib = [], [], []
    for doc_path, time_path in zip(options.validate, options.timings):
        with open(doc_path, encoding="utf-8") as handle:
            doc = json.load(handle)
        # A figure over a validation that did not prove every item would time something else.
        [table] = doc["tables"]
        counts = (table["expected_items"], table["items"], table["matched"])
        if not doc["passed"] or table["score"] != 100 or counts != (n, n, n) or not table["accounting"]["balanced"]:
            sys.exit(f"bench: validate figure invalid ({doc_path}): passed {doc['passed']}, score {table['score']}, "
                     f"expected/items/matched {counts} (want {n} each), accounting {table['accounting']}")
        with open(time_path, encoding="utf-8") as handle:
            # GNU time's format line is the file's last (a failed command would add a note before it).
            wall, user, system, peak = handle.read().strip().splitlines()[-1].split()
        seconds.append(float(wall))
        cpu.append(float(user) + float(system))
        rss_kib.append(int(peak))
    floors = []
    for path in options.floor:
        with open(path, encoding="utf-8") as handle:
            floors.append(json.load(handle))
        if floors[-1]["rows"] != n or floors[-1]["keys"] != n:
            sys.exit(f"bench: validate floor invalid ({path}): {floors[-1]['rows']} rows, {floors[-1]['keys']} keys, want {n}")
    sample = table["sample"]["size"]
    for i, (s, c, f) in enumerate(zip(seconds, cpu, floors), 1):
        # CPU time is printed because validate mostly waits on the endpoint: CPU near the wall
        # clock means it spun while waiting, taking a core from the endpoint on a shared machine.
        print(f"  run {i}: validate {s:.1f} s ({n / s:,.0f} items/s, {c:.1f} s CPU); floor {f['seconds']:.1f} s "
              f"(view read {f['read_seconds']:.1f} s + key scan {f['scan_seconds']:.1f} s, {f['segments']} segment(s))")
    v, fl = median(seconds), median([f["seconds"] for f in floors])
    print(f"validate ({n:,} items, sample {sample:,}): {v:.1f} s, {n / v:,.0f} items/s; "
          f"peak RSS {max(rss_kib) / 1024:.0f} MiB")
    print(f"validate floor (view read + key scan, {floors[0]['segments']} segment(s)): {fl:.1f} s "
          f"(read {median([f['read_seconds'] for f in floors]):.1f} s, scan {median([f['scan_seconds'] for f in floors]):.1f} s)")
    ratio = v / fl
    print(f"validate / floor: {ratio:.2f} (target <= {VALIDATE_RATIO_LIMIT}) {verdict(ratio <= VALIDATE_RATIO_LIMIT)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    mem = commands.add_parser("memory", help="peak memory at two row counts")
    mem.add_argument("runs", nargs="+", help="job_memory.py outputs")
    mem.add_argument("--table", help="the DynamoDB table the job writes (for the heading)")
    load = commands.add_parser("loader", help="run-local items/s over the boto3 loader's")
    load.add_argument("--round", nargs=7, action="append", required=True,
                      metavar=("SUMMARY_DIR", "LOADER_JSON", "WALL_START", "WALL_END", "SERVER_CPU_START",
                               "SERVER_CPU_END", "ORDER"),
                      help="one round (repeatable): the run's reports/<Table> folder, boto3_loader.py's JSON "
                           "output in a file, the run-local command's start and end (seconds since the epoch), "
                           "the endpoint's CPU seconds at its start and end, and job-first or loader-first")
    load.add_argument("--expected", type=int, required=True, help="items both must have written")
    val = commands.add_parser("validate", help="validate's items/s over its floor")
    val.add_argument("--expected", type=int, required=True, help="items of the table (rows of the view)")
    val.add_argument("--validate", nargs="+", required=True, help="validate's JSON documents, one per run")
    val.add_argument("--timings", nargs="+", required=True, help="GNU time -f '%%e %%U %%S %%M' outputs, one per run")
    val.add_argument("--floor", nargs="+", required=True, help="validate_bench.py floor outputs, one per run")
    options = parser.parse_args(argv)
    {"memory": memory, "loader": loader, "validate": validate}[options.command](options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
