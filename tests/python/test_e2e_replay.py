"""``replay`` end to end (MariaDB → generate → apply-views → run-local → DynamoDB on moto →
replay → validate), docs/REPLAY.md:

- the poison rows of ``e2e_cases/poison`` are dead-lettered by run-local (one Spark run);
- their causes are fixed in MariaDB (valid JSON, a key, distinct keys) and the oversize row is
  deleted; ``replay --dry-run`` says what it would do and writes nothing;
- ``replay`` writes the fixed rows' items, equal to what a fresh run writes (written by hand
  from the seed, as test_e2e_faults does), the deleted row is ``not-found``, and the summary,
  ``replayed.jsonl`` and exit code are as docs/REPLAY.md says; a second replay skips them all;
- ``validate`` afterwards still scores 100 with balanced accounting, the replays included;
- a row broken again is dead-lettered again (exit 1) with the job's reason;
- the same from S3 (the manifest's prefixes, as a Glue run leaves them), without ``--runs``;
- bad input: an unknown table, a run without dead letters, a tampered directory, a config that
  disagrees with the manifest: exit 1 and nothing written; MySQL or DynamoDB unreachable: exit 3.
"""

import json
import os
import shutil

import pytest

from conftest import scan_all
from e2e_support import E2E_PASSWORD, Pipeline, assert_same_items, ddbm, load_contract, reset_moto

CASE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "e2e_cases", "poison")
TABLE = "Parcels"


@pytest.fixture(scope="module", autouse=True)
def fresh_moto(moto_endpoint):
    # Other modules migrate this contract into the same moto: start from no table at all.
    reset_moto(moto_endpoint)
    yield
    reset_moto(moto_endpoint)


@pytest.fixture(scope="module")
def poison(mariadb, moto_endpoint, tmp_path_factory):
    work = tmp_path_factory.mktemp("e2e-replay")
    config = work / "config.json"
    config.write_text(json.dumps({
        "region": "us-east-1", "account_id": "123456789012",
        "s3": {"bucket": "replay-artifacts"},
        "glue": {"connection_name": "replay-mysql", "role_name": "replay-glue"},
    }))
    pipeline = Pipeline(mariadb, "e2e_replay", CASE, os.path.join(CASE, "contract.json"))
    pipeline.load_source(os.path.join(CASE, "schema.sql"), os.path.join(CASE, "seed.sql"))
    pipeline.introspect(str(work / "schema.json"))
    pipeline.generate(str(work / "out"), "--config", str(config))
    pipeline.apply_views()
    pipeline.config = str(config)
    pipeline.endpoint = moto_endpoint
    pipeline.first = pipeline.run_local(moto_endpoint, str(work), "--partitions", "2")
    # Named now: once replays sit next to it, the last summary by name is a replay's.
    pipeline.source_run = pipeline.first.summary(TABLE)["run_id"]
    return pipeline


def replay(pipeline, *extra, directory=None, config=None, url=None, endpoint=None):
    return pipeline.cli("replay", directory or pipeline.out, "--config", config or pipeline.config, "--mysql", url or pipeline.url,
                        "--table", TABLE, "--runs", pipeline.first.work, "--dynamodb-endpoint", endpoint or pipeline.endpoint,
                        *extra, check=False)


def tree(folder):
    """Every file below ``folder`` with its bytes: what a command wrote, or did not."""
    out = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as handle:
                out[os.path.relpath(path, folder)] = handle.read()
    return out


def replay_outputs(work, run_id):
    reports = os.path.join(work, TABLE, "reports", TABLE)
    with open(os.path.join(reports, run_id + ".json"), encoding="utf-8") as handle:
        summary = json.load(handle)
    with open(os.path.join(reports, run_id, "replayed.jsonl"), encoding="utf-8") as handle:
        text = handle.read()
    return summary, text, [json.loads(line) for line in text.splitlines()]


def replay_run_id(done):
    first = done.stdout.splitlines()[0]
    assert first.startswith(f"{TABLE}: replay replay-"), done.stdout
    return first.split()[2]


#: What a fresh run writes for the fixed rows (seed.sql, with the fixes below).
FIXED_ITEMS = [
    {"PK": {"S": "PARCEL#B1"}, "SK": {"S": "#META"}, "parcel_id": {"N": "3"}, "label": {"S": "invalid JSON"},
     "details": {"M": {"weight": {"N": "2.25"}}}},
    {"PK": {"S": "PARCEL#F1"}, "SK": {"S": "#META"}, "parcel_id": {"N": "4"}, "label": {"S": "no key"},
     "details": {"M": {}}},
    {"PK": {"S": "PARCEL#D1"}, "SK": {"S": "#META"}, "parcel_id": {"N": "6"}, "label": {"S": "collides with 7"}},
    {"PK": {"S": "PARCEL#D2"}, "SK": {"S": "#META"}, "parcel_id": {"N": "7"}, "label": {"S": "collides with 6"}},
]
FIRST_ITEMS = [
    {"PK": {"S": "PARCEL#A1"}, "SK": {"S": "#META"}, "parcel_id": {"N": "1"}, "label": {"S": "fine"},
     "details": {"M": {"weight": {"N": "1.5"}, "fragile": {"BOOL": True}}}},
    {"PK": {"S": "PARCEL#A2"}, "SK": {"S": "#META"}, "parcel_id": {"N": "2"},
     "label": {"S": "fine, no details"}, "notes": {"S": "short note"}},
    {"PK": {"S": "PARCEL#E1"}, "SK": {"S": "#META"}, "parcel_id": {"N": "8"},
     "label": {"S": "fine, after faults"}, "details": {"M": {"tags": {"L": [{"S": "a"}, {"S": "b"}]}}}},
]


def test_replay_after_the_fix(poison, dynamodb, mariadb):
    shape = load_contract(poison.contract)[TABLE]
    source_run = poison.source_run
    assert poison.first.summary(TABLE)["counters"]["dead_lettered"] == 5
    work = poison.first.work

    # Bad input first, while nothing was replayed: each exits 1 and writes nothing.
    before = tree(work)
    unknown = poison.cli("replay", poison.out, "--config", poison.config, "--mysql", poison.url, "--table", "Nope",
                         "--runs", work, "--dynamodb-endpoint", poison.endpoint, check=False)
    assert unknown.returncode == 1 and "no table Nope" in unknown.stderr, unknown.stderr
    missing = replay(poison, "--run", "jr_no_such_run")
    assert missing.returncode == 1 and "has no dead letters" in missing.stderr, missing.stderr
    assert tree(work) == before

    # The fixes: valid JSON, a key, distinct keys; the oversize row is deleted.
    mariadb.sql("UPDATE parcels SET details = '{\"weight\": 2.25}' WHERE id = 3; "
                "UPDATE parcels SET code = 'F1' WHERE id = 4; UPDATE parcels SET code = 'D2' WHERE id = 7; "
                "DELETE FROM parcels WHERE id = 5;", database=poison.database)

    dry = replay(poison, "--dry-run")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "nothing is written" in dry.stdout and dry.stdout.count("would put") == 4, dry.stdout
    assert "not-found" in dry.stdout
    assert tree(work) == before, "a dry run writes no file"
    assert_same_items(scan_all(dynamodb, TABLE), FIRST_ITEMS, shape)

    done = replay(poison)
    assert done.returncode == 0, done.stdout + done.stderr
    run_id = replay_run_id(done)
    assert_same_items(scan_all(dynamodb, TABLE), FIRST_ITEMS + FIXED_ITEMS, shape)
    summary, text, lines = replay_outputs(work, run_id)
    assert summary["kind"] == "replay" and summary["replay_of"] == source_run and summary["run_id"] == run_id
    assert summary["summary_version"] == 1 and summary["status"] == "succeeded" and summary["partitions"] == 1
    assert summary["counters"] == {"read": 4, "written": 4, "skipped": 0, "dead_lettered": 0, "throttled_retries": 0}
    assert summary["consumed_write_units"] >= 4 and summary["dead_letter_reasons"] == {}
    assert summary["high_water_mark"] is None and summary["error"] is None and summary["write_mode"] == "if-absent"
    by_partition = {line["partition_key"]: line for line in lines}
    assert {k: (v["source_reason"], v["outcome"]) for k, v in by_partition.items()} == {
        3: ("invalid-json", "written"), 4: ("missing-key", "written"), 5: ("item-too-large", "not-found"),
        6: ("key-collision", "written"), 7: ("key-collision", "written")}
    # A line names its dead letter by the key its row had: none for the missing key (fixed since).
    assert by_partition[4]["key"] is None
    assert by_partition[7]["key"] == {"PK": {"S": "PARCEL#D1"}, "SK": {"S": "#META"}}, "D1 then, D2 now"
    assert all(line["source_run"] == source_run and line["entity"] is None for line in lines)
    assert not os.path.exists(os.path.join(work, TABLE, "dead-letters", TABLE, run_id)), "no new dead letters"

    again = replay(poison)
    assert again.returncode == 0, again.stdout + again.stderr
    summary2, text2, lines2 = replay_outputs(work, replay_run_id(again))
    assert summary2["replay_of"] == source_run, "a replay is never the default source run"
    assert summary2["counters"] == {"read": 4, "written": 0, "skipped": 4, "dead_lettered": 0, "throttled_retries": 0}
    assert [line["outcome"] for line in lines2] == ["skipped", "skipped", "not-found", "skipped", "skipped"]
    assert [line["partition_key"] for line in lines2] == [3, 4, 5, 6, 7], "sorted by partition key (entity is null)"
    assert text2 == text.replace('"written"', '"skipped"'), "the same dead letters give the same lines in the same order"

    done_v = poison.cli("validate", poison.out, "--mysql", poison.url, "--runs", work,
                        "--dynamodb-endpoint", poison.endpoint, "--format", "json", check=False, timeout=900)
    assert done_v.returncode == 0, done_v.stdout + done_v.stderr
    entry = json.loads(done_v.stdout)["tables"][0]
    assert entry["score"] == 100 and entry["passed"] is True
    assert entry["accounting"]["balanced"] is True and entry["accounting"]["runs"] == 3
    assert entry["accounting"]["replays"] == 2 and entry["accounting"]["written"] == 3 + 4

    # Broken again: its row is dead-lettered again with the job's reason, exit 1.
    mariadb.sql("UPDATE parcels SET details = '{\"weight\": ' WHERE id = 3;", database=poison.database)
    broken = replay(poison, "--run", source_run)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    run_id3 = replay_run_id(broken)
    assert f"--run {run_id3}" in broken.stdout, "says how to replay them again"
    summary3, _, lines3 = replay_outputs(work, run_id3)
    assert summary3["counters"] == {"read": 4, "written": 0, "skipped": 3, "dead_lettered": 1, "throttled_retries": 0}
    assert summary3["dead_letter_reasons"] == {"invalid-json": 1}
    assert [line["outcome"] for line in lines3][0] == "dead-lettered"
    with open(os.path.join(work, TABLE, "dead-letters", TABLE, run_id3, "part-00000.jsonl"), encoding="utf-8") as handle:
        letters = [json.loads(line) for line in handle]
    assert len(letters) == 1 and letters[0]["reason"] == "invalid-json" and letters[0]["run_id"] == run_id3
    assert letters[0]["table"] == TABLE and letters[0]["row"]["_partition_key"] == 3
    assert letters[0]["row"]["details"] == '{"weight": ', "the row as it is now, not the stale copy"

    # A run without dead letters: exit 1, nothing written.
    before = tree(work)
    empty = replay(poison, "--run", replay_run_id(again))
    assert empty.returncode == 1 and "has no dead letters" in empty.stderr, empty.stderr
    assert tree(work) == before


def test_replay_from_s3(poison, moto_endpoint):
    """Without --runs the dead letters come from, and the replay goes to, the manifest's S3
    prefixes. Row 3 is still broken (the test above broke it again): dead-lettered again, exit 1."""
    import boto3

    s3 = boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1")
    s3.create_bucket(Bucket="replay-artifacts")
    work, source_run = poison.first.work, poison.source_run
    for kind, prefix in (("reports", "ddb-migrate/reports/"), ("dead-letters", "ddb-migrate/dead-letters/")):
        folder = os.path.join(work, TABLE, kind, TABLE)
        for name, data in tree(folder).items():
            if name == source_run + ".json" or name.startswith(source_run + "/part-"):
                s3.put_object(Bucket="replay-artifacts", Key=f"{prefix}{TABLE}/{name}", Body=data)
    local_before = tree(work)
    done = ddbm("replay", poison.out, "--config", poison.config, "--mysql", poison.url, "--table", TABLE,
                env=dict(poison.env, AWS_ENDPOINT_URL=moto_endpoint), check=False)
    assert E2E_PASSWORD not in done.stdout + done.stderr
    assert done.returncode == 1, done.stdout + done.stderr
    run_id = replay_run_id(done)
    assert tree(work) == local_before, "nothing written to the run-local folder"

    def get(key):
        return s3.get_object(Bucket="replay-artifacts", Key=key)["Body"].read().decode()

    summary = json.loads(get(f"ddb-migrate/reports/{TABLE}/{run_id}.json"))
    assert summary["kind"] == "replay" and summary["replay_of"] == source_run
    assert summary["counters"] == {"read": 4, "written": 0, "skipped": 3, "dead_lettered": 1, "throttled_retries": 0}
    assert summary["dead_letter_prefix"] == f"s3://replay-artifacts/ddb-migrate/dead-letters/{TABLE}/{run_id}"
    lines = [json.loads(line) for line in get(f"ddb-migrate/reports/{TABLE}/{run_id}/replayed.jsonl").splitlines()]
    assert [line["outcome"] for line in lines] == ["dead-lettered", "skipped", "not-found", "skipped", "skipped"]
    letters = [json.loads(line) for line in get(f"ddb-migrate/dead-letters/{TABLE}/{run_id}/part-00000.jsonl").splitlines()]
    assert [letter["reason"] for letter in letters] == ["invalid-json"]


def test_bad_input_and_unreachable_services(poison, tmp_path):
    work = poison.first.work
    before = tree(work)

    copy = tmp_path / "out"
    shutil.copytree(poison.out, copy)
    with open(copy / "views.sql", "a") as handle:
        handle.write("-- edited by hand\n")
    tampered = replay(poison, directory=str(copy))
    assert tampered.returncode == 1 and "views.sql" in tampered.stderr, tampered.stderr

    other = tmp_path / "config.json"
    doc = json.loads(open(poison.config).read())
    doc["s3"]["bucket"] = "another-bucket"
    other.write_text(json.dumps(doc))
    disagreeing = replay(poison, config=str(other))
    assert disagreeing.returncode == 1 and "s3.bucket" in disagreeing.stderr, disagreeing.stderr

    no_mysql = replay(poison, url=poison.url.replace(f":{poison.mariadb.port}/", ":1/"))
    assert no_mysql.returncode == 3, no_mysql.stderr
    no_dynamodb = replay(poison, endpoint="http://127.0.0.1:1")
    assert no_dynamodb.returncode == 3 and "DynamoDB" in no_dynamodb.stderr, no_dynamodb.stderr
    for done in (tampered, disagreeing, no_mysql, no_dynamodb):
        assert "Traceback" not in done.stderr and "Fatal error" not in done.stderr
    assert tree(work) == before, "nothing written"
