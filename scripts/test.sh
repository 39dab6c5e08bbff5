#!/usr/bin/env bash
# Runs every test: Swift (unit, golden, live MariaDB, moto) and Python (the Glue job's core and
# end-to-end runs on local Spark). Services are private to this run and stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
export DDBM_PYTHON="$PWD/.venv/bin/python"
svc="$(mktemp -d /tmp/ddbm-test.XXXXXX)"
trap 'scripts/services.sh stop "$svc" >/dev/null 2>&1 || true; rm -rf "$svc"' EXIT
scripts/services.sh start "$svc"
set -a; . "$svc/env"; set +a

status=0
echo "== swift test"
swift build --build-tests
swift test --skip-build 2>&1 | tee "$svc/swift-test.log" || status=1
echo "== pytest"
.venv/bin/python -m pytest -q tests/python || status=1
exit $status
