"""``cleanup`` end to end (docs/CLEANUP.md): MariaDB → generate → apply-views → deploy into moto
(with the project's extension, tests/moto_ext/server.py) → cleanup.

- ``--dry-run`` lists the actions and changes nothing; without ``--yes`` and without a terminal
  cleanup refuses (exit 1) and changes nothing; on a terminal it asks, and only ``y`` proceeds;
- ``--yes`` removes every Glue job (load and validation), script, the role and its policy, and
  the views; dead letters and reports stay until ``--all``; the DynamoDB tables stay; a second
  cleanup changes nothing and exits 0;
- look-alikes without our marker (a Glue job of the same name made by hand, a view with other
  columns, a role with a managed policy attached) and a job run in flight make it refuse with
  exit 1 before anything is removed;
- usage errors exit 2, unreachable AWS exits 3.

Each test with the ``deployed`` fixture starts from a reset moto account and a fresh deploy.
"""

import json
import os
import pty
import subprocess

import boto3
import pytest

from conftest import REPO
from e2e_support import Pipeline, deploy_into_moto

MODERNIZER = os.path.join(REPO, "contracts", "modernizer")
CONFIG = os.path.join(MODERNIZER, "config.json")
BUCKET = "shop-migration-artifacts"
ROLE = "shop-ddb-migrate-glue"
POLICY = "shop-ddb-migrate-glue-policy"
MARKER = ("ddb-migrate:migration", ROLE)
TABLES = ["Categories", "Products", "Users"]
JOBS = [name for t in TABLES for name in (f"shop-migrate-{t}", f"shop-migrate-{t}-validate")]
DEAD_LETTER = "ddb-migrate/dead-letters/Users/run-1/part-0.jsonl"
REPORT = "ddb-migrate/reports/Users/run-1.json"
TEMP = "ddb-migrate/temp/spark-1/x"


@pytest.fixture(scope="module")
def endpoint(moto_ext_endpoint):
    """moto with the project's Glue extension (held runs, DeleteJob that drops the job's tags)."""
    return moto_ext_endpoint


@pytest.fixture(scope="module")
def pipeline(mariadb, tmp_path_factory):
    p = Pipeline(mariadb, "e2e_cleanup", MODERNIZER, os.path.join(MODERNIZER, "contract.json"))
    p.load_source(os.path.join(MODERNIZER, "schema.sql"), os.path.join(MODERNIZER, "seed.sql"))
    p.generate(str(tmp_path_factory.mktemp("cleanup") / "out"), "--config", CONFIG)
    return p


def aws(endpoint, service):
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1")


def views(pipeline):
    out = pipeline.mariadb.sql("SELECT TABLE_NAME FROM information_schema.VIEWS "
                               f"WHERE TABLE_SCHEMA = '{pipeline.database}' ORDER BY TABLE_NAME;")
    return out.split()


def state(endpoint, pipeline):
    """Everything cleanup may touch: objects, role, policies, jobs (with tags), views, tables."""
    s3, iam, glue, ddb = (aws(endpoint, s) for s in ("s3", "iam", "glue", "dynamodb"))
    objects = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))
    try:
        role = iam.get_role(RoleName=ROLE)["Role"]["RoleName"]
        policies = iam.list_role_policies(RoleName=ROLE)["PolicyNames"]
    except iam.exceptions.NoSuchEntityException:
        role, policies = None, []
    jobs = {}
    for name in JOBS:
        try:
            glue.get_job(JobName=name)
        except glue.exceptions.EntityNotFoundException:
            continue
        jobs[name] = glue.get_tags(ResourceArn=f"arn:aws:glue:us-east-1:123456789012:job/{name}")["Tags"]
    return {"objects": objects, "role": role, "policies": policies, "jobs": jobs, "views": views(pipeline),
            "tables": sorted(ddb.list_tables()["TableNames"])}


def cli(pipeline, endpoint, *args, stdin=subprocess.DEVNULL):
    done = subprocess.run([os.path.join(REPO, ".build", "debug", "ddb-migrate"), *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300, stdin=stdin,
                          env=dict(os.environ, AWS_ENDPOINT_URL=endpoint, **pipeline.env))
    assert "e2e-Pipeline-pw" not in done.stdout + done.stderr, "the MySQL password must never be printed"
    return done


def cleanup(pipeline, endpoint, *args, mysql=True, stdin=subprocess.DEVNULL):
    extra = ["--mysql", pipeline.url] if mysql else []
    return cli(pipeline, endpoint, "cleanup", pipeline.out, "--config", CONFIG, *extra, *args, stdin=stdin)


@pytest.fixture()
def deployed(endpoint, pipeline):
    """A reset account seeded as deploy needs it, the migration deployed, the views applied, and
    one object under each of the dead-letter, reports and temp prefixes (written by "runs")."""
    deploy_into_moto(pipeline, endpoint, CONFIG, BUCKET, "shop-mysql")
    pipeline.apply_views()
    s3 = aws(endpoint, "s3")
    for k in (DEAD_LETTER, REPORT, TEMP):
        s3.put_object(Bucket=BUCKET, Key=k, Body=b"{}")
    before = state(endpoint, pipeline)
    assert set(before["jobs"]) == set(JOBS) and all(t.get(MARKER[0]) == MARKER[1] for t in before["jobs"].values()), before
    assert before["role"] == ROLE and before["policies"] == [POLICY] and len(before["views"]) == 6, before
    return before


def test_dry_run_and_unconfirmed_change_nothing(endpoint, pipeline, deployed):
    dry = cleanup(pipeline, endpoint, "--dry-run")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    for name in JOBS:
        assert f"- delete   Glue job {name}\n" in dry.stdout, dry.stdout
    assert f"- delete   IAM role {ROLE}\n" in dry.stdout and f"- delete   IAM inline policy {ROLE}/{POLICY}\n" in dry.stdout
    assert "- delete   MySQL view ddb_users_view\n" in dry.stdout
    assert "= keep     S3 objects under s3://shop-migration-artifacts/ddb-migrate/dead-letters/ (dead letters; 1 object)" in dry.stdout
    assert "aws dynamodb delete-table --region us-east-1 --table-name Users" in dry.stdout
    assert "dry run: nothing was changed" in dry.stdout
    # The table's union view goes before the entity views it selects from.
    assert dry.stdout.index("MySQL view ddb_users_view") < dry.stdout.index("MySQL view ddb_users__user_view")
    assert state(endpoint, pipeline) == deployed

    unconfirmed = cleanup(pipeline, endpoint)
    assert unconfirmed.returncode == 1, unconfirmed.stdout + unconfirmed.stderr
    assert "pass --yes" in unconfirmed.stderr
    assert state(endpoint, pipeline) == deployed

    # On a terminal it asks; anything but y/yes changes nothing.
    declined = on_terminal(pipeline, endpoint, "n\n")
    assert declined.returncode == 1 and "Proceed? [y/N]" in declined.stdout, declined.stdout + declined.stderr
    assert "not confirmed" in declined.stderr
    assert state(endpoint, pipeline) == deployed
    accepted = on_terminal(pipeline, endpoint, "y\n")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert state(endpoint, pipeline)["jobs"] == {}


def on_terminal(pipeline, endpoint, answer):
    """cleanup with a pseudo-terminal as stdin, `answer` typed into it."""
    controller, terminal = pty.openpty()
    try:
        os.write(controller, answer.encode())
        return cleanup(pipeline, endpoint, stdin=terminal)
    finally:
        os.close(terminal)
        os.close(controller)


def test_cleanup_removes_ours_keeps_data_and_is_idempotent(endpoint, pipeline, deployed):
    done = cleanup(pipeline, endpoint, "--yes")
    assert done.returncode == 0, done.stdout + done.stderr
    after = state(endpoint, pipeline)
    assert after["jobs"] == {} and after["role"] is None and after["policies"] == [] and after["views"] == [], after
    # Scripts are gone; what the runs wrote stays without --all; the tables are never touched.
    assert after["objects"] == sorted([DEAD_LETTER, REPORT, TEMP]), after
    assert after["tables"] == deployed["tables"] == TABLES
    assert "the DynamoDB tables were not touched" in done.stdout

    again = cleanup(pipeline, endpoint, "--yes")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "nothing to delete" in again.stdout and "- delete" not in again.stdout, again.stdout
    assert state(endpoint, pipeline) == after

    everything = cleanup(pipeline, endpoint, "--yes", "--all")
    assert everything.returncode == 0, everything.stdout + everything.stderr
    assert state(endpoint, pipeline)["objects"] == []
    assert state(endpoint, pipeline)["tables"] == TABLES
    last = cleanup(pipeline, endpoint, "--yes", "--all")
    assert last.returncode == 0 and "nothing to delete" in last.stdout, last.stdout + last.stderr


def test_look_alikes_without_the_marker_are_refused_and_untouched(endpoint, pipeline, deployed):
    glue = aws(endpoint, "glue")
    job = glue.get_job(JobName="shop-migrate-Products")["Job"]
    glue.delete_job(JobName="shop-migrate-Products")
    glue.create_job(Name="shop-migrate-Products", Role=job["Role"], Command=job["Command"])  # by hand: no tags
    pipeline.mariadb.sql("CREATE OR REPLACE VIEW ddb_categories_view AS SELECT 1 AS something_else;", database=pipeline.database)
    before = state(endpoint, pipeline)
    assert before["jobs"]["shop-migrate-Products"] == {}, "moto kept the deleted job's tags"

    done = cleanup(pipeline, endpoint, "--yes")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Glue job shop-migrate-Products: no ddb-migrate:migration tag" in done.stderr, done.stderr
    assert "MySQL view ddb_categories_view: its columns differ from views.sql's" in done.stderr, done.stderr
    assert state(endpoint, pipeline) == before


def test_a_role_with_a_managed_policy_is_refused(endpoint, pipeline, deployed):
    iam = aws(endpoint, "iam")
    arn = iam.create_policy(PolicyName="someone-elses", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName=ROLE, PolicyArn=arn)
    done = cleanup(pipeline, endpoint, "--yes", mysql=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"IAM role {ROLE}: it also has managed policy {arn}" in done.stderr, done.stderr
    assert state(endpoint, pipeline) == deployed


def test_a_running_job_is_refused_with_the_stop_command(endpoint, pipeline, deployed, tmp_path):
    hold = tmp_path / "hold"
    hold.write_text("running")
    run_id = aws(endpoint, "glue").start_job_run(JobName="shop-migrate-Users",
                                                  Arguments={"--ddbm_test_hold_file": str(hold)})["JobRunId"]
    done = cleanup(pipeline, endpoint, "--yes")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"aws glue batch-stop-job-run --region us-east-1 --job-name shop-migrate-Users --job-run-ids {run_id}" in done.stderr
    assert state(endpoint, pipeline) == deployed
    hold.unlink()
    finished = cleanup(pipeline, endpoint, "--yes")
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert state(endpoint, pipeline)["jobs"] == {}


def test_exit_codes_for_usage_and_unreachable(pipeline):
    unreachable = cli(pipeline, "http://127.0.0.1:1", "cleanup", pipeline.out, "--config", CONFIG, "--dry-run")
    assert unreachable.returncode == 3 and "AWS unreachable" in unreachable.stderr, unreachable.stderr
    bad_url = cli(pipeline, "http://127.0.0.1:1", "cleanup", pipeline.out, "--config", CONFIG, "--mysql", "not-a-url")
    assert bad_url.returncode == 2 and "--mysql" in bad_url.stderr, bad_url.stderr
    no_config = cli(pipeline, "http://127.0.0.1:1", "cleanup", pipeline.out)
    assert no_config.returncode == 2, no_config.stderr
