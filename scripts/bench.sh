#!/usr/bin/env bash
# make bench: view read costs at scale, partitioned reads, and generate speed.
#
#   scripts/bench.sh
#
# Builds ddb-migrate and ddbm-bench (release), starts a private MariaDB (scripts/mariadb-harness.sh,
# stopped again on exit), seeds the shop schema at scale (bench/seed/shop-at-scale.sql: 1M
# order_items), generates the modernizer contract's views with `ddb-migrate generate`, applies
# them, and runs `ddbm-bench run`, which prints one table of timings and PASS/MISS per target
# (bench/README.md says what each figure means).
#
# Environment:
#   DDBM_BENCH_RUNS     timed runs per measurement after one warm-up (default 3; median reported)
#   DDBM_BENCH_TABLES   tables of the synthetic contract timed with generate (default 1000)
#   DDBM_BENCH_DIR      work directory (default: a fresh mktemp -d, removed on exit)
#
# Exit status: 0 when every measurement ran (also when targets are missed: this is a report),
# non-zero when something failed (build, seed, SQL error, a reference or a range returning
# different rows than the view).
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

say "generating and applying the views of $contract"
"$cli" introspect --mysql "$url" --out "$work/schema.json" >&2
"$cli" generate "$contract" --schema "$work/schema.json" --dialect mariadb --out "$work/generated" >&2
"$cli" apply-views "$work/generated" --mysql "$url" >&2

"$bench" synth-contract --tables "$tables" --out "$work/synthetic-contract.json"

say "measuring (median of $runs runs after one warm-up)"
echo "seed: $seed_seconds s (target < 120 s)"
"$bench" run --mysql "$url" --reference bench/reference --runs "$runs" \
    --generator "$cli" --generator-subcommand generate \
    --synthetic-contract "$work/synthetic-contract.json" --synthetic-tables "$tables" \
    --scratch "$work"
