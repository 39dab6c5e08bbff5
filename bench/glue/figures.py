"""The Glue job's figures of ``make bench``: memory at two row counts, writer throughput.

    python bench/glue/figures.py memory RUN.json... [--table NAME]
    python bench/glue/figures.py loader --summary-dir DIR --wall-start T0 --wall-end T1 \
        --loader LOADER.json --expected N

``memory`` takes outputs of ``job_memory.py`` (the same job over exactly two row counts, one or
more runs each) and prints each run, the median peak per row count and the larger count's median
over the smaller's, against its target. Several runs per count, because the JVM grows its heap
by how much time it spends collecting, which other work on a shared machine changes. ``loader`` takes the
run-local job's summary and ``boto3_loader.py``'s output and prints both rates and their ratio.
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


def verdict(passed):
    return "PASS" if passed else "MISS"


def describe_memory(run):
    parts = run.get("peak_pss_by_kind_mib", {})
    workers = run["by_kind"].get("python_worker", {"processes": 0})["processes"]
    names = (("jvm", "JVM"), ("driver_python", "driver Python"), ("python_daemon", "worker daemon"),
             ("python_worker", f"{workers} worker(s)"), ("other", "other"))
    made_of = ", ".join(f"{label} {parts[kind]:.0f}" for kind, label in names if parts.get(kind))
    return (f"{run['rows']:,} rows: peak {run['peak_pss_mib']:.0f} MiB PSS ({made_of}; "
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
    peaks = {}
    for count in counts:
        group = [run for run in runs if run["rows"] == count]
        for run in group:
            print("  " + describe_memory(run))
        peaks[count] = median([run["peak_pss_mib"] for run in group])
        if len(group) > 1:
            print(f"  {count:,} rows: median peak {peaks[count]:.0f} MiB PSS of {len(group)} runs")
    small, large = counts
    ratio = peaks[large] / peaks[small]
    print(f"job memory {large:,} / {small:,} rows: {ratio:.2f} "
          f"(target <= {MEMORY_RATIO_LIMIT}) {verdict(ratio <= MEMORY_RATIO_LIMIT)}")


def loader(options):
    summaries = sorted(glob.glob(options.summary_dir + "/*.json"))
    if not summaries:
        sys.exit(f"bench: no run summary under {options.summary_dir}")
    with open(summaries[-1], encoding="utf-8") as handle:
        summary = json.load(handle)
    with open(options.loader, encoding="utf-8") as handle:
        plain = json.load(handle)
    counters = summary["counters"]
    if summary["status"] != "succeeded" or counters["written"] != options.expected or plain["items"] != options.expected:
        sys.exit(f"bench: loader comparison invalid: job {summary['status']} {counters}, "
                 f"boto3 loader {plain['items']} items")

    def timestamp(text):
        return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).timestamp()

    # The summary's run window has whole seconds; at least 1 s so a tiny run cannot divide by 0.
    job_seconds = max(1.0, timestamp(summary["finished_at"]) - timestamp(summary["started_at"]))
    wall_seconds = options.wall_end - options.wall_start
    job_rate = counters["written"] / job_seconds
    ratio = job_rate / plain["items_per_second"]
    print(f"run-local: {counters['written']} items in {job_seconds:.0f} s job window ({job_rate:.0f} items/s; "
          f"{wall_seconds:.1f} s wall clock with Spark start: {counters['written'] / wall_seconds:.0f} items/s)")
    print(f"boto3 loader ({plain['threads']} threads): {plain['items']} items in {plain['seconds']:.1f} s "
          f"({plain['items_per_second']:.0f} items/s)")
    print(f"run-local / boto3 loader: {ratio:.2f} (target >= {LOADER_RATIO_LIMIT}) {verdict(ratio >= LOADER_RATIO_LIMIT)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    mem = commands.add_parser("memory", help="peak memory at two row counts")
    mem.add_argument("runs", nargs="+", help="job_memory.py outputs")
    mem.add_argument("--table", help="the DynamoDB table the job writes (for the heading)")
    load = commands.add_parser("loader", help="run-local items/s over the boto3 loader's")
    load.add_argument("--summary-dir", required=True, help="the run's reports/<Table> folder")
    load.add_argument("--wall-start", type=float, required=True)
    load.add_argument("--wall-end", type=float, required=True)
    load.add_argument("--loader", required=True, help="boto3_loader.py's JSON output, in a file")
    load.add_argument("--expected", type=int, required=True, help="items both must have written")
    options = parser.parse_args(argv)
    (memory if options.command == "memory" else loader)(options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
