#!/usr/bin/env bash
# Installs everything ddb-migrate's build, local runs and tests need on a fresh Debian machine
# (as root): Debian packages, the local JDBC driver shim (.work/jdbc) and the project's Python
# venv (.venv). Idempotent and quick when everything is already there.
set -euo pipefail
self="$(realpath "$0")"
cd "$(dirname "$self")/.."

# openjdk-17-jdk-headless: Java 17 for PySpark, and javac/jar for the JDBC driver shim below.
# time: GNU time (/usr/bin/time), validate's wall clock and peak RSS in make bench.
# chromium: renders report.html headless in tests/python/test_e2e_report.py.
APT_PACKAGES=(mariadb-server mariadb-client libmariadb-dev libmariadb-java openjdk-17-jdk-headless libcurl4-openssl-dev pkg-config time chromium)

missing=()
for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "install-deps: apt-get install ${missing[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian starts a system MariaDB on install; the tests start their own private one instead.
command -v java >/dev/null || { echo "install-deps: Java 17 is required for PySpark (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
command -v javac >/dev/null && command -v jar >/dev/null || { echo "install-deps: javac and jar are required for the JDBC driver shim (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }

# The local stand-in for Glue 5.0's MySQL Connector/J (com.mysql.cj.jdbc.Driver over MariaDB
# Connector/J; runtime/jdbc-shim, docs/GLUE-STANDIN.md). Rebuilt only when its sources change.
shim_src="runtime/jdbc-shim/src"
shim_dir=".work/jdbc"
shim_jar="$shim_dir/mysql-connector-shim.jar"
# The stamp covers the sources and this script (which holds the build recipe).
shim_want="$({ (cd "$shim_src" && find . -type f -name '*.java' | LC_ALL=C sort | xargs sha256sum); sha256sum < "$self"; } | sha256sum | cut -d' ' -f1)"
if [ ! -f "$shim_jar" ] || [ "$(cat "$shim_jar.sha256" 2>/dev/null)" != "$shim_want" ]; then
    echo "install-deps: building $shim_jar"
    mkdir -p "$shim_dir"
    build="$(mktemp -d "$PWD/$shim_dir/build.XXXXXX")"
    trap 'rm -rf "$build"' EXIT
    mkdir -p "$build/classes/META-INF/services"
    # The shim loads MariaDB Connector/J reflectively from its own class loader, so it compiles
    # against the JDK alone.
    find "$PWD/$shim_src" -type f -name '*.java' | LC_ALL=C sort > "$build/sources"
    javac --release 17 -Xlint:all -Werror -d "$build/classes" @"$build/sources"
    # As in Connector/J's jar: DriverManager's service loader finds the driver class here.
    echo "com.mysql.cj.jdbc.Driver" > "$build/classes/META-INF/services/java.sql.Driver"
    jar --create --file "$build/shim.jar" --date 2000-01-01T00:00:00Z -C "$build/classes" .
    mv -f "$build/shim.jar" "$shim_jar"
    echo "$shim_want" > "$shim_jar.sha256"
    rm -rf "$build"
    trap - EXIT
fi

PY="${PYTHON:-python3}"
stamp=".venv/.requirements.sha256"
want="$(sha256sum requirements-dev.txt | cut -d' ' -f1)"
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "install-deps: creating .venv (pyspark, AWS awsglue, moto, boto3, parliament, pytest)"
    "$PY" -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
    echo "$want" > "$stamp"
fi
