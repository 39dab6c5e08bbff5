"""Helpers for the job tests (no tests here): spec v2 documents, AWS's real getResolvedOptions,
and small fakes of the Spark and Glue objects the core drives (recording what it asks for).

The fakes model only documented behaviour: ``spark.read.format("jdbc").option(...).load()``
gives a DataFrame; a JDBC ``query`` read returns rows; Glue's ``extract_jdbc_conf`` returns a
py4j ``JavaMap``, modelled by ``JavaMapLike`` (``get`` ignores its default, ``repr`` shows all).
"""

import copy
import importlib
import json
import os
import sys
from collections.abc import Mapping

import ddbm_core as core

PLACEHOLDER = "{{{spec_literal}}}"


def spec_doc(table="Users", *, entities=None, bookmark=None, mode="if-absent", version=None, extra_attrs=()):
    """A spec v2 document. ``entities``: None (single-entity, one source) or a list of
    ``(entity, columns, bounds)`` for a multi-entity table."""
    attributes = [{"name": "PK", "type": "S"}, {"name": "SK", "type": "S"}, {"name": "name", "type": "S"},
                  {"name": "updated_at", "type": "N"}] + [{"name": n, "type": t} for n, t in extra_attrs]
    doc = {
        "spec_version": 2, "table": table, "view": "ddb_users_view", "pk": "PK", "sk": "SK",
        "gsi_keys": [], "attributes": attributes,
        "write": {"mode": mode, "version_attribute": version}, "bookmark_attribute": bookmark,
        "entity_column": None, "partition_column": "_partition_key",
        "sources": [{"entity": None, "view": "ddb_users_view", "columns": [a["name"] for a in attributes],
                     "bounds": {"table": "users", "column": "id"}}],
    }
    if entities is not None:
        doc["entity_column"] = "_entity_type"
        doc["sources"] = [{"entity": e, "view": f"ddb_users_view__{e.lower()}", "columns": list(cols),
                           "bounds": None if b is None else {"table": b[0], "column": b[1]}}
                          for e, cols, b in entities]
    return doc


def make_spec(**kwargs):
    return core.JobSpec.from_dict(spec_doc(**kwargs))


def settings(tmp_path=None, **overrides):
    base = tmp_path or "/tmp/ddbm-test"
    args = {"ddbm_connection": "conn", "ddbm_dead_letter_uri": f"file://{base}/dl",
            "ddbm_report_uri": f"file://{base}/reports", "ddbm_region": "us-east-1", "ddbm_run_id": "run-1"}
    args.update({("ddbm_" + k if not k.startswith("ddbm_") else k): str(v) for k, v in overrides.items()})
    return core.RunSettings.from_arguments(args)


def render_job(spec, folder):
    """The job script as `generate` renders it (the literal is a Python string of the JSON)."""
    import conftest

    with open(os.path.join(conftest.GLUE_TEMPLATES, "job.py.mustache"), encoding="utf-8") as handle:
        template = handle.read()
    assert template.count("{{") == 1 and PLACEHOLDER in template, "the template must have exactly one placeholder"
    path = os.path.join(folder, f"{spec['table']}.py")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(template.replace(PLACEHOLDER, repr(json.dumps(spec))))
    return path


def real_get_resolved_options():
    """AWS's own ``awsglue.utils.getResolvedOptions`` (PyPI AWSGlueDataplanePython 5.0.0), not the
    local stand-in that conftest puts first on sys.path as ``runtime/awsglue``."""
    saved_modules = {name: mod for name, mod in sys.modules.items() if name == "awsglue" or name.startswith("awsglue.")}
    saved_path = list(sys.path)
    runtime = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "runtime"))
    try:
        for name in saved_modules:
            del sys.modules[name]
        sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != runtime]
        try:
            utils = importlib.import_module("awsglue.utils")
        except ImportError as exc:
            raise AssertionError("AWS's awsglue package is not installed: "
                                 "pip install AWSGlueDataplanePython==5.0.0 (requirements-dev.txt)") from exc
        assert "site-packages" in utils.__file__, f"not AWS's awsglue: {utils.__file__}"
        return utils.getResolvedOptions
    finally:
        for name in [n for n in sys.modules if n == "awsglue" or n.startswith("awsglue.")]:
            del sys.modules[name]
        sys.modules.update(saved_modules)
        sys.path[:] = saved_path


class JavaMapLike(Mapping):
    """What py4j's JavaMap does with a Java map: ``m[k]`` is Java's ``get`` (None when absent, no
    KeyError), so ``Mapping.get(k, default)`` returns None; ``repr`` prints every entry."""

    def __init__(self, entries):
        self._entries = dict(entries)

    def __getitem__(self, key):
        return self._entries.get(key)

    def __iter__(self):
        return iter(list(self._entries))

    def __len__(self):
        return len(self._entries)

    def __repr__(self):
        return "{" + ", ".join(f"{k!r}: {v!r}" for k, v in self._entries.items()) + "}"


GLUE_CONF = {"url": "jdbc:mysql://db.example:3306", "fullUrl": "jdbc:mysql://db.example:3306/app",
             "user": "migrator", "password": "s3cr3t-Pw!", "vendor": "mysql"}


class Row(dict):
    def asDict(self):  # noqa: N802 (PySpark's name)
        return dict(self)


class FakeField:
    def __init__(self, name, type_name):
        self.name = name
        self.dataType = FakeType(type_name)


class FakeType:
    def __init__(self, name):
        self.name = name

    def typeName(self):  # noqa: N802
        return self.name

    def simpleString(self):  # noqa: N802
        return self.name


class FakeSchema:
    def __init__(self, fields):
        self.fields = fields


class FakeColumn:
    def __init__(self, name, alias=None):
        self.name, self.alias_name = name, alias

    def alias(self, name):
        return FakeColumn(self.name, name)

    def __eq__(self, other):
        return isinstance(other, FakeColumn) and (self.name, self.alias_name) == (other.name, other.alias_name)

    def __repr__(self):
        return f"FakeColumn({self.name!r}, {self.alias_name!r})"


class FakeFrame:
    """A JDBC DataFrame as far as the core looks at it: columns, schema, filters, projection,
    and the read partitions Spark would make for the options it was loaded with."""

    def __init__(self, options, columns, partitions, types=None, log=None):
        self.options, self.columns, self.partitions = options, list(columns), partitions
        self.schema = FakeSchema([FakeField(c, (types or {}).get(c, "string")) for c in self.columns])
        self.filters, self.selected = [], None
        self.log = log

    def __getitem__(self, name):
        return FakeColumn(name)

    def where(self, condition):
        self.filters.append(condition)
        return self

    def select(self, *columns):
        self.selected = columns
        return self

    @property
    def rdd(self):
        frame = self

        class _Rdd:
            def getNumPartitions(self):  # noqa: N802
                return frame.partitions

        return _Rdd()


class FakeReader:
    def __init__(self, spark):
        self.spark, self.opts, self.fmt = spark, {}, None

    def format(self, name):
        self.fmt = name
        return self

    def options(self, **opts):
        self.opts.update(opts)
        return self

    def option(self, key, value):
        self.opts[key] = value
        return self

    def load(self):
        self.spark.loads.append(dict(self.opts, format=self.fmt))
        if "query" in self.opts:
            rows = self.spark.answer(self.opts["query"])

            class _Result:
                def collect(self):
                    return [Row(r) for r in rows]

            return _Result()
        view = self.opts["dbtable"].strip("`")
        partitions = self.spark.partitions_for(self.opts)
        return FakeFrame(dict(self.opts), self.spark.view_columns[view], partitions, self.spark.types)


class FakeSpark:
    """Answers queries from a dict (SQL text -> rows, or a callable), knows each view's columns,
    and makes read partitions the way Spark does unless ``ignore_ranges`` (Glue's DynamicFrame
    reader ignoring undocumented options: one partition)."""

    def __init__(self, answers, view_columns, types=None, ignore_ranges=False):
        self.answers, self.view_columns, self.types = answers, view_columns, types or {}
        self.ignore_ranges = ignore_ranges
        self.loads = []

    @property
    def read(self):
        return FakeReader(self)

    def answer(self, sql):
        for pattern, rows in self.answers.items():
            if pattern in sql:
                return rows(sql) if callable(rows) else copy.deepcopy(rows)
        raise AssertionError(f"unexpected query: {sql}")

    def partitions_for(self, opts):
        if self.ignore_ranges or "partitionColumn" not in opts:
            return 1
        return core.expected_read_partitions(int(opts["lowerBound"]), int(opts["upperBound"]),
                                             int(opts["numPartitions"]))


class FakeGlueContext:
    def __init__(self, spark, conf=None):
        self.spark_session = spark
        self._conf = conf if conf is not None else JavaMapLike(GLUE_CONF)

    def extract_jdbc_conf(self, connection_name, catalog_id=None):
        if isinstance(self._conf, Exception):
            raise self._conf
        return self._conf


# --- running a rendered job with runtime/run_local.py -----------------------------------------


class LocalJob:
    """A rendered job (script + ddbm_core.py in ``<root>/glue``), a connections file whose password
    comes from the environment, and runs of it through runtime/run_local.py (as Glue starts a run
    from the console: JOB_RUN_ID, no --ddbm_run_id unless given)."""

    def __init__(self, root, spec, mysql_port, database, user, password, endpoint):
        import shutil

        import conftest

        self.root, self.spec, self.password, self.endpoint = root, spec, password, endpoint
        glue = os.path.join(root, "glue")
        os.makedirs(glue, exist_ok=True)
        shutil.copy(os.path.join(conftest.GLUE_TEMPLATES, "ddbm_core.py"), os.path.join(glue, "ddbm_core.py"))
        self.script = render_job(spec, glue)
        self.connections = os.path.join(root, "connections.json")
        with open(self.connections, "w", encoding="utf-8") as handle:
            json.dump({"connections": {"local-mysql": {
                "url": f"jdbc:mysql://127.0.0.1:{mysql_port}/{database}", "user": user,
                "password_env": "DDBM_JOB_TEST_PWD"}}}, handle)
        self.out = os.path.join(root, "out")

    def command(self, *extra, endpoint=None):
        import conftest

        return [sys.executable, os.path.join(conftest.RUNTIME, "run_local.py"), self.script,
                "--connections", self.connections, "--out", self.out,
                "--dynamodb-endpoint", endpoint or self.endpoint, "--ddbm_connection", "local-mysql",
                "--ddbm_partitions", "2", *extra]

    def env(self):
        return dict(os.environ, DDBM_JOB_TEST_PWD=self.password)

    def run(self, *extra, endpoint=None):
        import subprocess

        done = subprocess.run(self.command(*extra, endpoint=endpoint), capture_output=True, text=True,
                              timeout=600, env=self.env())
        assert self.password not in done.stdout + done.stderr, "the MySQL password must never be logged"
        return done

    def start(self, *extra):
        import subprocess

        return subprocess.Popen(self.command(*extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=self.env())

    def reports(self):
        return os.path.join(self.out, "reports", self.spec["table"])

    def summary(self, run_id):
        with open(os.path.join(self.reports(), run_id + ".json"), encoding="utf-8") as handle:
            return json.load(handle)

    def summaries(self):
        folder = self.reports()
        return sorted(n[:-5] for n in os.listdir(folder) if n.endswith(".json") and n != "high-water-mark.json")

    def high_water_mark(self):
        path = os.path.join(self.reports(), "high-water-mark.json")
        if not os.path.exists(path):
            return None
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)

    def progress(self, run_id):
        folder = os.path.join(self.reports(), run_id, "progress")
        docs = {}
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            if name.endswith(".json"):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    docs[name] = json.load(handle)
        return docs

    def dead_letters(self, run_id):
        folder = os.path.join(self.out, "dead-letters", self.spec["table"], run_id)
        lines = []
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                lines.extend(json.loads(line) for line in handle if line.strip())
        return lines
