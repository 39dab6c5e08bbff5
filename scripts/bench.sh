#!/usr/bin/env bash
# make bench: how the generated Glue jobs read their views at scale, the job's memory and write
# throughput, validate's speed and memory, and the compiler's speed and memory.
#
#   scripts/bench.sh
#   DDBM_BENCH_ONLY=compiler scripts/bench.sh    # only the compiler figures (no database, ~1 min)
#   DDBM_BENCH_ONLY=loader scripts/bench.sh      # only run-local vs the boto3 loader (~3 min a round)
#   DDBM_BENCH_ONLY=reads scripts/bench.sh       # only the view reads (seed, generate, apply-views,
#                                                # ddbm-bench run, the range check; ~5 min)
#
# Builds ddb-migrate and ddbm-bench (release), starts a private MariaDB (scripts/mariadb-harness.sh,
# stopped again on exit), seeds the shop schema at scale (bench/seed/shop-at-scale.sql: 1M
# order_items), generates the modernizer contract with `ddb-migrate generate`, applies its views,
# and runs `ddbm-bench run`, which reads every source of every job spec the way the job's Spark
# readers do and prints one table of timings and PASS/MISS per target; then checks that its range
# split is Spark's own (bench/glue/spark_ranges_check.py), measures the job's peak memory at two
# row counts and its write throughput against a plain boto3 loader, validate's key
# reconciliation's peak memory at two key counts, and validate's throughput against a plain view
# read plus key scan. bench/README.md says what each figure means.
#
# Environment:
#   DDBM_BENCH_RUNS        timed runs per measurement after one warm-up (default 3; median reported)
#   DDBM_BENCH_ONLY        "compiler": build, write the synthetic contract and time check and
#                          generate (ddbm-bench compiler), nothing else; "loader": build ddb-migrate,
#                          start MariaDB and moto, and measure run-local's write throughput against
#                          the boto3 loader (bench/README.md, section 4), nothing else; "reads":
#                          build, seed the shop, generate and apply its views, ddbm-bench run and
#                          the range check, nothing else
#   DDBM_BENCH_TABLES      tables of the synthetic contract timed with check and generate (default 1000)
#   DDBM_BENCH_LOAD_ITEMS  items written by run-local and the boto3 loader (default 20000)
#   DDBM_BENCH_MEMORY_SMALL, DDBM_BENCH_MEMORY_LARGE
#                          row counts of the job memory figure (default 150000 and 450000)
#   DDBM_BENCH_MEMORY_DRIVER  Spark driver memory of the job memory figure (default 512m)
#   DDBM_BENCH_KEYS_SMALL, DDBM_BENCH_KEYS_LARGE
#                          key counts of the key reconciliation figure (default 100000 and 1000000)
#   DDBM_BENCH_VALIDATE_ITEMS  items of the validate throughput figure (default 100000)
#   DDBM_BENCH_DIR         work directory (default: a fresh mktemp -d, removed on exit)
#   DDBM_PYTHON            Python with PySpark, boto3 and moto (default .venv/bin/python)
#
# Exit status: 0 when every measurement ran (also when targets are missed: this is a report),
# non-zero when something failed (build, seed, SQL error, a reference or the job's reads returning
# different rows than the table view, a range split that is not Spark's, a key reconciliation
# that does not find exactly the planted discrepancies, a validate of the clean bench table that
# does not pass with every item matched).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=${DDBM_BENCH_RUNS:-3}
tables=${DDBM_BENCH_TABLES:-1000}
contract=contracts/modernizer/contract.json
schema_sql=contracts/modernizer/schema.sql
seed_sql=bench/seed/shop-at-scale.sql

say() { echo "bench: $*" >&2; }
only=${DDBM_BENCH_ONLY:-}
case "$only" in
    ""|compiler|loader|reads) ;;
    *) say "DDBM_BENCH_ONLY=${only}: the parts that run alone are 'compiler', 'loader' and 'reads'"; exit 2 ;;
esac

if [ "$only" = loader ]; then
    say "building ddb-migrate (release)"
else
    say "building ddb-migrate and ddbm-bench (release)"
    swift build -c release --product ddbm-bench >&2
fi
swift build -c release --product ddb-migrate >&2
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
trap 'if [ "$own_work" = 1 ]; then rm -rf "$work"; fi' EXIT

# The compiler's figures (issue 8): check and generate of the synthetic contract as processes
# (median wall and CPU after a warm-up, check's peak RSS over the contract's size), with the
# in-process phase breakdown. Needs no database, so it runs first and alone with
# DDBM_BENCH_ONLY=compiler.
if [ "$only" != loader ] && [ "$only" != reads ]; then
    "$bench" synth-contract --tables "$tables" --out "$work/synthetic-contract.json"
    say "compiler: check and generate of the $tables-table synthetic contract, $runs timed run(s) each"
    "$bench" compiler --contract "$work/synthetic-contract.json" --cli "$cli" --runs "$runs" --scratch "$work"
fi
if [ "$only" = compiler ]; then exit 0; fi

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

py=${DDBM_PYTHON:-$root/.venv/bin/python}
jdbc_jar="$root/.work/jdbc/mysql-connector-shim.jar"
[ -f "$jdbc_jar" ] || { say "no $jdbc_jar: run scripts/install-deps.sh"; exit 1; }

# DDBM_BENCH_ONLY=loader needs none of the shop: on to the Glue job's figures.
if [ "$only" != loader ]; then
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

say "measuring (median of $runs runs after one warm-up)"
echo "seed: $seed_seconds s (target < 120 s)"
# The sources, their bounds columns and P come from the generated job specs and manifest.
"$bench" run --mysql "$url" --generated "$work/generated" --reference bench/reference --runs "$runs" \
    --ranges-out "$work/spark-ranges.txt"

# The range figures are only the job's if the split is Spark's: hold ddbm-bench's port against
# the local PySpark's JDBCRelation.columnPartition, for this run's bounds and edge cases.
say "checking the range split against Spark's own"
if ! "$py" bench/glue/spark_ranges_check.py --bench "$bench" --jdbc-jar "$jdbc_jar" \
        --cases-file "$work/spark-ranges.txt" 2>"$work/spark-ranges.log"; then
    tail -20 "$work/spark-ranges.log" >&2
    exit 1
fi
# The view reads alone (DDBM_BENCH_ONLY=reads): the seeded shop's figures and the split check.
if [ "$only" = reads ]; then exit 0; fi
fi  # not DDBM_BENCH_ONLY=loader

# --- The Glue job itself: peak memory at two row counts, write throughput --------------------
# Both run bench/glue/contract.json (one table, BenchEvents, from the events table of
# tests/python/e2e_cases/bulk) through the generated job on local PySpark with the Glue stand-in.
glue_moto_dir="$work/moto"
cleanup_all() {
    "$root/scripts/moto-harness.sh" stop "$glue_moto_dir" >/dev/null 2>&1 || true
    cleanup
}
trap cleanup_all EXIT
mysql_base="${DDBM_TEST_MYSQL_URL%/*}"                    # mysql://user:pw@127.0.0.1:port
mysql_user=$(echo "$mysql_base" | sed -E 's|^mysql://([^:@]+).*|\1|')
mysql_port=$(echo "$mysql_base" | sed -E 's|.*:([0-9]+)$|\1|')
export DDBM_BENCH_MYSQL_PWD
DDBM_BENCH_MYSQL_PWD=$(echo "$mysql_base" | sed -E 's|^mysql://[^:]+:([^@]*)@.*|\1|')

# events_db NAME ROWS: a database whose events table has ROWS rows (set-based, ~1 s per 100k).
events_db() {
    sql -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1 CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    sql "$1" <tests/python/e2e_cases/bulk/schema.sql
    sql "$1" -e "SET time_zone = '+00:00'; INSERT INTO events (id, name, amount, created_at)
        SELECT seq, CONCAT('event-', seq), seq * 1.25, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq MINUTE
        FROM seq_1_to_$2"
}

load_items=${DDBM_BENCH_LOAD_ITEMS:-20000}
memory_small=${DDBM_BENCH_MEMORY_SMALL:-150000}
memory_large=${DDBM_BENCH_MEMORY_LARGE:-450000}
memory_driver=${DDBM_BENCH_MEMORY_DRIVER:-512m}
glue_dbs=(glue_bench)
events_db glue_bench "$load_items"
if [ "$only" != loader ]; then
    events_db glue_mem_small "$memory_small"
    events_db glue_mem_large "$memory_large"
    glue_dbs+=(glue_mem_small glue_mem_large)
fi
glue_url="$mysql_base/glue_bench"
"$cli" introspect --mysql "$glue_url" --out "$work/glue-schema.json" >&2
"$cli" generate bench/glue/contract.json --schema "$work/glue-schema.json" --dialect mariadb --out "$work/glue-out" >&2
for db in "${glue_dbs[@]}"; do "$cli" apply-views "$work/glue-out" --mysql "$mysql_base/$db" >&2; done

# Peak memory of the job's read path (bench/glue/job_memory.py: the job's own run_job, Spark
# local[2] with a fixed small driver memory, writes accepted in-process), summed over its process
# tree, at two row counts, DDBM_BENCH_RUNS runs each. Target: the larger count's median peak
# <= 1.2 x the smaller's (flat).
if [ "$only" != loader ]; then
say "job memory: BenchEvents at $memory_small and $memory_large rows (driver memory $memory_driver), $runs run(s) each"
memory_runs=()
for run in $(seq "$runs"); do
    for size in small large; do                          # interleaved, like the timed rounds
        out="$work/memory-$size-$run.json"
        if ! "$py" bench/glue/job_memory.py "$work/glue-out/glue/BenchEvents.py" \
                --url "jdbc:mysql://127.0.0.1:$mysql_port/glue_mem_$size" --user "$mysql_user" \
                --password-env DDBM_BENCH_MYSQL_PWD --driver-memory "$memory_driver" \
                --work "$work/memory-$size-$run" >"$out"; then
            say "the job failed in the memory measurement ($size rows, run $run)"; exit 1
        fi
        memory_runs+=("$out")
    done
done
"$py" bench/glue/figures.py memory "${memory_runs[@]}" --table BenchEvents
fi

# Items per second of `ddb-migrate run-local` (the generated Glue job on local PySpark) writing
# into a local moto server, over items per second of bench/glue/boto3_loader.py writing the same
# items to the same server, no ceiling set; DDBM_BENCH_RUNS rounds, each into empty tables, and
# the median of the rounds' ratios. Target >= 0.9 (moto is CPU-bound here, so this compares each
# against the endpoint's ceiling, which moves by 10-20 % between runs). The order alternates: odd
# rounds run the job first, even rounds the loader first, from the items the first round's job
# wrote (kept by the loader in loader-items.json), so neither always meets the server's later
# pace. Each side's moto CPU per put is printed beside its rate: a drift of the server's pace
# shows in both, a costlier request in one.
# The job's rate is taken over its own run window (summary started_at..finished_at: MySQL read,
# conversion, writes; not the JVM start); the wall clock of the whole command is printed too.
say "loader throughput: $load_items items, run-local vs bench/glue/boto3_loader.py (moto), $runs round(s)"
DDBM_PYTHON="$py" "$root/scripts/moto-harness.sh" start "$glue_moto_dir" >&2
# shellcheck disable=SC1091
. "$glue_moto_dir/env"
moto_pid=$(cat "$glue_moto_dir/moto.pid")
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
moto_cpu() { "$py" -c 'import sys; sys.path.insert(0, "bench/glue"); import boto3_loader; print(boto3_loader.process_cpu_seconds(int(sys.argv[1])))' "$moto_pid"; }
run_job() {
    job_cpu_start=$(moto_cpu)
    wall_start=$(date +%s.%N)
    DDBM_PYTHON="$py" "$cli" run-local "$work/glue-out" --mysql "$glue_url" --dynamodb-endpoint "$DDBM_TEST_AWS_ENDPOINT" \
        --create-tables --work "$work/glue-run-$run" >&2
    wall_end=$(date +%s.%N)
    job_cpu_end=$(moto_cpu)
}
run_loader() {
    "$py" bench/glue/boto3_loader.py --endpoint "$DDBM_TEST_AWS_ENDPOINT" --server-pid "$moto_pid" \
        --source-table BenchEvents --target-table BenchEventsPlain --threads 16 \
        --items-file "$work/loader-items.json" >"$work/boto3-loader-$run.json"
}
rm -f "$work/loader-items.json"
loader_rounds=()
for run in $(seq "$runs"); do
    "$py" bench/glue/drop_tables.py --endpoint "$DDBM_TEST_AWS_ENDPOINT" BenchEvents BenchEventsPlain
    if [ $((run % 2)) -eq 0 ]; then order=loader-first; run_loader; run_job
    else order=job-first; run_job; run_loader
    fi
    loader_rounds+=(--round "$work/glue-run-$run/BenchEvents/reports/BenchEvents" "$work/boto3-loader-$run.json" \
        "$wall_start" "$wall_end" "$job_cpu_start" "$job_cpu_end" "$order")
done
"$py" bench/glue/figures.py loader "${loader_rounds[@]}" --expected "$load_items"
if [ "$only" = loader ]; then exit 0; fi

# --- validate: key reconciliation memory ------------------------------------------------------
# `ddbm-bench keys` reconciles a synthetic table's keys (missing, unexpected and colliding keys
# planted at fixed strides) with validate's KeyReconciler at its default memory budget, checks
# the planted counts are found exactly (else it exits 1), and prints its own peak RSS; one
# process per key count, so the two peaks do not mix. Target: the larger count's peak <= 1.2 x
# the smaller's (ten times the keys, flat memory).
keys_small=${DDBM_BENCH_KEYS_SMALL:-100000}
keys_large=${DDBM_BENCH_KEYS_LARGE:-1000000}
say "validate: key reconciliation of $keys_small and $keys_large synthetic keys, one process each"
mkdir -p "$work/keys-scratch"
for count in "$keys_small" "$keys_large"; do
    "$bench" keys --count "$count" --scratch "$work/keys-scratch" >"$work/keys-$count.json"
done
"$bench" keys-figure "$work/keys-$keys_small.json" "$work/keys-$keys_large.json"

# --- validate: throughput against its floor ---------------------------------------------------
# `ddb-migrate validate` of BenchEvents at DDBM_BENCH_VALIDATE_ITEMS (100,000) items on the moto
# server above: its items/s (view read + key scan + reconciliation + sample compare), over the
# floor, the same run's plain full read of the job's view(s) plus a plain parallel key scan of
# the table with validate's segment count, one after the other (bench/glue/validate_bench.py
# floor). Target: validate <= 1.5 x the floor. The table is loaded by the job itself with its
# puts batched (validate_bench.py load: run-local needs ~6 minutes for 100,000 conditional puts
# against moto); the job's own run summary balances validate's accounting.
validate_items=${DDBM_BENCH_VALIDATE_ITEMS:-100000}
events_db glue_validate "$validate_items"
"$cli" apply-views "$work/glue-out" --mysql "$mysql_base/glue_validate" >&2
say "validate: loading $validate_items items of BenchEvents as the job writes them (bench/glue/validate_bench.py load)"
# Section 4's BenchEvents (its $load_items items) is done with: the table is made afresh.
if ! "$py" bench/glue/validate_bench.py load "$work/glue-out/glue/BenchEvents.py" \
        --url "jdbc:mysql://127.0.0.1:$mysql_port/glue_validate" --user "$mysql_user" \
        --password-env DDBM_BENCH_MYSQL_PWD --endpoint "$DDBM_TEST_AWS_ENDPOINT" \
        --runs "$work/validate-runs" --recreate-table >"$work/validate-load.json"; then
    say "loading the validate table failed"; exit 1
fi
say "validate: $(cat "$work/validate-load.json")"
say "validate: validate vs view read + key scan, $runs run(s) each, interleaved"
# validate_once RUN: one timed validate. GNU time writes wall, user and system seconds and peak
# RSS (KiB) to a
# file of its own: validate's stdout is the document. A clean table must pass: anything else
# (exit status, score, counts) fails the bench, checked by figures.py below.
validate_once() {
    if ! /usr/bin/time -f "%e %U %S %M" -o "$work/validate-$1.time" "$cli" validate "$work/glue-out" \
            --mysql "$mysql_base/glue_validate" --runs "$work/validate-runs" \
            --dynamodb-endpoint "$DDBM_TEST_AWS_ENDPOINT" --table BenchEvents --format json \
            --out "$work/validate-$1.json" >/dev/null 2>"$work/validate-$1.log"; then
        tail -20 "$work/validate-$1.log" >&2
        say "validate failed (run $1) on a clean table"; exit 1
    fi
}
floor_once() {
    if ! "$py" bench/glue/validate_bench.py floor "$work/glue-out/glue/BenchEvents.py" --mysql-client "$client_bin" \
            --socket "$DDBM_TEST_MYSQL_SOCKET" --user root --database glue_validate \
            --endpoint "$DDBM_TEST_AWS_ENDPOINT" >"$work/validate-floor-$1.json"; then
        say "the validate floor failed (run $1)"; exit 1
    fi
}
validate_runs=()
validate_times=()
floor_runs=()
for run in $(seq "$runs"); do
    # No separate warm-up (a run is ~1 minute; the load has just read the view and filled the
    # table): instead the order alternates, so neither side always runs first.
    if [ $((run % 2)) = 1 ]; then validate_once "$run"; floor_once "$run"; else floor_once "$run"; validate_once "$run"; fi
    validate_runs+=("$work/validate-$run.json")
    validate_times+=("$work/validate-$run.time")
    floor_runs+=("$work/validate-floor-$run.json")
done
"$py" bench/glue/figures.py validate --expected "$validate_items" --validate "${validate_runs[@]}" \
    --timings "${validate_times[@]}" --floor "${floor_runs[@]}"
