#!/usr/bin/env bash
# Starts or stops a moto server for the AWS integration tests.
#   scripts/moto-harness.sh start DIR   # picks a free port, waits until moto answers, writes DIR/env
#   scripts/moto-harness.sh stop DIR    # stops the server started for DIR
# DIR/env holds DDBM_TEST_AWS_ENDPOINT=http://127.0.0.1:PORT; DIR/moto.pid and DIR/moto.log the rest.
# The interpreter comes from DDBM_PYTHON (default python3) and must have moto[server] installed.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command=$1
dir=$2
python=${DDBM_PYTHON:-python3}

case "$command" in
start)
    mkdir -p "$dir"
    if [ -f "$dir/moto.pid" ] && kill -0 "$(cat "$dir/moto.pid")" 2>/dev/null; then
        echo "moto already running for $dir (pid $(cat "$dir/moto.pid"))" >&2
        exit 0
    fi
    port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    "$python" -m moto.server -H 127.0.0.1 -p "$port" >"$dir/moto.log" 2>&1 &
    pid=$!
    echo "$pid" >"$dir/moto.pid"
    for _ in $(seq 1 100); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "moto exited; see $dir/moto.log" >&2
            cat "$dir/moto.log" >&2
            rm -f "$dir/moto.pid"
            exit 1
        fi
        if "$python" -c "import sys, urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/', timeout=1)" 2>/dev/null; then
            echo "DDBM_TEST_AWS_ENDPOINT=http://127.0.0.1:$port" >"$dir/env"
            echo "moto listening on 127.0.0.1:$port (pid $pid)"
            exit 0
        fi
        sleep 0.2
    done
    echo "moto did not answer within 20 s; see $dir/moto.log" >&2
    kill "$pid" 2>/dev/null || true
    rm -f "$dir/moto.pid"
    exit 1
    ;;
stop)
    if [ -f "$dir/moto.pid" ]; then
        pid=$(cat "$dir/moto.pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$dir/moto.pid" "$dir/env"
    fi
    ;;
*)
    usage
    ;;
esac
