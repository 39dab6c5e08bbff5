"""Shared fixtures: import paths, a moto server and a throwaway MariaDB, each started once.

Both servers listen on free ports on 127.0.0.1 and are stopped at the end of the session. The
AWS credentials set here are fixed dummies for moto, never real ones.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GLUE_TEMPLATES = os.path.join(REPO, "templates", "glue")
RUNTIME = os.path.join(REPO, "runtime")
for path in (GLUE_TEMPLATES, RUNTIME):
    if path not in sys.path:
        sys.path.insert(0, path)

os.environ.update({
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1",
})
os.environ.pop("AWS_PROFILE", None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(check, timeout: float, what: str, proc: subprocess.Popen, log_path: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            with open(log_path, encoding="utf-8", errors="replace") as handle:
                raise RuntimeError(f"{what} exited early:\n{handle.read()[-3000:]}")
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} not ready after {timeout}s")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _moto_server(tmp_path_factory, folder: str, what: str, command: list):
    """Starts ``command -H 127.0.0.1 -p PORT`` and yields its URL once it answers ``/moto-api/``."""
    port = free_port()
    log_path = str(tmp_path_factory.mktemp(folder) / "moto.log")
    with open(log_path, "w") as log:
        proc = subprocess.Popen([*command, "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            with urllib.request.urlopen(url + "/moto-api/", timeout=1):
                return True
        except OSError:
            return False

    try:
        _wait_for(ready, 30, what, proc, log_path)
        yield url
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def moto_endpoint(tmp_path_factory):
    """URL of a moto server (``python -m moto.server``) private to this test session."""
    yield from _moto_server(tmp_path_factory, "moto", "moto server", [sys.executable, "-m", "moto.server"])


@pytest.fixture(scope="session")
def moto_ext_endpoint(tmp_path_factory):
    """URL of a second moto server, with the project's extension (tests/moto_ext/server.py: held
    Glue runs, DeleteJob that drops the job's tags), for the tests that deploy; each such test
    resets it first (``/moto-api/reset``)."""
    yield from _moto_server(tmp_path_factory, "moto-ext", "moto server (with the extension)",
                            [sys.executable, os.path.join(REPO, "tests", "moto_ext", "server.py")])


@pytest.fixture(scope="session")
def dynamodb(moto_endpoint):
    import boto3

    return boto3.client("dynamodb", endpoint_url=moto_endpoint, region_name="us-east-1")


@pytest.fixture
def make_table(dynamodb):
    """Creates a uniquely named on-demand table; returns its name."""

    def create(pk="PK", sk="SK", pk_type="S", sk_type="S", prefix="T"):
        name = f"{prefix}-{uuid.uuid4().hex[:10]}"
        keys = [{"AttributeName": pk, "KeyType": "HASH"}]
        defs = [{"AttributeName": pk, "AttributeType": pk_type}]
        if sk:
            keys.append({"AttributeName": sk, "KeyType": "RANGE"})
            defs.append({"AttributeName": sk, "AttributeType": sk_type})
        dynamodb.create_table(TableName=name, KeySchema=keys, AttributeDefinitions=defs,
                              BillingMode="PAY_PER_REQUEST")
        return name

    return create


def scan_all(dynamodb, table):
    items, kwargs = [], {"TableName": table}
    while True:
        page = dynamodb.scan(**kwargs)
        items.extend(page["Items"])
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


class MariaDB:
    """A running throwaway MariaDB server: TCP port on 127.0.0.1, root without a password."""

    def __init__(self, port: int, socket_path: str):
        self.port, self.socket_path = port, socket_path

    def sql(self, statements: str, database: str = "") -> str:
        cmd = ["mariadb", "--no-defaults", f"--socket={self.socket_path}", "-uroot", "--batch", "--skip-column-names"]
        if database:
            cmd.append(database)
        done = subprocess.run(cmd, input=statements, capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"mariadb failed: {done.stderr}")
        return done.stdout


@pytest.fixture(scope="session")
def mariadb():
    """A MariaDB server in a temporary data directory (skipped when mariadbd is not installed)."""
    if not shutil.which("mariadbd") or not shutil.which("mariadb-install-db"):
        pytest.skip("mariadb-server is not installed")
    datadir = tempfile.mkdtemp(prefix="ddbm-mariadb-")
    log_path = os.path.join(datadir, "server.log")
    subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={datadir}",
                    "--auth-root-authentication-method=normal"],
                   check=True, capture_output=True, timeout=180)
    port, socket_path = free_port(), os.path.join(datadir, "s")
    with open(log_path, "w") as log:
        proc = subprocess.Popen(["mariadbd", "--no-defaults", f"--datadir={datadir}", f"--socket={socket_path}",
                                 f"--port={port}", "--bind-address=127.0.0.1", "--user=root",
                                 f"--pid-file={os.path.join(datadir, 'pid')}"],
                                stdout=log, stderr=subprocess.STDOUT)
    server = MariaDB(port, socket_path)

    def ready() -> bool:
        try:
            server.sql("SELECT 1;")
            return True
        except RuntimeError:
            return False

    try:
        _wait_for(ready, 60, "mariadbd", proc, log_path)
        yield server
    finally:
        _stop(proc)
        shutil.rmtree(datadir, ignore_errors=True)
