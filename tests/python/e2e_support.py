"""Support for the end-to-end tests: the ``ddb-migrate`` CLI, and the *expected* DynamoDB items.

The expected items are derived here, independently of the job's own converter (``ddbm_core``),
from the hand-written expected VIEW rows in ``contracts/<name>/expected/*.json`` by the rules of
docs/CONTRACT.md section 5, so the end-to-end tests never check the code with itself:

- a NULL view value is an absent attribute; the reserved columns ``_entity_type`` and
  ``_partition_key`` are never attributes;
- typing by the contract's attribute types: S text, N exact number, BOOL from 0/1, B from bytes,
  M/L from JSON (nested: string → S, number → N, true/false → BOOL, null → NULL, array → L,
  object → M), SS/NS from a JSON array (duplicates removed; empty → absent);
- a NULL or empty table key rejects the row (``missing-key``); a NULL or empty GSI key attribute is
  omitted (sparse index).

Expected-row values follow ``contracts/README.md``: scalars as the MySQL client renders them
(text), B as ``{"base64": ...}``, M/L/SS/NS as parsed JSON.

Items are compared in a canonical form: numbers by value (``Decimal``), sets as sorted lists, and
lists that docs/CONTRACT.md leaves unordered (an ``L`` from a ``lookup-table`` join) sorted too.
"""

import base64
import json
import os
import subprocess
from decimal import Decimal
from typing import Any, Dict, Iterable, List, Optional, Set, Tuple

from conftest import REPO

RESERVED_COLUMNS = ("_entity_type", "_partition_key")
#: Nesting guard for JSON values turned into M/L (DynamoDB allows 32 levels).
MAX_DEPTH = 32


# ---------------------------------------------------------------------------------------------
# The CLI
# ---------------------------------------------------------------------------------------------


def ddbm_binary() -> str:
    """Path of the ``ddb-migrate`` executable: ``$DDBM_BIN``, else the debug build in the repo."""
    path = os.environ.get("DDBM_BIN") or os.path.join(REPO, ".build", "debug", "ddb-migrate")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"ddb-migrate not built at {path}: run `swift build` (or set DDBM_BIN)")
    return path


def ddbm(*args: str, env: Optional[Dict[str, str]] = None, timeout: float = 600,
         check: bool = True) -> subprocess.CompletedProcess:
    """Runs ``ddb-migrate ARGS`` in the repo; fails the test with its output when ``check`` and it fails."""
    done = subprocess.run([ddbm_binary(), *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout, env=dict(os.environ, **(env or {})))
    if check and done.returncode != 0:
        raise AssertionError(f"ddb-migrate {' '.join(args)} exited {done.returncode}\n"
                             f"stdout:\n{done.stdout[-6000:]}\nstderr:\n{done.stderr[-6000:]}")
    return done


def latest_summary(work: str, table: str) -> Dict[str, Any]:
    """The last run summary (by file name, i.e. run id) run-local's job wrote for ``table`` under
    the work folder ``work``. Replays (``"kind": "replay"``, docs/REPLAY.md) write their summaries
    into the same folder and are not run-local's, and ``high-water-mark.json`` is no summary."""
    folder = os.path.join(work, table, "reports", table)
    for name in sorted((n for n in os.listdir(folder) if n.endswith(".json") and n != "high-water-mark.json"),
                       reverse=True):
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            summary = json.load(handle)
        if summary.get("kind") != "replay":
            return summary
    raise AssertionError(f"no run summary of run-local in {folder}")


def dead_letters(work: str, table: str, run_id: str) -> List[Dict[str, Any]]:
    """Every dead-letter line of one run of ``table`` (JSON objects)."""
    folder = os.path.join(work, table, "dead-letters", table, run_id)
    lines: List[Dict[str, Any]] = []
    if not os.path.isdir(folder):
        return lines
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            lines.extend(json.loads(line) for line in handle if line.strip())
    return lines


# ---------------------------------------------------------------------------------------------
# The contract: what docs/CONTRACT.md section 5 needs to know about a table
# ---------------------------------------------------------------------------------------------


class TableShape:
    """Keys, GSI keys and attribute types of one contract table (per entity for multi-entity)."""

    def __init__(self, doc: Dict[str, Any]):
        self.name: str = doc["table"]
        self.pk: str = doc["pk"]
        self.sk: Optional[str] = doc.get("sk")
        self.gsi_keys: Set[str] = set()
        for gsi in doc.get("gsis") or []:
            self.gsi_keys.add(gsi["pk"])
            if gsi.get("sk"):
                self.gsi_keys.add(gsi["sk"])
        self.multi_entity = doc["type"] == "multi-entity"
        #: entity type (None for single-entity) -> attribute name -> DynamoDB type
        self.types: Dict[Optional[str], Dict[str, str]] = {}
        #: attributes whose L value has no defined order (lookup-table joins)
        self.unordered: Set[str] = set()
        if self.multi_entity:
            for entity in doc["entities"]:
                types = self._types(entity["attributes"])
                # An entity without PK/SK attributes gets them from its templates: always S.
                types.setdefault(self.pk, "S")
                if self.sk:
                    types.setdefault(self.sk, "S")
                self.types[entity["entity_type"]] = types
        else:
            self.types[None] = self._types(doc["attributes"])

    def _types(self, attributes: Iterable[Dict[str, Any]]) -> Dict[str, str]:
        types = {}
        for attr in attributes:
            types[attr["name"]] = attr["type"]
            join = attr.get("join") or {}
            if join.get("type") == "lookup-table" and attr["type"] == "L":
                self.unordered.add(attr["name"])
        return types

    @property
    def key_names(self) -> Tuple[str, ...]:
        return (self.pk, self.sk) if self.sk else (self.pk,)


def load_contract(path: str) -> Dict[str, TableShape]:
    with open(path, encoding="utf-8") as handle:
        doc = json.load(handle)
    tables = doc["tables"] if isinstance(doc, dict) else doc
    return {t["table"]: TableShape(t) for t in tables}


def load_expected_rows(path: str) -> List[Dict[str, Any]]:
    """Rows of an expected-view file; JSON numbers as Decimal so no digit is lost."""
    with open(path, encoding="utf-8") as handle:
        return json.load(handle, parse_float=Decimal, parse_int=Decimal)["rows"]


def view_name(table: str) -> str:
    """``ddb_`` + the table name lower-cased (outside ``[a-z0-9_]`` → ``_``) + ``_view`` (contracts/README.md)."""
    return "ddb_" + "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in table.lower()) + "_view"


# ---------------------------------------------------------------------------------------------
# View row → expected item (docs/CONTRACT.md section 5)
# ---------------------------------------------------------------------------------------------


class Rejected(Exception):
    """The row is not an item: it goes to the dead-letter output with ``reason``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _number(value: Any) -> Dict[str, str]:
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise AssertionError(f"N value must be number text, got {value!r}")
    return {"N": str(Decimal(value))}


def _json_value(value: Any, depth: int) -> Dict[str, Any]:
    if depth > MAX_DEPTH:
        raise AssertionError("JSON nested deeper than DynamoDB allows")
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, (int, Decimal)):
        return {"N": str(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, list):
        return {"L": [_json_value(v, depth + 1) for v in value]}
    if isinstance(value, dict):
        return {"M": {k: _json_value(v, depth + 1) for k, v in value.items()}}
    raise AssertionError(f"not a JSON value: {value!r}")


def expected_attribute(value: Any, attr_type: str) -> Optional[Dict[str, Any]]:
    """One non-NULL expected-row value as an AttributeValue; None when it is not written (empty set)."""
    if attr_type == "S":
        assert isinstance(value, str), f"S value must be text, got {value!r}"
        return {"S": value}
    if attr_type == "N":
        return _number(value)
    if attr_type == "BOOL":
        assert value in ("0", "1"), f"BOOL value must be 0/1, got {value!r}"
        return {"BOOL": value == "1"}
    if attr_type == "B":
        assert isinstance(value, dict) and set(value) == {"base64"}, f"B value must be {{base64}}, got {value!r}"
        return {"B": base64.b64decode(value["base64"])}
    if attr_type in ("M", "L") and isinstance(value, str):
        # A row as the source holds it (a test that broke a JSON column): the view's text, which
        # json-parse turns into the value, or the row goes to the dead letters (docs/CONTRACT.md §4.3,
        # `json-parse`).
        try:
            value = json.loads(value, parse_float=Decimal, parse_int=Decimal)
        except ValueError:
            raise Rejected("invalid-json")
        if not isinstance(value, dict if attr_type == "M" else list):
            raise Rejected("invalid-json")
    if attr_type == "M":
        assert isinstance(value, dict), f"M value must be a JSON object, got {value!r}"
        return _json_value(value, 1)
    if attr_type == "L":
        assert isinstance(value, list), f"L value must be a JSON array, got {value!r}"
        return _json_value(value, 1)
    if attr_type == "SS":
        assert isinstance(value, list) and all(isinstance(v, str) for v in value), f"SS needs strings: {value!r}"
        elements = sorted(set(value))
        return {"SS": elements} if elements else None
    if attr_type == "NS":
        assert isinstance(value, list), f"NS needs a JSON array: {value!r}"
        elements = sorted({Decimal(_number(v)["N"]) for v in value})
        return {"NS": [str(v) for v in elements]} if elements else None
    raise AssertionError(f"no expected-row rule for type {attr_type}")


def expected_item(row: Dict[str, Any], shape: TableShape) -> Dict[str, Dict[str, Any]]:
    """The item a view row becomes, or ``Rejected`` (``missing-key``)."""
    entity = row.get("_entity_type") if shape.multi_entity else None
    types = shape.types.get(entity)
    assert types is not None, f"{shape.name}: row of unknown entity {entity!r}"
    item: Dict[str, Dict[str, Any]] = {}
    for column, value in row.items():
        if column in RESERVED_COLUMNS or value is None:
            continue
        assert column in types, f"{shape.name}/{entity}: non-NULL column {column!r} is no attribute"
        av = expected_attribute(value, types[column])
        if av is not None:
            item[column] = av
    for key in shape.key_names:
        if key not in item or item[key] in ({"S": ""}, {"B": b""}):
            raise Rejected("missing-key")
    for key in shape.gsi_keys:
        if item.get(key) in ({"S": ""}, {"B": b""}):
            del item[key]
    return item


def expected_items(contract_dir: str) -> Dict[str, List[Dict[str, Dict[str, Any]]]]:
    """Table name → the items its expected view rows become (every row must become an item)."""
    shapes = load_contract(os.path.join(contract_dir, "contract.json"))
    out = {}
    for name, shape in shapes.items():
        rows = load_expected_rows(os.path.join(contract_dir, "expected", view_name(name) + ".json"))
        out[name] = [expected_item(row, shape) for row in rows]
    return out


# ---------------------------------------------------------------------------------------------
# Canonical comparison
# ---------------------------------------------------------------------------------------------


def _canonical_number(text: str) -> str:
    number = Decimal(text)
    return "0" if number == 0 else format(number.normalize(), "f")


def canonical(av: Dict[str, Any], unordered: bool = False) -> Any:
    """A comparable form of an AttributeValue: numbers by value, sets sorted."""
    (kind, inner), = av.items()
    if kind == "N":
        return ("N", _canonical_number(inner))
    if kind == "SS":
        return ("SS", tuple(sorted(inner)))
    if kind == "NS":
        return ("NS", tuple(sorted((_canonical_number(n) for n in inner), key=Decimal)))
    if kind == "BS":
        return ("BS", tuple(sorted(bytes(b) for b in inner)))
    if kind == "B":
        return ("B", bytes(inner))
    if kind == "L":
        elements = [canonical(v) for v in inner]
        return ("L", tuple(sorted(elements, key=repr) if unordered else elements))
    if kind == "M":
        return ("M", tuple(sorted((k, canonical(v)) for k, v in inner.items())))
    return (kind, inner)


def canonical_items(items: Iterable[Dict[str, Dict[str, Any]]], shape: TableShape
                    ) -> Dict[Tuple, Dict[str, Any]]:
    """Items keyed by their canonical table key; each attribute canonical. Duplicate keys fail."""
    out: Dict[Tuple, Dict[str, Any]] = {}
    for item in items:
        key = tuple(canonical(item[k]) for k in shape.key_names)
        assert key not in out, f"{shape.name}: two items with key {key}"
        out[key] = {name: canonical(av, name in shape.unordered) for name, av in item.items()}
    return out


def assert_same_items(actual: Iterable[Dict[str, Any]], expected: Iterable[Dict[str, Any]],
                      shape: TableShape) -> None:
    """Fails with a readable difference (missing, unexpected, differing attributes) unless equal."""
    got, want = canonical_items(actual, shape), canonical_items(expected, shape)
    problems = []
    for key in sorted(set(want) - set(got), key=repr):
        problems.append(f"missing item {key}")
    for key in sorted(set(got) - set(want), key=repr):
        problems.append(f"unexpected item {key}")
    for key in sorted(set(got) & set(want), key=repr):
        a, b = got[key], want[key]
        for name in sorted(set(a) | set(b)):
            if a.get(name) != b.get(name):
                problems.append(f"{key} {name}: got {a.get(name)!r}, want {b.get(name)!r}")
    assert not problems, f"{shape.name}: {len(problems)} difference(s):\n" + "\n".join(problems[:40])


# ---------------------------------------------------------------------------------------------
# The pipeline: MariaDB source → generate → apply-views → run-local
# ---------------------------------------------------------------------------------------------

#: A MySQL account made for the end-to-end runs (TCP, password): the password must never be logged.
E2E_USER = "ddbm_e2e"
E2E_PASSWORD = "e2e-Pipeline-pw-7f3"


class Pipeline:
    """One contract's source database on the test MariaDB and its generated artifacts.

    The database is loaded from ``schema.sql`` and ``seed.sql``; ``generate`` (MariaDB dialect,
    with the schema snapshot) writes ``out``; ``apply-views`` creates the views. ``run_local``
    runs the generated jobs into the moto endpoint, each run in its own work folder.
    """

    def __init__(self, mariadb, database: str, root: str, contract: str, schema_json: Optional[str] = None):
        self.mariadb, self.database, self.root, self.contract = mariadb, database, root, contract
        self.schema_json = schema_json or os.path.join(root, "schema.json")
        self.url = f"mysql://{E2E_USER}@127.0.0.1:{mariadb.port}/{database}"
        self.env = {"MYSQL_PWD": E2E_PASSWORD}
        self.runs = 0

    def load_source(self, *sql_files: str) -> None:
        self.mariadb.sql(f"DROP DATABASE IF EXISTS `{self.database}`; "
                         f"CREATE DATABASE `{self.database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; "
                         f"CREATE USER IF NOT EXISTS '{E2E_USER}'@'127.0.0.1' IDENTIFIED BY '{E2E_PASSWORD}'; "
                         f"GRANT ALL ON `{self.database}`.* TO '{E2E_USER}'@'127.0.0.1';")
        for path in sql_files:
            with open(path, encoding="utf-8") as handle:
                self.mariadb.sql(handle.read(), database=self.database)

    def generate(self, out: str, *extra: str) -> str:
        self.out = out
        self.cli("generate", self.contract, "--schema", self.schema_json, "--dialect", "mariadb", "--out", out, *extra)
        return out

    def introspect(self, path: str) -> str:
        """Writes the schema snapshot of the loaded database (for contracts without a committed one)."""
        self.cli("introspect", "--mysql", self.url, "--out", path)
        self.schema_json = path
        return path

    def apply_views(self) -> subprocess.CompletedProcess:
        return self.cli("apply-views", self.out, "--mysql", self.url)

    def cli(self, *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
        done = ddbm(*args, env=self.env, check=check, timeout=timeout)
        assert E2E_PASSWORD not in done.stdout + done.stderr, "the MySQL password must never be printed"
        return done

    def run_local_args(self, endpoint: str, work: str, *extra: str) -> List[str]:
        return [ddbm_binary(), "run-local", self.out, "--mysql", self.url, "--dynamodb-endpoint", endpoint,
                "--create-tables", "--work", work, *extra]

    def run_local(self, endpoint: str, work_root: str, *extra: str, check: bool = True) -> "LocalRunResult":
        """Runs every (or ``--table``) job once in a fresh work folder; returns the summaries."""
        self.runs += 1
        work = os.path.join(work_root, f"run-{self.runs}")
        done = self.cli(*self.run_local_args(endpoint, work, *extra)[1:], check=check, timeout=900)
        return LocalRunResult(work, done)


class LocalRunResult:
    """A finished ``run-local``: its work folder, output, and per-table summaries."""

    def __init__(self, work: str, done: subprocess.CompletedProcess):
        self.work, self.done = work, done

    def summary(self, table: str) -> Dict[str, Any]:
        return latest_summary(self.work, table)

    def counters(self, table: str) -> Dict[str, int]:
        summary = self.summary(table)
        assert summary["status"] == "succeeded", summary
        return summary["counters"]

    def dead_letters(self, table: str) -> List[Dict[str, Any]]:
        return dead_letters(self.work, table, self.summary(table)["run_id"])


# ---------------------------------------------------------------------------------------------
# Deploying into moto (the extended one, conftest.moto_ext_endpoint)
# ---------------------------------------------------------------------------------------------


def reset_moto(endpoint: str) -> None:
    """Forgets every resource of the moto server at ``endpoint``."""
    import urllib.request

    request = urllib.request.Request(endpoint + "/moto-api/reset", method="POST")
    with urllib.request.urlopen(request, timeout=30):
        pass


def deploy_into_moto(pipeline: "Pipeline", endpoint: str, config: str, bucket: str, connection: str) -> None:
    """Resets the moto account at ``endpoint``, seeds what ``deploy`` expects to exist
    (docs/DEPLOY.md: the bucket, the Glue connection with its network, the DynamoDB tables of the
    manifest with PITR; tests/moto_ext/fixture.py) and deploys ``pipeline.out`` with ``config``."""
    import sys

    reset_moto(endpoint)
    with open(os.path.join(pipeline.out, "manifest.json"), encoding="utf-8") as handle:
        manifest = json.load(handle)

    def key(k):
        return [k["name"], k["type"]] if k else None

    tables = [{"name": t["name"], "pk": key(t["partition_key"]), "sk": key(t.get("sort_key")),
               "gsis": [{"name": g["name"], "pk": key(g["partition_key"]), "sk": key(g.get("sort_key")),
                         "projection": g.get("projection", "ALL"), "non_key_attributes": g.get("projected_attributes")}
                        for g in t.get("global_secondary_indexes", [])]}
              for t in manifest["tables"]]
    region = manifest["region"]
    spec = {"region": region, "bucket": bucket, "tables": tables, "pitr": True, "network": {}, "bucket_region": region,
            "connection": {"name": connection, "availability_zone": f"{region}a",
                           "jdbc_url": f"jdbc:mysql://source.abc123.{region}.rds.amazonaws.com:3306/source"}}
    subprocess.run([sys.executable, os.path.join(REPO, "tests", "moto_ext", "fixture.py"), endpoint, "seed", json.dumps(spec)],
                   check=True, capture_output=True, timeout=120)
    done = ddbm("deploy", pipeline.out, "--config", config, env=dict(pipeline.env, AWS_ENDPOINT_URL=endpoint),
                check=False, timeout=300)
    assert E2E_PASSWORD not in done.stdout + done.stderr
    assert done.returncode == 0, done.stdout + done.stderr
