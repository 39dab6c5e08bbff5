#!/usr/bin/env bash
# The main job on the bundled example (contracts/modernizer): check the contract, generate its
# artifacts, then migrate its seed data locally — a private MariaDB, the generated views, the
# generated Glue jobs on local PySpark, and DynamoDB on a local moto server — and print the counts.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/debug/ddb-migrate
ex=contracts/modernizer
work=.work/example
export DDBM_PYTHON="$PWD/.venv/bin/python"

echo "== check $ex/contract.json"
"$bin" check "$ex/contract.json" --schema "$ex/schema.json"
echo "== generate -> $work/out (dialect mariadb: the local source below is MariaDB)"
mkdir -p "$work"
"$bin" generate "$ex/contract.json" --config "$ex/config.json" --schema "$ex/schema.json" --dialect mariadb \
    --out "$work/out"

svc="$(mktemp -d /tmp/ddbm-example.XXXXXX)"
trap 'scripts/services.sh stop "$svc" >/dev/null 2>&1 || true; rm -rf "$svc"' EXIT
scripts/services.sh start "$svc" >/dev/null
set -a; . "$svc/env"; set +a
echo "== private MariaDB and moto started; loading $ex/schema.sql and $ex/seed.sql"
mariadb --no-defaults -S "$DDBM_TEST_MYSQL_SOCKET" -u root ddbm_test < "$ex/schema.sql"
mariadb --no-defaults -S "$DDBM_TEST_MYSQL_SOCKET" -u root ddbm_test < "$ex/seed.sql"

echo "== apply-views"
"$bin" apply-views "$work/out" --mysql "$DDBM_TEST_MYSQL_URL"
echo "== preflight"
"$bin" preflight "$ex/contract.json" --schema "$ex/schema.json" --mysql "$DDBM_TEST_MYSQL_URL"
echo "== run-local (Glue jobs on local PySpark -> DynamoDB on moto)"
# The services above are new on every `make`: so are the runs (older summaries would be counted
# by validate and report as runs of this migration).
rm -rf "$work/run" "$work/report"
AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1 \
    "$bin" run-local "$work/out" --mysql "$DDBM_TEST_MYSQL_URL" --dynamodb-endpoint "$DDBM_TEST_AWS_ENDPOINT" \
    --create-tables --work "$work/run"
echo "== validate (every key, every item of these small tables, GSIs, the runs' accounting)"
AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1 \
    "$bin" validate "$work/out" --config "$ex/config.json" --mysql "$DDBM_TEST_MYSQL_URL" \
    --dynamodb-endpoint "$DDBM_TEST_AWS_ENDPOINT" --runs "$work/run"
echo "== report (report.md, report.json and a self-contained report.html: figures, errors, recommendations)"
"$bin" report "$work/out" --config "$ex/config.json" --runs "$work/run" --out "$work/report"
echo "== done: artifacts in $work/out, dead letters, run summaries and the validation in $work/run, the report in $work/report"
