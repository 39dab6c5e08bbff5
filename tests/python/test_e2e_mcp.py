"""`ddb-migrate mcp` end to end with a real MCP client (the Python `mcp` SDK, over stdio), against
the test MariaDB and moto (tests/moto_ext, as the Swift deploy tests use it).

The client lists the tools and checks their schemas, then drives the modernizer example: check
(the original contract's defects at their lines and columns), generate, the generated files as
resources, apply_views (with progress), preflight, plan, deploy refused without
--allow-aws-writes and done by a second server started with it, status; report (no runs yet: the
CLI's error; a hand-made run-local folder: its figures); cleanup as a dry run (nothing changes),
refused with confirm but without --allow-aws-writes, done by the second server, then nothing to
do; bad arguments give tool errors and the server answers the next call. Every result is scanned for the MySQL password and
the AWS secret key. No Spark runs.

The scenario is a list of steps (STEPS) over one shared state; a new tool's step is one more
function in that list.
"""

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request

import boto3
import pytest
from conftest import REPO, free_port
from e2e_support import E2E_PASSWORD, Pipeline, ddbm_binary

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

MODERNIZER = os.path.join(REPO, "contracts", "modernizer")
MOTO_EXT = os.path.join(REPO, "tests", "moto_ext")
#: Distinctive, so finding it in a result cannot be a coincidence (moto takes any key).
AWS_SECRET = "mcp-e2e-Aws-Secret-Key-4c1"
TOOLS = ["check_contract", "generate", "introspect", "apply_views", "preflight", "plan", "deploy", "status", "validate",
         "report", "cleanup"]


@pytest.fixture(scope="module")
def moto_ext(tmp_path_factory):
    """tests/moto_ext/server.py: moto with the project's extensions (Glue connections, ...)."""
    port = free_port()
    log = open(tmp_path_factory.mktemp("moto-ext") / "moto.log", "w")
    proc = subprocess.Popen([sys.executable, os.path.join(MOTO_EXT, "server.py"), "-H", "127.0.0.1", "-p", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            with urllib.request.urlopen(url + "/moto-api/", timeout=1):
                break
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("moto_ext did not start")
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


def seed_account(endpoint, manifest):
    """The account deploy expects: the tables as the manifest wants them, PITR, the Glue
    connection in a VPC that reaches DynamoDB and S3 (fixture.py's default network)."""
    def key(k):
        return [k["name"], k["type"]] if k else None
    tables = [{"name": t["name"], "pk": key(t.get("partition_key")), "sk": key(t.get("sort_key")),
               "gsis": [{"name": g["name"], "pk": key(g.get("partition_key")), "sk": key(g.get("sort_key")),
                         "projection": g.get("projection", "ALL")} for g in t.get("global_secondary_indexes", [])]}
              for t in manifest["tables"]]
    spec = {"region": "us-east-1", "bucket": manifest["s3"]["bucket"], "bucket_region": "us-east-1", "tables": tables,
            "pitr": True, "network": {},
            "connection": {"name": manifest["glue_connection"], "availability_zone": "us-east-1a",
                           "jdbc_url": "jdbc:mysql://shop.abc123.us-east-1.rds.amazonaws.com:3306/shop"}}
    subprocess.run([sys.executable, os.path.join(MOTO_EXT, "fixture.py"), endpoint, "seed", json.dumps(spec)],
                   check=True, capture_output=True, text=True, timeout=120)


class State:
    """What the steps share: the root, the source database, the server's command line, and every
    result seen (for the secret scan)."""

    def __init__(self, root, pipeline, endpoint):
        self.root, self.pipeline, self.endpoint = root, pipeline, endpoint
        self.results = []
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": root,
            "MYSQL_PWD": E2E_PASSWORD,
            "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "AKIAMCPE2ETEST", "AWS_SECRET_ACCESS_KEY": AWS_SECRET,
            "AWS_REGION": "us-east-1", "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
            "AWS_EC2_METADATA_DISABLED": "true",
        }

    def server(self, *extra):
        # The URL carries no password: the server takes it from MYSQL_PWD.
        return StdioServerParameters(command=ddbm_binary(), cwd=self.root, env=self.env, args=[
            "mcp", "--root", self.root, "--mysql", self.pipeline.url, "--config", "modernizer/config.json", *extra])

    async def call(self, session, tool, arguments, progress=None):
        result = await session.call_tool(tool, arguments, progress_callback=progress)
        self.results.append((tool, result.model_dump(mode="json")))
        return result


def text(result):
    return "\n".join(c.text for c in result.content if c.type == "text")


def actions(plan):
    """The actions a plan has for everything but the artifacts bucket (which the seed made)."""
    return {c["action"] for c in plan["changes"] if not c["resource"].startswith("S3 bucket ")}


def error_of(result):
    assert result.is_error, text(result)
    return result.structured_content["error"]


# --- the steps ----------------------------------------------------------------------------------

async def step_list_tools(state, session):
    tools = {t.name: t for t in (await session.list_tools()).tools}
    assert sorted(tools) == sorted(TOOLS)
    for name, tool in tools.items():
        schema = tool.input_schema
        assert schema["type"] == "object" and schema["additionalProperties"] is False, name
        assert set(schema["required"]) <= set(schema["properties"]), name
        for prop, spec in schema["properties"].items():
            assert spec.get("type") in ("string", "integer", "number", "boolean", "array"), (name, prop)
            assert spec.get("description"), (name, prop)
        assert tool.description
    assert tools["deploy"].annotations.destructive_hint is True
    assert tools["check_contract"].annotations.read_only_hint is True
    assert tools["apply_views"].input_schema["required"] == ["dir"]


async def step_check(state, session):
    original = "modernizer/original/migrationContract.json"
    result = await state.call(session, "check_contract", {"contract": original})
    assert not result.is_error, text(result)
    doc = result.structured_content
    assert doc["ok"] is False and doc["errors"] > 0
    # The same diagnostics as `ddb-migrate check --format json`, files named relative to the root.
    cli = json.loads(subprocess.run([ddbm_binary(), "check", original, "--format", "json"], cwd=state.root,
                                    capture_output=True, text=True, timeout=60).stdout)
    assert doc["diagnostics"] == cli["diagnostics"]
    errors = {(d["location"]["line"], d["location"]["column"], d["code"]) for d in doc["diagnostics"] if d["severity"] == "error"}
    assert (475, 32, "degenerate-join") in errors and (477, 28, "unknown-relation") in errors
    assert all(d["location"]["file"] == original for d in doc["diagnostics"])
    assert f"{doc['errors']} error" in text(result)

    clean = await state.call(session, "check_contract", {"contract": "modernizer/contract.json", "schema": "modernizer/schema.json"})
    assert clean.structured_content["ok"] is True and clean.structured_content["errors"] == 0


async def step_generate(state, session):
    result = await state.call(session, "generate", {"contract": "modernizer/contract.json", "schema": "modernizer/schema.json",
                                                    "dialect": "mariadb", "out": "out"})
    assert not result.is_error, text(result)
    doc = result.structured_content
    assert doc["out"] == "out" and "views.sql" in doc["files"] and "manifest.json" in doc["files"]
    assert doc["manifest"]["tables"] == ["Categories", "Products", "Users"]
    assert doc["manifest"]["region"] == "us-east-1" and doc["manifest"]["bucket"] == "shop-migration-artifacts"
    assert text(result).startswith(f"wrote {len(doc['files'])} files to out (3 tables)")
    with open(os.path.join(state.root, "out", "manifest.json"), encoding="utf-8") as handle:
        state.manifest = json.load(handle)

    # The generated files are resources, read back byte for byte.
    uris = {str(r.uri) for r in (await session.list_resources()).resources}
    for path in ("views.sql", "manifest.json"):
        assert f"ddbm://generated/out/{path}" in uris
    assert any(u.startswith("ddbm://generated/out/glue/") for u in uris)
    assert any(u.startswith("ddbm://generated/out/iam/") for u in uris)
    read = await session.read_resource("ddbm://generated/out/views.sql")
    with open(os.path.join(state.root, "out", "views.sql"), encoding="utf-8") as handle:
        assert read.contents[0].text == handle.read()
    with pytest.raises(Exception):
        await session.read_resource("ddbm://generated/../outside.txt")


async def step_apply_views(state, session):
    seen = []

    async def progress(done, total, message):
        seen.append((done, total, message))

    result = await state.call(session, "apply_views", {"dir": "out"}, progress)
    assert not result.is_error, text(result)
    views = result.structured_content["views"]
    with open(os.path.join(state.root, "out", "views.sql"), encoding="utf-8") as handle:
        created = re.findall(r"^CREATE OR REPLACE VIEW `([^`]+)`", handle.read(), re.M)
    assert [v["view"] for v in views] == created and "ddb_users_view" in created
    assert all(v["status"] == "ok" and v["rows"] > 0 for v in views)
    # One notification per view, in order, with the counts the result has.
    assert len(seen) == len(views)
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)
    assert all(f"{v['rows']} rows" in m for v, (_, _, m) in zip(views, seen))


async def step_preflight(state, session):
    result = await state.call(session, "preflight", {"contract": "modernizer/contract.json", "schema": "modernizer/schema.json"})
    assert not result.is_error, text(result)
    tables = {t["table"]: t for t in result.structured_content["tables"]}
    assert sorted(tables) == ["Categories", "Products", "Users"]
    assert all(not t["blocking"] and t["rows"] > 0 for t in tables.values())
    # The generated directory (verified) gives the same reports as the contract.
    from_dir = await state.call(session, "preflight", {"dir": "out"})
    assert not from_dir.is_error, text(from_dir)
    assert from_dir.structured_content == result.structured_content
    for arguments in ({}, {"dir": "out", "contract": "modernizer/contract.json"}):
        assert "exactly one of arguments.dir" in error_of(await state.call(session, "preflight", arguments))["message"]
    assert "is a directory" in error_of(await state.call(session, "preflight", {"contract": "out"}))["message"]


async def step_plan(state, session):
    seed_account(state.endpoint, state.manifest)
    result = await state.call(session, "plan", {"dir": "out", "estimate": True})
    assert not result.is_error, text(result)
    doc = result.structured_content
    assert doc["has_changes"] is True and doc["checks"]["problems"] == []
    # The bucket exists (seeded); the role, its policy, scripts and jobs are to be created.
    assert actions(doc) == {"create"}
    assert any(c["resource"] == "Glue job shop-migrate-Users" for c in doc["changes"])
    assert sorted(e["table"] for e in doc["estimate"]) == ["Categories", "Products", "Users"]
    assert "checks deploy runs before writing:" in text(result)


async def step_deploy_refused(state, session):
    result = await state.call(session, "deploy", {"dir": "out"})
    err = error_of(result)
    assert err["exit_class"] == "input" and err["exit_code"] == 1
    assert "--allow-aws-writes" in err["message"]
    # Nothing was written: the plan still wants to create everything.
    plan = await state.call(session, "plan", {"dir": "out"})
    assert actions(plan.structured_content) == {"create"}


async def step_deploy_allowed(state, session):
    async with stdio_client(state.server("--allow-aws-writes")) as (read, write):
        async with ClientSession(read, write) as writer:
            await writer.initialize()
            seen = []

            async def progress(done, total, message):
                seen.append(message)

            result = await state.call(writer, "deploy", {"dir": "out"}, progress)
            assert not result.is_error, text(result)
            doc = result.structured_content
            assert doc["account"] == "123456789012"
            assert any(line.startswith("deployed: ") for line in doc["log"])
            assert any("preconditions hold" in m for m in seen) and len(seen) >= len(doc["changes"])
            again = await state.call(writer, "plan", {"dir": "out"})
            assert again.structured_content["has_changes"] is False, text(again)


async def step_status(state, session):
    result = await state.call(session, "status", {"dir": "out"})
    assert not result.is_error, text(result)
    jobs = {j["table"]: j for j in result.structured_content["jobs"]}
    assert sorted(jobs) == ["Categories", "Products", "Users"]
    assert all(j["deployed"] and j["runs"] == [] for j in jobs.values())
    assert "NO RUNS" in text(result)


def summary_doc(table, view, run_id, read, written, dead, started, finished):
    """A run summary as the job writes it (templates/glue/README.md, "Run summary")."""
    return {"summary_version": 1, "table": table, "view": view, "run_id": run_id, "status": "succeeded",
            "started_at": started, "finished_at": finished, "write_mode": "if-absent", "partitions": 1,
            "counters": {"read": read, "written": written, "skipped": 0, "dead_lettered": dead, "throttled_retries": 0},
            "consumed_write_units": float(written), "dead_letter_reasons": {"missing-key": dead} if dead else {},
            "dead_letter_prefix": f"dead-letters/{table}/{run_id}/", "high_water_mark": None, "error": None,
            "partition_errors": []}


def validation_doc(counts, finished):
    """A validation document as `validate` writes it (docs/VALIDATE.md), every table matched."""
    tables = []
    for table, (read, written, dead) in counts.items():
        tables.append({
            "table": table, "view_rows": read,
            "excluded_rows": {"count": dead, "by_reason": {"missing-key": dead} if dead else {}},
            "expected_items": written, "items": written, "matched": written,
            "missing_keys": {"count": 0, "examples": []}, "unexpected_keys": {"count": 0, "examples": []},
            "attribute_mismatches": {"count": 0, "compared": written, "examples": []},
            "gsis": [], "entities": [], "sample": {"size": written, "full": True},
            "accounting": {"runs": 1, "replays": 0, "balanced": True, "read": read, "written": written, "skipped": 0, "dead_lettered": dead,
                           "dead_letter_reasons": {"missing-key": dead} if dead else {}, "unbalanced_runs": []},
            "score": 100, "score_terms": {"missing": 0, "unexpected": 0, "mismatched": 0, "gsi": 0, "discrepancies": 0},
            "passed": True})
    return {"validation_version": 1, "tool": "ddb-migrate", "run": "val-mcp-1", "on": "local", "started_at": finished,
            "finished_at": finished, "seed": 1, "min_score": 100, "passed": True, "tables": tables}


def write_json(path, doc):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(doc, handle)


async def step_report(state, session):
    # No Spark here, so no run has happened: the CLI's message and exit class.
    err = error_of(await state.call(session, "report", {"dir": "out"}))
    cli = subprocess.run([ddbm_binary(), "report", "out"], cwd=state.root, env=state.env,
                         capture_output=True, text=True, timeout=120)
    assert cli.returncode == 1 and err["exit_class"] == "input" and err["exit_code"] == 1
    assert "has no run summary yet" in err["message"]
    assert "error: " + err["message"] == cli.stderr.strip()
    assert not os.path.exists(os.path.join(state.root, "out", "report"))

    # A run-local work folder made by hand: one run per table, and a validation of all of them.
    counts = {"Categories": (4, 4, 0), "Products": (12, 11, 1), "Users": (7, 7, 0)}
    views = {t["name"]: t["view"] for t in state.manifest["tables"]}
    work = os.path.join(state.root, "work")
    for i, (table, (read, written, dead)) in enumerate(sorted(counts.items())):
        write_json(os.path.join(work, table, "reports", table, f"run-{table}.json"),
                   summary_doc(table, views[table], f"run-{table}", read, written, dead,
                               f"2026-01-01T10:0{i}:00Z", f"2026-01-01T10:0{i}:30Z"))
    write_json(os.path.join(work, "validation", "val-mcp-1.json"), validation_doc(counts, "2026-01-01T10:10:00Z"))
    # Products' dead letter (templates/glue/README.md, "Dead letters"): a row without its key.
    letter = {"table": "Products", "run_id": "run-Products", "reason": "missing-key", "detail": "PK is NULL", "attempts": 1,
              "last_error": None, "row": {"_entity_type": "PRODUCT", "_partition_key": 3, "PK": None, "SK": "META"}}
    path = os.path.join(work, "Products", "dead-letters", "Products", "run-Products", "part-00000.jsonl")
    os.makedirs(os.path.dirname(path))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(letter) + "\n")

    seen = []

    async def progress(done, total, message):
        seen.append(message)

    result = await state.call(session, "report", {"dir": "out", "runs": "work", "out": "reports/mcp"}, progress)
    assert not result.is_error, text(result)
    doc = result.structured_content
    assert doc["written"] == ["reports/mcp/report.md", "reports/mcp/report.json", "reports/mcp/report.html"]
    figures = {t["table"]: (t["read"], t["written"], t["dead_lettered"]) for t in doc["tables"]}
    assert figures == counts
    assert (doc["totals"]["tables"], doc["totals"]["runs"]) == (3, 3)
    assert (doc["totals"]["read"], doc["totals"]["written"], doc["totals"]["dead_lettered"]) == \
        tuple(sum(c[i] for c in counts.values()) for i in range(3))
    # The file on disk is the same document; the text ends with the executive summary.
    with open(os.path.join(state.root, "reports", "mcp", "report.json"), encoding="utf-8") as handle:
        on_disk = json.load(handle)
    assert on_disk == {k: v for k, v in doc.items() if k != "written"}
    assert text(result).splitlines()[-3:] == doc["summary"] and len(doc["summary"]) == 3
    assert any(m.startswith("wrote reports/mcp/report.md") for m in seen)
    # The replay command for the dead letter names the paths as the caller gave them.
    assert [(e["table"], e["reason"], e["unresolved"]) for e in doc["errors"]] == [("Products", "missing-key", 1)]
    assert doc["errors"][0]["commands"] == [
        "ddb-migrate replay out --config modernizer/config.json --mysql \"$MYSQL_URL\" --table Products --run run-Products"
        " --runs work --dynamodb-endpoint \"$DYNAMODB_ENDPOINT\""]


def deployed_state(state):
    """What cleanup may remove, read back from moto and MariaDB."""
    def client(service):
        return boto3.client(service, endpoint_url=state.endpoint, region_name="us-east-1",
                            aws_access_key_id=state.env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=AWS_SECRET)
    s3, iam, glue = client("s3"), client("iam"), client("glue")
    bucket, role = state.manifest["s3"]["bucket"], state.manifest["iam"]["role_name"]
    objects = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []))
    try:
        policies = iam.list_role_policies(RoleName=role)["PolicyNames"]
        has_role = True
    except iam.exceptions.NoSuchEntityException:
        policies, has_role = [], False
    jobs = sorted(j for j in glue.list_jobs()["JobNames"])
    views = state.pipeline.mariadb.sql("SELECT TABLE_NAME FROM information_schema.VIEWS "
                                       f"WHERE TABLE_SCHEMA = '{state.pipeline.database}' ORDER BY TABLE_NAME;").split()
    scripts = [a["becomes"]["key"] for a in state.manifest["artifacts"] if a["becomes"]["kind"] == "s3-object"]
    return {"scripts": [k for k in objects if k in scripts], "role": has_role, "policies": policies, "jobs": jobs, "views": views}


def by_kind(doc, action):
    out = {}
    for a in doc["actions"]:
        if a["action"] == action:
            out.setdefault(a["kind"], []).append(a["resource"])
    return out


async def step_cleanup_dry_run(state, session):
    before = deployed_state(state)
    assert before["role"] and before["jobs"] and before["scripts"] and len(before["views"]) > 0, before
    result = await state.call(session, "cleanup", {"dir": "out", "views": True})
    assert not result.is_error, text(result)
    doc = result.structured_content
    assert doc["dry_run"] is True and doc["deleted"] == [] and doc["active_runs"] == []
    deletes = by_kind(doc, "delete")
    assert sorted(deletes["glue_job"]) == [f"Glue job {j}" for j in before["jobs"]]
    assert len(deletes["script"]) == len(before["scripts"])
    assert deletes["role"] == [f"IAM role {state.manifest['iam']['role_name']}"]
    assert len(deletes["role_policy"]) == 1 and len(deletes["view"]) == len(before["views"])
    # The tables are listed, kept, with the reason.
    kept = [a for a in doc["actions"] if a["kind"] == "dynamodb_table"]
    assert len(kept) == 3 and all(a["action"] == "keep" and a["reason"] for a in kept)
    assert "dry run: nothing was changed" in text(result)
    assert deployed_state(state) == before
    state.before_cleanup = before


async def step_cleanup_refused(state, session):
    err = error_of(await state.call(session, "cleanup", {"dir": "out", "views": True, "confirm": True}))
    assert err["exit_class"] == "input" and "--allow-aws-writes" in err["message"]
    assert deployed_state(state) == state.before_cleanup


async def step_cleanup_allowed(state, session):
    async with stdio_client(state.server("--allow-aws-writes")) as (read, write):
        async with ClientSession(read, write) as writer:
            await writer.initialize()
            seen = []

            async def progress(done, total, message):
                seen.append((done, total, message))

            result = await state.call(writer, "cleanup", {"dir": "out", "views": True, "confirm": True}, progress)
            assert not result.is_error, text(result)
            doc = result.structured_content
            deletions = [a["resource"] for a in doc["actions"] if a["action"] == "delete"]
            assert doc["dry_run"] is False and doc["deleted"] == [f"deleted {r}" for r in deletions]
            # One notification per deletion, counting up to the total.
            per_action = [(d, t) for d, t, m in seen if m.startswith("deleted ")]
            assert per_action == [(float(i + 1), float(len(deletions))) for i in range(len(deletions))]
            after = deployed_state(state)
            assert after == {"scripts": [], "role": False, "policies": [], "jobs": [], "views": []}, after

            again = await state.call(writer, "cleanup", {"dir": "out", "views": True, "confirm": True})
            assert not again.is_error, text(again)
            assert again.structured_content["deleted"] == [] and by_kind(again.structured_content, "delete") == {}
            assert "nothing to delete" in text(again)


async def step_bad_arguments(state, session):
    cases = [
        ("apply_views", {}, "arguments.dir is required"),
        ("status", {"dir": 3}, "arguments.dir must be a string, got a number"),
        ("status", {"dir": "out", "runs": "three"}, "arguments.runs must be an integer, got a string"),
        ("generate", {"contract": "modernizer/contract.json", "out": "out", "password": "x"}, "has no field 'password'"),
        ("apply_views", {"dir": "/etc"}, "outside the allowed directory"),
        ("check_contract", {"contract": "../../etc/passwd"}, "outside the allowed directory"),
        ("generate", {"contract": "modernizer/contract.json", "out": "."}, "the --root directory itself"),
        ("apply_views", {"dir": "modernizer"}, "run 'ddb-migrate generate' first"),
    ]
    for tool, arguments, message in cases:
        err = error_of(await state.call(session, tool, arguments))
        assert message in err["message"], (tool, arguments, err)
        assert err["exit_class"] == "input"
        # The server still serves.
        assert len((await session.list_tools()).tools) == len(TOOLS)
    link = os.path.join(state.root, "escape")
    os.symlink("/etc", link)
    err = error_of(await state.call(session, "check_contract", {"contract": "escape/hostname"}))
    assert "outside the allowed directory" in err["message"]


STEPS = [step_list_tools, step_check, step_generate, step_apply_views, step_preflight, step_plan,
         step_deploy_refused, step_deploy_allowed, step_status, step_report, step_cleanup_dry_run,
         step_cleanup_refused, step_cleanup_allowed, step_bad_arguments]


async def scenario(state):
    async with stdio_client(state.server()) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            for step in STEPS:
                await step(state, session)


def test_mcp_drives_the_example_end_to_end(tmp_path, mariadb, moto_ext):
    root = str(tmp_path / "root")
    os.makedirs(root)
    shutil.copytree(MODERNIZER, os.path.join(root, "modernizer"), ignore=shutil.ignore_patterns("expected"))
    pipeline = Pipeline(mariadb, "e2e_mcp", os.path.join(root, "modernizer"), os.path.join(root, "modernizer", "contract.json"))
    pipeline.load_source(os.path.join(MODERNIZER, "schema.sql"), os.path.join(MODERNIZER, "seed.sql"))
    state = State(root, pipeline, moto_ext)
    asyncio.run(asyncio.wait_for(scenario(state), timeout=240))

    assert len(state.results) > 15
    for tool, result in state.results:
        dumped = json.dumps(result)
        assert E2E_PASSWORD not in dumped, f"{tool} returned the MySQL password"
        assert AWS_SECRET not in dumped, f"{tool} returned the AWS secret key"
        assert tmp_path.as_posix() not in dumped, f"{tool} named this machine's paths"


def test_a_bad_root_or_url_stops_the_server_with_a_usage_error(tmp_path):
    for args, message in [(["--root", str(tmp_path / "missing")], "does not exist"),
                          (["--root", str(tmp_path), "--mysql", "postgres://x"], "--mysql"),
                          (["--root", str(tmp_path), "--config", "/etc/hostname"], "outside the allowed directory")]:
        done = subprocess.run([ddbm_binary(), "mcp", *args], input="", capture_output=True, text=True, timeout=30)
        assert done.returncode == 2, done.stderr
        assert message in done.stderr and done.stdout == ""


def test_an_unreachable_mysql_is_a_tool_error_with_the_clis_message_and_exit_class(tmp_path):
    root = str(tmp_path)
    shutil.copytree(os.path.join(REPO, "generated", "modernizer"), os.path.join(root, "out"))
    url = f"mysql://nobody@127.0.0.1:{free_port()}/shop?connect_timeout=2"
    cli = subprocess.run([ddbm_binary(), "apply-views", "out", "--mysql", url], cwd=root,
                         capture_output=True, text=True, timeout=60)
    assert cli.returncode == 3

    async def call():
        params = StdioServerParameters(command=ddbm_binary(), cwd=root, env={"PATH": os.environ.get("PATH", "")},
                                       args=["mcp", "--mysql", url])
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                failed = await session.call_tool("apply_views", {"dir": "out"})
                # and the server still serves
                listed = await session.list_tools()
                return failed, listed

    failed, listed = asyncio.run(asyncio.wait_for(call(), timeout=60))
    err = error_of(failed)
    assert err["exit_class"] == "unreachable" and err["exit_code"] == 3
    assert "error: " + err["message"] == cli.stderr.strip()
    assert len(listed.tools) == len(TOOLS)
