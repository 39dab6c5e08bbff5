"""Conformance of ``check`` to the contract's JSON Schema, driven by the schema itself.

Contracts are drawn by Hypothesis from ``contracts/migration_contract_schema.json`` (through
``schema_variants``: hypothesis-jsonschema for the leaves), each one validated against the original
schema with ``jsonschema``, and checked by ``ddb-migrate check`` in batches (one process per batch,
several files). For every schema-valid contract:

- ``check`` never crashes: exit 0 or 1, one JSON document on stdout, nothing but diagnostics;
- it never makes a shape or type diagnostic the schema does not make: whatever the schema accepts
  parses; only semantic diagnostics remain (a relation not in scope, a key no attribute gives, ...);
- ``generate`` never leaves a partial output: on errors the output directory does not exist.

The run is reproducible: on failure Hypothesis prints the shrunk batch and a
``@reproduce_failure`` blob (``print_blob``), and ``--hypothesis-seed=N`` fixes the draw;
``DDBM_CONFORMANCE_EXAMPLES`` sets the number of batches (700: about 1,500 contracts per run, as
measured here; a draw holds only a few contracts of ~5 KB before Hypothesis's buffer overruns).
"""

import json
import os
import subprocess
import tempfile

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import REPO
from e2e_support import ddbm_binary
from schema_variants import generation_schema, strategy

SCHEMA_PATH = os.path.join(REPO, "contracts", "migration_contract_schema.json")
with open(SCHEMA_PATH, encoding="utf-8") as handle:
    SCHEMA = json.load(handle)
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)

#: The decoder's codes for a document of the wrong shape: a value of the wrong JSON type, a
#: required key missing, a word outside its closed set, malformed JSON, a key given twice.
#: A schema-valid contract must never get one (as an error; report-only keys warn).
SHAPE_CODES = {"json-syntax", "wrong-type", "missing-key", "invalid-value", "duplicate-key"}

#: Names and fragments mixed into free-text strings, so that generated contracts often name
#: relations, columns and attributes that exist in each other and reach Sema's later checks.
WORDS = st.sampled_from([
    "users", "orders", "id", "user_id", "email", "name", "PK", "SK", "GSI1PK", "created_at",
    "users.id", "orders.user_id = users.id", "users.email", "orders.total", "o.user_id = users.id",
    "o", "u", "'literal'", "price * 2", "COUNT(*)", "users.id > 10", "{id}", "USER#{id}", "#",
    "ORDER#{user_id}", "%Y-%m-%d", "0.00", "deleted_at IS NULL", "NOW()", "",
])

BATCH = 40
EXAMPLES = int(os.environ.get("DDBM_CONFORMANCE_EXAMPLES", "700"))
CONTRACTS = strategy(generation_schema(SCHEMA), text=WORDS)


def run_check(paths):
    done = subprocess.run([ddbm_binary(), "check", "--format", "json", *paths], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode in (0, 1), (
        f"check exited {done.returncode} (a crash?) on one of {len(paths)} contracts\nstderr:\n{done.stderr[-3000:]}")
    assert "Fatal error" not in done.stderr and "Stack dump" not in done.stderr, done.stderr[-3000:]
    return done.returncode, json.loads(done.stdout)


def write_batch(folder, contracts):
    paths = []
    for i, contract in enumerate(contracts):
        assert VALIDATOR.is_valid(contract), "the generator drew a schema-invalid contract: " + \
            next(VALIDATOR.iter_errors(contract)).message
        path = os.path.join(folder, f"c{i:03d}.json")
        with open(path, "w", encoding="utf-8") as out:
            json.dump(contract, out, indent=1)
        paths.append(path)
    return paths


@settings(max_examples=EXAMPLES, deadline=None, database=None, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(st.lists(CONTRACTS, min_size=1, max_size=BATCH))
def test_schema_valid_contracts_get_only_semantic_diagnostics(contracts):
    with tempfile.TemporaryDirectory() as folder:
        paths = write_batch(folder, contracts)
        _, result = run_check(paths)
        shape = [d for d in result["diagnostics"] if d["severity"] == "error" and d["code"] in SHAPE_CODES]
        assert not shape, "shape diagnostics on schema-valid contracts:\n" + "\n".join(
            f"{d['location']['file']}:{d['location']['line']}:{d['location']['column']}: {d['code']}: {d['message']}\n"
            + open(d["location"]["file"], encoding="utf-8").read()[:2000] for d in shape[:3])
        files = {d["location"]["file"] for d in result["diagnostics"] if d.get("location")}
        assert files <= set(paths), f"diagnostics name files that were not checked: {files - set(paths)}"


@settings(max_examples=max(EXAMPLES // 20, 5), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(CONTRACTS)
def test_generate_writes_all_or_nothing(contract):
    with tempfile.TemporaryDirectory() as folder:
        path, = write_batch(folder, [contract])
        out = os.path.join(folder, "out")
        done = subprocess.run([ddbm_binary(), "generate", path, "--out", out, "--format", "json"],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode in (0, 1), f"generate exited {done.returncode}\n{done.stderr[-3000:]}"
        if done.returncode == 1:
            assert not os.path.exists(out), "generate failed but left an output directory"
            assert os.listdir(folder) == [os.path.basename(path)], f"left behind: {os.listdir(folder)}"
        else:
            assert os.path.isfile(os.path.join(out, "manifest.json"))


def test_a_batch_reports_each_contract_as_if_checked_alone():
    """Several files in one ``check`` give, per file, exactly the diagnostics of that file alone."""
    examples = [os.path.join(REPO, "contracts", name, "contract.json") for name in ("modernizer", "coverage")]
    examples.append(os.path.join(REPO, "contracts", "modernizer", "original", "migrationContract.json"))
    examples = [p for p in examples if os.path.exists(p)]
    assert len(examples) >= 3
    code, together = run_check(examples)
    alone = [run_check([p]) for p in examples]
    assert code == max(c for c, _ in alone)
    assert together["diagnostics"] == [d for _, r in alone for d in r["diagnostics"]]
    assert together["errors"] == sum(r["errors"] for _, r in alone) > 0, "the original contract has known defects"
