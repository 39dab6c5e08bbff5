#!/usr/bin/env bash
# Installs everything ddb-migrate's build, local runs and tests need on a fresh Debian machine
# (as root): Debian packages and the project's Python venv (.venv). Idempotent and quick when
# everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(mariadb-server mariadb-client libmariadb-dev libmariadb-java libcurl4-openssl-dev pkg-config)

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
command -v java >/dev/null || { echo "install-deps: Java 17 is required for PySpark (apt-get install openjdk-17-jre-headless)" >&2; exit 1; }

PY="${PYTHON:-python3}"
stamp=".venv/.requirements.sha256"
want="$(sha256sum requirements-dev.txt | cut -d' ' -f1)"
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "install-deps: creating .venv (pyspark, moto, boto3, parliament, pytest)"
    "$PY" -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
    echo "$want" > "$stamp"
fi
