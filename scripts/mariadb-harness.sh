#!/usr/bin/env bash
# Private MariaDB for tests: a throw-away server with its own datadir, Unix socket and TCP port.
#
#   scripts/mariadb-harness.sh start DIR   start (or keep running) a server under DIR, write DIR/env
#   scripts/mariadb-harness.sh stop DIR    stop it and remove DIR
#
# DIR/env (shell syntax) holds
#   DDBM_TEST_MYSQL_URL=mysql://ddbm:PW@127.0.0.1:PORT/ddbm_test
#   DDBM_TEST_MYSQL_SOCKET=DIR/mysqld.sock
# The server ignores every system option file (--no-defaults), runs as root, listens on
# 127.0.0.1 only (JDBC needs TCP) and logs to DIR/server.log. Quiet on success; on failure it
# prints the tail of the server log and exits non-zero.
set -euo pipefail

die() { echo "mariadb-harness: $*" >&2; exit 1; }

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }

[ $# -eq 2 ] || usage
cmd=$1
dir=$2

find_bin() {
    local name
    for name in "$@"; do
        if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
        for prefix in /usr/sbin /usr/bin /usr/local/sbin /usr/local/bin; do
            if [ -x "$prefix/$name" ]; then echo "$prefix/$name"; return 0; fi
        done
    done
    return 1
}

# A TCP port on 127.0.0.1 that nobody listens on right now.
free_port() {
    local py
    for py in python3 python; do
        if command -v "$py" >/dev/null 2>&1; then
            "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
            return 0
        fi
    done
    # No Python: probe a random range with bash's /dev/tcp.
    local port tries=0
    while [ $tries -lt 200 ]; do
        port=$(( 20000 + RANDOM % 20000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
        tries=$((tries + 1))
    done
    return 1
}

log_tail() {
    if [ -f "$dir/server.log" ]; then
        echo "---- last lines of $dir/server.log ----" >&2
        tail -n 40 "$dir/server.log" >&2
    fi
}

server_alive() {
    [ -f "$dir/mysqld.pid" ] && kill -0 "$(cat "$dir/mysqld.pid")" 2>/dev/null
}

client() {
    "$client_bin" --no-defaults --protocol=socket --socket="$dir/mysqld.sock" -uroot "$@"
}

start() {
    server_bin=$(find_bin mariadbd mysqld) || die "mariadbd not found (Debian package mariadb-server)"
    install_bin=$(find_bin mariadb-install-db mysql_install_db) || die "mariadb-install-db not found (Debian package mariadb-server)"
    client_bin=$(find_bin mariadb mysql) || die "mariadb client not found (Debian package mariadb-client)"

    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)

    # Idempotent: a server that already runs here and answers is kept as it is.
    if server_alive && [ -f "$dir/env" ] && client -e 'SELECT 1' >/dev/null 2>&1; then
        return 0
    fi
    if server_alive; then kill "$(cat "$dir/mysqld.pid")" 2>/dev/null || true; sleep 1; fi

    # A Unix socket path is limited to ~107 bytes.
    [ ${#dir} -lt 90 ] || die "DIR path too long for a Unix socket: $dir"

    rm -rf "$dir/data" "$dir/env" "$dir/mysqld.sock" "$dir/mysqld.pid"
    mkdir -p "$dir/data" "$dir/tmp"
    if ! "$install_bin" --no-defaults --user=root --datadir="$dir/data" \
            --auth-root-authentication-method=normal --skip-test-db \
            >"$dir/install.log" 2>&1; then
        tail -n 40 "$dir/install.log" >&2
        die "mariadb-install-db failed"
    fi

    port=$(free_port) || die "no free TCP port found"
    : >"$dir/server.log"
    # setsid: the server must outlive this script and the shell that called it.
    setsid "$server_bin" --no-defaults --user=root \
        --datadir="$dir/data" --tmpdir="$dir/tmp" \
        --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" \
        --skip-networking=0 --bind-address=127.0.0.1 --port="$port" \
        --log-error="$dir/server.log" \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
        --innodb-buffer-pool-size=64M --innodb-log-file-size=16M \
        --skip-name-resolve --skip-log-bin \
        </dev/null >/dev/null 2>&1 &
    local server_pid=$!

    local waited=0
    until client -e 'SELECT 1' >/dev/null 2>&1; do
        if ! kill -0 "$server_pid" 2>/dev/null; then
            log_tail
            die "MariaDB exited during startup"
        fi
        if [ $waited -ge 60 ]; then   # 60 half-second steps = 30 s
            kill "$server_pid" 2>/dev/null || true
            log_tail
            die "MariaDB did not come up within 30 s"
        fi
        sleep 0.5
        waited=$((waited + 1))
    done

    password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
    [ -n "$password" ] || die "could not make a random password"
    client <<SQL || { log_tail; die "could not create user ddbm and database ddbm_test"; }
CREATE DATABASE IF NOT EXISTS ddbm_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'ddbm'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER IF NOT EXISTS 'ddbm'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO 'ddbm'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'ddbm'@'localhost' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL

    umask 077
    cat >"$dir/env.tmp" <<ENV
DDBM_TEST_MYSQL_URL=mysql://ddbm:$password@127.0.0.1:$port/ddbm_test
DDBM_TEST_MYSQL_SOCKET=$dir/mysqld.sock
ENV
    mv "$dir/env.tmp" "$dir/env"
}

stop() {
    [ -d "$dir" ] || return 0
    dir=$(cd "$dir" && pwd)
    if server_alive; then
        local pid
        pid=$(cat "$dir/mysqld.pid")
        kill "$pid" 2>/dev/null || true
        local waited=0
        while kill -0 "$pid" 2>/dev/null; do
            if [ $waited -ge 60 ]; then kill -9 "$pid" 2>/dev/null || true; break; fi
            sleep 0.5
            waited=$((waited + 1))
        done
    fi
    rm -rf "$dir"
}

case "$cmd" in
    start) start ;;
    stop) stop ;;
    *) usage ;;
esac
