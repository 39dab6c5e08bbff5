"""The job spec's JSON Schema (schemas/job-spec.v2.schema.json), checked on both sides.

- Swift side: every spec ``generate`` writes, for every contract in contracts/ and Tests/Cases,
  is valid against the schema, and both scripts of a table embed the manifest's spec.
- Python side: ``ddbm_core.JobSpec.from_dict`` accepts exactly the documents the schema accepts
  and that keep the cross-field rules the schema lists (``x-ddbm-cross-field-rules``: names that
  must refer to other names, which JSON Schema cannot state). Shown with documents drawn from the
  schema (hypothesis-jsonschema) and with mutations of the real specs; every rejected document
  raises ``SpecError``, never another exception. ddbm_core runs on Glue without jsonschema, so it
  keeps its own checks: this test proves they are the same rules.
- The job's argument defaults (``OPTIONAL_ARGUMENTS``, ``RunSettings``) are the config's defaults,
  read from the arguments ``generate`` writes without ``--config`` (``MigrationConfig.placeholder``,
  the base ``ConfigParser`` fills every missing setting from).
"""

import ast
import copy
import dataclasses
import glob
import json
import os
import subprocess

import jsonschema
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis.errors import NoSuchExample
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

import ddbm_core as core
import ddbm_validate
from e2e_support import REPO, ddbm_binary

SCHEMA_PATH = os.path.join(REPO, "schemas", "job-spec.v2.schema.json")
with open(SCHEMA_PATH, encoding="utf-8") as handle:
    SCHEMA = json.load(handle)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

CONTRACTS = sorted(glob.glob(os.path.join(REPO, "contracts", "*", "contract.json"))
                   + glob.glob(os.path.join(REPO, "Tests", "Cases", "*", "contract.json")))


def contract_id(path: str) -> str:
    return os.path.relpath(os.path.dirname(path), REPO)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """{contract id: manifest} of a `generate` of every contract, with the scripts' embedded specs."""
    out = {}
    for contract in CONTRACTS:
        target = tmp_path_factory.mktemp("spec") / "out"
        done = subprocess.run([ddbm_binary(), "generate", contract, "--out", str(target)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"generate {contract_id(contract)} exited {done.returncode}\n{done.stderr[-3000:]}"
        with open(target / "manifest.json", encoding="utf-8") as handle:
            manifest = json.load(handle)
        for job in manifest["jobs"]:
            job["embedded"] = [embedded_spec(target / script) for script in
                               (job["script"], job["validation"]["script"])]
        out[contract_id(contract)] = manifest
    return out


def embedded_spec(script) -> dict:
    """The JOB_SPEC_JSON literal of a generated script, parsed (the script is not run)."""
    tree = ast.parse(script.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "JOB_SPEC_JSON" for t in node.targets):
            return json.loads(ast.literal_eval(node.value))
    raise AssertionError(f"{script} has no JOB_SPEC_JSON")


def real_specs(generated) -> list:
    return [job["job_spec"] for manifest in generated.values() for job in manifest["jobs"]]


def test_every_contract_is_covered():
    assert len(CONTRACTS) >= 25, CONTRACTS
    assert {"contracts/modernizer", "contracts/coverage"} <= {contract_id(c) for c in CONTRACTS}


def test_every_generated_spec_is_valid_and_is_what_both_scripts_embed(generated):
    count = 0
    for name, manifest in generated.items():
        for job in manifest["jobs"]:
            spec = job["job_spec"]
            errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(spec)]
            assert errors == [], f"{name} {job['table']}: {errors}"
            assert job["embedded"] == [spec, spec], f"{name} {job['table']}: the scripts embed another spec"
            parsed = core.JobSpec.from_dict(spec)
            assert parsed.table == job["table"]
            count += 1
    assert count >= len(CONTRACTS)


def test_the_schema_is_closed_and_versioned():
    """draft 2020-12, `additionalProperties: false` on every object, the version the core reads."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["properties"]["spec_version"] == {"const": core.SPEC_VERSION}
    objects = []

    def walk(node):
        if isinstance(node, dict):
            kinds = node.get("type")
            if kinds == "object" or (isinstance(kinds, list) and "object" in kinds):
                objects.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(SCHEMA)
    # The spec, attributes[], write, sources[] and bounds; the `if` of write only selects.
    closed = [o for o in objects if "properties" in o and "additionalProperties" in o]
    assert len(closed) == 5
    assert all(o["additionalProperties"] is False for o in closed)
    assert set(SCHEMA["properties"]) == set(core._SPEC_KEYS)
    assert SCHEMA["properties"]["attributes"]["items"]["properties"]["type"]["enum"] == list(core.ATTRIBUTE_TYPES)
    assert SCHEMA["properties"]["write"]["properties"]["mode"]["enum"] == list(core.WRITE_MODES)


# --- the differential: schema + cross-field rules == ddbm_core ---------------------------------

KEY_TYPES = set(core.KEY_TYPES)


def cross_field_violations(doc: dict) -> list:
    """The rules of ``x-ddbm-cross-field-rules``, for a document the schema accepts."""
    found = []
    attributes = doc["attributes"]
    names = [a["name"] for a in attributes]
    types = {a["name"]: a["type"] for a in attributes}
    entity_column, partition_column = doc.get("entity_column"), doc["partition_column"]
    if len(set(names)) != len(names):
        found.append("attribute names are unique")
    if any(n in (entity_column, partition_column) for n in names):
        found.append("no attribute is named like entity_column or partition_column")
    if entity_column == partition_column:
        found.append("entity_column and partition_column differ")
    pk, sk = doc["pk"], doc.get("sk")
    for key in (pk, sk):
        if key is not None and types.get(key) not in KEY_TYPES:
            found.append("pk and sk name attributes of type S, N or B")
    if any(types.get(g) not in KEY_TYPES for g in doc.get("gsi_keys", [])):
        found.append("every gsi_keys entry names an attribute of type S, N or B")
    write = doc.get("write") or {}
    version = write.get("version_attribute") if write.get("mode") == "if-newer" else None
    if write.get("mode") == "if-newer" and (types.get(version) not in ("N", "S") or version in (pk, sk)):
        found.append("write.mode if-newer: write.version_attribute names an attribute of type N or S that is not pk or sk")
    bookmark = doc.get("bookmark_attribute")
    if bookmark is not None and bookmark not in types:
        found.append("bookmark_attribute names an attribute")
    sources = doc["sources"]
    entities = [s.get("entity") for s in sources if s.get("entity") is not None]
    views = [s["view"] for s in sources]
    if len(set(entities)) != len(entities) or len(set(views)) != len(views):
        found.append("sources[].entity values are unique, sources[].view values are unique")
    if any(c not in types for s in sources for c in s["columns"]):
        found.append("every sources[].columns entry names an attribute")
    needed = [k for k in (pk, sk, version) if k is not None]
    if any(k not in s["columns"] for s in sources for k in needed):
        found.append("every source's columns include pk, sk and (if-newer) the version attribute")
    if any(len(n.encode("utf-8")) > 65535 for n in names):
        found.append("an attribute name is at most 65535 bytes of UTF-8 (maxLength counts characters)")
    return found


def test_the_listed_rules_are_the_schemas():
    assert set(cross_field_violations.__code__.co_consts) >= set(SCHEMA["x-ddbm-cross-field-rules"])


def core_accepts(doc) -> bool:
    """True when ddbm_core parses `doc`; False when it raises SpecError (any other error fails)."""
    try:
        core.JobSpec.from_dict(doc)
    except core.SpecError:
        return False
    return True


def expected_accept(doc) -> bool:
    return VALIDATOR.is_valid(doc) and not cross_field_violations(doc)


def consistent(doc: dict) -> dict:
    """`doc` (schema-valid) changed only where it breaks a cross-field rule, so it keeps them all."""
    doc = copy.deepcopy(doc)
    if doc.get("entity_column") == doc["partition_column"]:
        doc["partition_column"] = "_partition_key" if doc["partition_column"] != "_partition_key" else "_pk"
    reserved = {doc.get("entity_column"), doc["partition_column"]}
    attributes, seen = [], set()
    for a in doc["attributes"]:
        if a["name"] not in seen and a["name"] not in reserved and len(a["name"].encode("utf-8")) <= 65535:
            seen.add(a["name"])
            attributes.append(a)
    keyable = [a["name"] for a in attributes if a["type"] in KEY_TYPES and len(a["name"]) <= 255]
    if not keyable:
        name = next(n for n in ("k", "k_", "k__") if n not in seen and n not in reserved)
        attributes.append({"name": name, "type": "S"})
        keyable = [name]
    doc["attributes"] = attributes
    types = {a["name"]: a["type"] for a in attributes}
    doc["pk"] = doc["pk"] if doc["pk"] in keyable else keyable[0]
    if doc.get("sk") is not None:
        others = [n for n in keyable if n != doc["pk"]]
        doc["sk"] = doc["sk"] if doc["sk"] in others else (others[0] if others else None)
    if "gsi_keys" in doc:
        doc["gsi_keys"] = [g for g in doc["gsi_keys"] if types.get(g) in KEY_TYPES]
    keys = [k for k in (doc["pk"], doc.get("sk")) if k is not None]
    version = None
    write = doc.get("write")
    if isinstance(write, dict) and write.get("mode") == "if-newer":
        candidates = [n for n, t in types.items() if t in ("N", "S") and n not in keys]
        if write["version_attribute"] in candidates:
            version = write["version_attribute"]
        elif candidates:
            version = write["version_attribute"] = candidates[0]
        else:
            write["mode"] = "overwrite"
    if doc.get("bookmark_attribute") is not None and doc["bookmark_attribute"] not in types:
        doc["bookmark_attribute"] = doc["pk"]
    sources, entities, views = [], set(), set()
    for source in doc["sources"]:
        entity = source.get("entity")
        if (entity is not None and entity in entities) or source["view"] in views:
            continue
        entities.add(entity)
        views.add(source["view"])
        columns = [c for c in source["columns"] if c in types]
        columns += [k for k in keys + ([version] if version else []) if k not in columns]
        source["columns"] = columns
        sources.append(source)
    doc["sources"] = sources
    return doc


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(from_schema(SCHEMA))
def test_core_accepts_what_the_schema_and_the_rules_accept(doc):
    # As drawn: accepted exactly when no cross-field rule is broken.
    assert core_accepts(doc) == (not cross_field_violations(doc)), (cross_field_violations(doc), doc)
    fixed = consistent(doc)
    assert VALIDATOR.is_valid(fixed), list(VALIDATOR.iter_errors(fixed))[:3]
    assert cross_field_violations(fixed) == []
    assert core_accepts(fixed), fixed


#: Values a mutation puts somewhere: each JSON type, the edges of the schema's bounds and enums.
ODD_SAMPLES = [None, True, False, 0, 1, 2, 2.0, 2.5, -1, "", "x", "ab", "abc", "S", "N", "L", "BOOL", "M",
               "if-newer", "if-absent", "overwrite", "IF-NEWER", "_partition_key", "_entity_type",
               "Users\n", "a b", "x" * 255, "x" * 256, [], {}, [""], ["x", "x"], {"name": "x"},
               {"name": "x", "type": "S"}, {"table": "t", "column": "c"}, {"mode": "if-newer"}]
ODD_SAMPLES_AS_WRITTEN = copy.deepcopy(ODD_SAMPLES)
#: Each draw is a fresh copy: sampled_from hands out the list's own objects, so a mutation that
#: added a field to a drawn ``{}`` changed the samples for every later example, and one that put a
#: drawn ``{}`` into itself made a cycle (RecursionError in ``paths``, then FlakyReplay in CI).
ODD_VALUES = st.one_of(
    st.sampled_from(ODD_SAMPLES).map(copy.deepcopy), st.text(max_size=6), st.integers(-3, 3),
    st.lists(st.text(max_size=3), max_size=3),
)


def paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, prefix + (index,))


def at(doc, path):
    for step in path:
        doc = doc[step]
    return doc


@st.composite
def mutated_specs(draw, specs):
    doc = copy.deepcopy(draw(st.sampled_from(specs)))
    for _ in range(draw(st.integers(1, 2))):
        every = list(paths(doc))[1:]
        path = draw(st.sampled_from(every))
        parent, last = at(doc, path[:-1]), path[-1]
        operation = draw(st.sampled_from(["replace", "delete", "add-field", "duplicate", "reuse-name"]))
        if operation == "replace":
            parent[last] = draw(ODD_VALUES)
        elif operation == "delete":
            del parent[last]
        elif operation == "add-field" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "Table", "mode", "name", "entity", "gsi_key"]))] = draw(ODD_VALUES)
        elif operation == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
        elif operation == "reuse-name":
            # Another name of the spec in this place: the cross-field rules' territory.
            names = [v for p in paths(doc) for v in [at(doc, p)] if isinstance(v, str)]
            parent[last] = draw(st.sampled_from(names))
    return doc


SPECS_FOR_MUTATION = []


@pytest.fixture(scope="module")
def specs_for_mutation(generated):
    SPECS_FOR_MUTATION[:] = real_specs(generated)
    return SPECS_FOR_MUTATION


def test_mutations_of_real_specs(specs_for_mutation):
    """Every mutation the schema (or a cross-field rule) rejects, ddbm_core rejects with SpecError,
    and every one they accept, ddbm_core accepts."""
    outcomes = {"accepted": 0, "rejected by the schema": 0, "rejected by a cross-field rule": 0}

    @settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(mutated_specs(specs_for_mutation))
    def check(doc):
        schema_valid = VALIDATOR.is_valid(doc)
        expected = schema_valid and not cross_field_violations(doc)
        assert core_accepts(doc) == expected, (schema_valid, cross_field_violations(doc) if schema_valid else None, doc)
        outcomes["accepted" if expected else "rejected by the schema" if not schema_valid
                 else "rejected by a cross-field rule"] += 1
    check()
    # The mutations reach all three outcomes (hypothesis runs at least this many).
    assert all(n > 20 for n in outcomes.values()), outcomes


def node_ids(node):
    """The ids of every list and dict in a document, once per place it is found."""
    if isinstance(node, dict):
        return [id(node)] + [i for value in node.values() for i in node_ids(value)]
    if isinstance(node, list):
        return [id(node)] + [i for value in node for i in node_ids(value)]
    return []


def test_odd_values_are_fresh_objects():
    """Two draws never give the same list or dict: a shared ``{}`` once made the mutation test flaky
    (a mutation inside one drawn dict changed it wherever else it had been put)."""
    with pytest.raises(NoSuchExample):
        find(st.tuples(ODD_VALUES, ODD_VALUES), lambda pair: isinstance(pair[0], (dict, list)) and pair[0] is pair[1],
             settings=settings(max_examples=2000, database=None))


def test_mutations_neither_share_nodes_nor_change_the_samples(specs_for_mutation):
    """Each mutated spec is a tree (no list or dict in two places, no cycle), and drawing leaves the
    mutation values as written."""
    @settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(mutated_specs(specs_for_mutation))
    def check(doc):
        ids = node_ids(doc)
        assert len(ids) == len(set(ids)), doc
        assert ODD_SAMPLES == ODD_SAMPLES_AS_WRITTEN
    check()


def test_known_mutations_are_spec_errors(specs_for_mutation):
    """Hand-picked edges: one per bound and enum, each rejected by both sides."""
    base = next(s for s in specs_for_mutation if s.get("entity_column") is None)
    multi = next(s for s in specs_for_mutation if s.get("entity_column") is not None)
    cases = [
        (base, lambda d: d.update(spec_version=1)), (base, lambda d: d.update(spec_version=True)),
        (base, lambda d: d.update(table="ab")), (base, lambda d: d.update(table="Users\n")),
        (base, lambda d: d.update(table="x" * 256)), (base, lambda d: d.update(view="")),
        (base, lambda d: d.update(pk="x" * 256)), (base, lambda d: d.update(extra=1)),
        (base, lambda d: d.update(write=False)), (base, lambda d: d.update(write={"mode": "IF-NEWER"})),
        (base, lambda d: d.update(write={"mode": "if-newer", "version_attribute": None})),
        (base, lambda d: d.update(gsi_keys=None)), (base, lambda d: d.update(attributes=[])),
        (base, lambda d: d["attributes"][0].update(type="STRING")),
        (base, lambda d: d["sources"].append(copy.deepcopy(d["sources"][0]) | {"view": "other"})),
        (base, lambda d: d["sources"][0].update(entity="USER")),
        (base, lambda d: d["sources"][0].update(bounds={"table": "t"})),
        (base, lambda d: d["sources"][0].update(columns=d["sources"][0]["columns"] * 2)),
        (multi, lambda d: d["sources"][0].update(entity=None)),
        (multi, lambda d: d["sources"][0].update(entity="")),
    ]
    for spec, mutate in cases:
        doc = copy.deepcopy(spec)
        mutate(doc)
        assert not VALIDATOR.is_valid(doc), doc
        with pytest.raises(core.SpecError):
            core.JobSpec.from_dict(doc)


# --- defaults ---------------------------------------------------------------------------------

#: The job argument of each config setting (docs/CONFIG.md `writes.*`) and its RunSettings field.
CONFIG_ARGUMENTS = {
    "ddbm_partitions": "partitions",
    "ddbm_max_concurrent_writes": "max_concurrent_writes",
    "ddbm_max_attempts": "max_attempts",
    "ddbm_failure_threshold": "failure_threshold",
    "ddbm_failure_window": "failure_window",
    "ddbm_max_write_units_per_second": "max_write_units_per_second",
}


def test_the_jobs_defaults_are_the_configs(generated):
    manifest = generated["contracts/modernizer"]
    defaults = {f.name: f.default for f in dataclasses.fields(core.RunSettings)}
    for job in manifest["jobs"]:
        arguments = job["default_arguments"]
        for argument, field in CONFIG_ARGUMENTS.items():
            config_value = float(arguments["--" + argument])
            assert float(core.OPTIONAL_ARGUMENTS[argument]) == config_value, argument
            assert float(defaults[field]) == config_value, field
        validation = job["validation"]["default_arguments"]
        assert float(ddbm_validate.OPTIONAL_ARGUMENTS["ddbm_partitions"]) == float(validation["--ddbm_partitions"])
