#!/usr/bin/env bash
# Starts / stops the private services the tests talk to: a fresh MariaDB on its own socket and
# port, and a moto server on 127.0.0.1. `start DIR` writes DIR/env (source it); `stop DIR` ends both.
set -euo pipefail
cd "$(dirname "$0")/.."
cmd="${1:?usage: services.sh start|stop DIR}"; dir="${2:?usage: services.sh start|stop DIR}"
case "$cmd" in
start)
    mkdir -p "$dir"
    scripts/mariadb-harness.sh start "$dir/mariadb"
    DDBM_PYTHON="${DDBM_PYTHON:-$PWD/.venv/bin/python}" scripts/moto-harness.sh start "$dir/moto"
    cat "$dir/mariadb/env" "$dir/moto/env" > "$dir/env"
    ;;
stop)
    scripts/moto-harness.sh stop "$dir/moto" || true
    scripts/mariadb-harness.sh stop "$dir/mariadb" || true
    ;;
*) echo "usage: services.sh start|stop DIR" >&2; exit 2 ;;
esac
