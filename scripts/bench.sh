#!/usr/bin/env bash
# make bench: how the generated Glue jobs read their views at scale, the job's memory and write
# throughput, and generate speed.
#
#   scripts/bench.sh
#
# Builds ddb-migrate and ddbm-bench (release), starts a private MariaDB (scripts/mariadb-harness.sh,
# stopped again on exit), seeds the shop schema at scale (bench/seed/shop-at-scale.sql: 1M
# order_items), generates the modernizer contract with `ddb-migrate generate`, applies its views,
# and runs `ddbm-bench run`, which reads every source of every job spec the way the job's Spark
# readers do and prints one table of timings and PASS/MISS per target; then checks that its range
# split is Spark's own (bench/glue/spark_ranges_check.py), measures the job's peak memory at two
# row counts and its write throughput against a plain boto3 loader. bench/README.md says what
# each figure means.
#
# Environment:
#   DDBM_BENCH_RUNS        timed runs per measurement after one warm-up (default 3; median reported)
#   DDBM_BENCH_TABLES      tables of the synthetic contract timed with generate (default 1000)
#   DDBM_BENCH_LOAD_ITEMS  items written by run-local and the boto3 loader (default 20000)
#   DDBM_BENCH_DIR         work directory (default: a fresh mktemp -d, removed on exit)
#   DDBM_PYTHON            Python with PySpark, boto3 and moto (default .venv/bin/python)
#
# Exit status: 0 when every measurement ran (also when targets are missed: this is a report),
# non-zero when something failed (build, seed, SQL error, a reference or the job's reads returning
# different rows than the table view, a range split that is not Spark's).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=${DDBM_BENCH_RUNS:-3}
tables=${DDBM_BENCH_TABLES:-1000}
contract=contracts/modernizer/contract.json
schema_sql=contracts/modernizer/schema.sql
seed_sql=bench/seed/shop-at-scale.sql

say() { echo "bench: $*" >&2; }

say "building ddb-migrate and ddbm-bench (release)"
swift build -c release --product ddb-migrate >&2
swift build -c release --product ddbm-bench >&2
bin=$(swift build -c release --show-bin-path)
cli="$bin/ddb-migrate"
bench="$bin/ddbm-bench"

if [ -n "${DDBM_BENCH_DIR:-}" ]; then
    work=$DDBM_BENCH_DIR
    mkdir -p "$work"
    own_work=0
else
    # Short path: the harness puts a Unix socket under it.
    work=$(mktemp -d /tmp/ddbm-bench.XXXXXX)
    own_work=1
fi
db_dir="$work/mariadb"

cleanup() {
    "$root/scripts/mariadb-harness.sh" stop "$db_dir" || true
    if [ "$own_work" = 1 ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

say "starting a private MariaDB under $db_dir"
"$root/scripts/mariadb-harness.sh" start "$db_dir"
# shellcheck disable=SC1091
. "$db_dir/env"
client_bin=$(command -v mariadb || command -v mysql)
sql() { "$client_bin" --no-defaults --protocol=socket --socket="$DDBM_TEST_MYSQL_SOCKET" -uroot "$@"; }

# The harness starts with a 64 MB buffer pool (enough for tests); the seeded shop is ~400 MB.
# Timings of a warm read must not measure disk reads, so give it room (dynamic since 10.2).
sql -e "SET GLOBAL innodb_buffer_pool_size = 1024 * 1024 * 1024"
sql -e "DROP DATABASE IF EXISTS shop; CREATE DATABASE shop CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
url="${DDBM_TEST_MYSQL_URL%/*}/shop"

say "seeding the shop at scale ($seed_sql)"
sql shop <"$schema_sql"
seed_start=$(date +%s.%N)
sql shop <"$seed_sql" >/dev/null
seed_end=$(date +%s.%N)
seed_seconds=$(awk -v a="$seed_start" -v b="$seed_end" 'BEGIN { printf "%.1f", b - a }')
say "seeded in ${seed_seconds} s"

say "generating $contract and applying its views"
"$cli" introspect --mysql "$url" --out "$work/schema.json" >&2
"$cli" generate "$contract" --schema "$work/schema.json" --dialect mariadb --out "$work/generated" >&2
"$cli" apply-views "$work/generated" --mysql "$url" >&2

"$bench" synth-contract --tables "$tables" --out "$work/synthetic-contract.json"

say "measuring (median of $runs runs after one warm-up)"
echo "seed: $seed_seconds s (target < 120 s)"
# The sources, their bounds columns and P come from the generated job specs and manifest.
"$bench" run --mysql "$url" --generated "$work/generated" --reference bench/reference --runs "$runs" \
    --ranges-out "$work/spark-ranges.txt" \
    --generator "$cli" --generator-subcommand generate \
    --synthetic-contract "$work/synthetic-contract.json" --synthetic-tables "$tables" \
    --scratch "$work"

py=${DDBM_PYTHON:-$root/.venv/bin/python}
jdbc_jar="$root/.work/jdbc/mysql-connector-shim.jar"
[ -f "$jdbc_jar" ] || { say "no $jdbc_jar: run scripts/install-deps.sh"; exit 1; }

# The range figures are only the job's if the split is Spark's: hold ddbm-bench's port against
# the local PySpark's JDBCRelation.columnPartition, for this run's bounds and edge cases.
say "checking the range split against Spark's own"
if ! "$py" bench/glue/spark_ranges_check.py --bench "$bench" --jdbc-jar "$jdbc_jar" \
        --cases-file "$work/spark-ranges.txt" 2>"$work/spark-ranges.log"; then
    tail -20 "$work/spark-ranges.log" >&2
    exit 1
fi

# --- Loader throughput: run-local against a plain parallel boto3 loader -----------------------
# Items per second of `ddb-migrate run-local` (the generated Glue job on local PySpark) writing
# into a local moto server, over items per second of bench/glue/boto3_loader.py writing the same
# items to the same server, no ceiling set. Target >= 0.9 (moto sustains ~500-600 puts/s
# whatever the client's thread count, so this compares each against the endpoint's ceiling).
# The job's rate is taken over its own run window (summary started_at..finished_at: MySQL read,
# conversion, writes; not the JVM start); the wall clock of the whole command is printed too.
load_items=${DDBM_BENCH_LOAD_ITEMS:-20000}
moto_dir="$work/moto"
cleanup_all() {
    "$root/scripts/moto-harness.sh" stop "$moto_dir" >/dev/null 2>&1 || true
    cleanup
}
trap cleanup_all EXIT
say "loader throughput: $load_items items, run-local vs bench/glue/boto3_loader.py (moto)"
DDBM_PYTHON="$py" "$root/scripts/moto-harness.sh" start "$moto_dir" >&2
# shellcheck disable=SC1091
. "$moto_dir/env"
sql -e "DROP DATABASE IF EXISTS glue_bench; CREATE DATABASE glue_bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
sql glue_bench <tests/python/e2e_cases/bulk/schema.sql
sql glue_bench -e "SET time_zone = '+00:00'; INSERT INTO events (id, name, amount, created_at)
    SELECT seq, CONCAT('event-', seq), seq * 1.25, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq MINUTE
    FROM seq_1_to_$load_items"
glue_url="${DDBM_TEST_MYSQL_URL%/*}/glue_bench"
"$cli" introspect --mysql "$glue_url" --out "$work/glue-schema.json" >&2
"$cli" generate bench/glue/contract.json --schema "$work/glue-schema.json" --dialect mariadb --out "$work/glue-out" >&2
"$cli" apply-views "$work/glue-out" --mysql "$glue_url" >&2
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
wall_start=$(date +%s.%N)
DDBM_PYTHON="$py" "$cli" run-local "$work/glue-out" --mysql "$glue_url" --dynamodb-endpoint "$DDBM_TEST_AWS_ENDPOINT" \
    --create-tables --work "$work/glue-run" >&2
wall_end=$(date +%s.%N)
loader=$("$py" bench/glue/boto3_loader.py --endpoint "$DDBM_TEST_AWS_ENDPOINT" \
    --source-table BenchEvents --target-table BenchEventsPlain --threads 16)
"$py" - "$work/glue-run/BenchEvents/reports/BenchEvents" "$wall_start" "$wall_end" "$loader" "$load_items" <<'PY'
import datetime, glob, json, sys
folder, wall_start, wall_end, loader, expected = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), json.loads(sys.argv[4]), int(sys.argv[5])
summary = json.load(open(sorted(glob.glob(folder + "/*.json"))[-1]))
c = summary["counters"]
if summary["status"] != "succeeded" or c["written"] != expected or loader["items"] != expected:
    sys.exit(f"bench: loader comparison invalid: job {summary['status']} {c}, boto3 loader {loader['items']} items")
ts = lambda s: datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").timestamp()
job_seconds = max(1.0, ts(summary["finished_at"]) - ts(summary["started_at"]))
job_rate = c["written"] / job_seconds
wall_rate = c["written"] / (wall_end - wall_start)
ratio = job_rate / loader["items_per_second"]
print(f"run-local: {c['written']} items in {job_seconds:.0f} s job window ({job_rate:.0f} items/s; "
      f"{wall_end - wall_start:.1f} s wall clock with Spark start: {wall_rate:.0f} items/s)")
print(f"boto3 loader ({loader['threads']} threads): {loader['items']} items in {loader['seconds']:.1f} s ({loader['items_per_second']:.0f} items/s)")
target = 0.9
print(f"run-local / boto3 loader: {ratio:.2f} (target >= {target}) {'PASS' if ratio >= target else 'MISS'}")
PY
