"""``report`` end to end on both bundled contracts (docs/REPORT.md): MariaDB → generate →
apply-views → run-local (one Spark run per contract) → validate --runs → report --runs:

- report.json holds the exact figures the seed data gives (counts derived from
  ``contracts/<name>/expected/*.json``), the integrity score and verdict of the validation, the
  cost at the documented price; report.md opens with one summary sentence per table;
- report.html is one self-contained page that headless Chromium renders: a non-trivial
  screenshot, one throughput chart per table, text labels on the bars;
- bad input (no runs yet, no validation, a tampered directory): exit 1 and nothing written.
"""

import json
import os
import shutil
import struct
import subprocess
import urllib.request

import pytest

from conftest import REPO
from e2e_support import E2E_PASSWORD, Pipeline, ddbm, expected_items

CONTRACTS = {name: os.path.join(REPO, "contracts", name) for name in ("modernizer", "coverage")}
ON_DEMAND_USD_PER_MILLION_WRU = 0.625  # docs/REPORT.md, "Prices"


def reset_moto(endpoint):
    request = urllib.request.Request(endpoint + "/moto-api/reset", method="POST")
    with urllib.request.urlopen(request, timeout=30):
        pass


@pytest.fixture(scope="module", autouse=True)
def fresh_moto(moto_endpoint):
    # Other modules migrate the same contracts: their items would turn these writes into skips.
    reset_moto(moto_endpoint)
    yield
    reset_moto(moto_endpoint)


@pytest.fixture(scope="module", params=sorted(CONTRACTS))
def migrated(request, mariadb, moto_endpoint, tmp_path_factory):
    name = request.param
    root = CONTRACTS[name]
    pipeline = Pipeline(mariadb, f"e2e_report_{name}", root, os.path.join(root, "contract.json"))
    pipeline.load_source(os.path.join(root, "schema.sql"), os.path.join(root, "seed.sql"))
    work = tmp_path_factory.mktemp(f"report-{name}")
    extra = ("--config", os.path.join(root, "config.json")) if os.path.exists(os.path.join(root, "config.json")) else ()
    pipeline.generate(str(work / "out"), *extra)
    pipeline.apply_views()
    run = pipeline.run_local(moto_endpoint, str(work), "--partitions", "2")
    done = pipeline.cli("validate", pipeline.out, "--mysql", pipeline.url, "--runs", run.work,
                        "--dynamodb-endpoint", moto_endpoint, "--format", "json", check=False, timeout=900)
    assert done.returncode == 0, done.stderr
    pipeline.name, pipeline.work, pipeline.validation = name, run.work, json.loads(done.stdout)
    pipeline.endpoint = moto_endpoint
    pipeline.report_dir = str(work / "report")
    report = pipeline.cli("report", pipeline.out, "--runs", run.work, "--out", pipeline.report_dir, "--format", "all")
    pipeline.report_stdout = report.stdout
    return pipeline


def load_report(pipeline):
    with open(os.path.join(pipeline.report_dir, "report.json"), encoding="utf-8") as handle:
        return json.load(handle)


def test_json_figures_equal_the_seed_data(migrated):
    report = load_report(migrated)
    expected = expected_items(CONTRACTS[migrated.name])
    assert report["report_version"] == 1
    assert [t["table"] for t in report["tables"]] == sorted(expected)
    scores = {t["table"]: t["score"] for t in migrated.validation["tables"]}
    for t in report["tables"]:
        n = len(expected[t["table"]])
        summary = migrated.run_summary = json.load(open(os.path.join(
            migrated.work, t["table"], "reports", t["table"], t["run_list"][0]["run_id"] + ".json")))
        assert (t["runs"], t["status"], t["read"], t["written"], t["skipped"], t["dead_lettered"]) == \
            (1, "succeeded", n, n, 0, 0), t
        assert t["dead_letter_reasons"] == {} and t["unresolved_dead_letters"] == 0
        assert t["score"] == scores[t["table"]] == 100 and t["verdict"] == "passed"
        assert t["validation_run"] == migrated.validation["run"] and t["validation_stale"] is False
        assert t["write_units"] == round(summary["consumed_write_units"], 2)
        assert t["cost_usd"] == round(summary["consumed_write_units"] * ON_DEMAND_USD_PER_MILLION_WRU / 1e6, 6)
        assert t["throttled_retries"] == summary["counters"]["throttled_retries"] == 0
        assert t["duration_s"] > 0 and t["items_per_s"] == round(n / t["duration_s"], 2)
        assert t["peak_items_per_s"] >= t["items_per_s"]
        # The throughput series starts at 0 and ends at the summary's count.
        assert t["throughput"][0]["done"] == 0 and t["throughput"][-1]["done"] == n
    totals = report["totals"]
    assert totals["written"] == sum(len(v) for v in expected.values())
    assert totals["tables"] == len(expected) and totals["tables_passed"] == len(expected)
    assert report["errors"] == []
    assert report["generated_at"] == max(t["run_list"][-1]["finished_at"] for t in report["tables"])
    kinds = {(r["table"], r["kind"]) for r in report["recommendations"]}
    assert all((table, "capacity-mode") in kinds for table in expected)
    assert report["hot_keys_checked"] is False


def test_markdown_opens_with_one_sentence_per_table(migrated):
    expected = expected_items(CONTRACTS[migrated.name])
    text = open(os.path.join(migrated.report_dir, "report.md"), encoding="utf-8").read()
    summary = text.split("## Executive summary", 1)[1].split("## Totals", 1)[0]
    for table, items in expected.items():
        assert f"- {table}: {len(items):,} items migrated in " in summary, summary
        assert f"integrity 100/100" in summary
        assert f"{table}: {len(items):,} items migrated in " in migrated.report_stdout


def test_report_is_deterministic(migrated, tmp_path):
    again = tmp_path / "again"
    migrated.cli("report", migrated.out, "--runs", migrated.work, "--out", str(again))
    for name in ("report.md", "report.json", "report.html"):
        assert (again / name).read_bytes() == open(os.path.join(migrated.report_dir, name), "rb").read(), name


def chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("chromium is not installed: run scripts/install-deps.sh")


def test_html_renders_in_headless_chromium(migrated, tmp_path):
    page = os.path.join(migrated.report_dir, "report.html")
    html = open(page, encoding="utf-8").read()
    # Self-contained: no script, no external resource.
    assert "<script" not in html and "http://" not in html.replace("http-equiv", "")
    assert "src=" not in html and "<link" not in html
    shot = tmp_path / "shot.png"
    args = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,2000"]
    subprocess.run(args + [f"--screenshot={shot}", "file://" + page], check=True, capture_output=True, timeout=120)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    dom = subprocess.run(args + ["--dump-dom", "file://" + page], check=True, capture_output=True, text=True,
                         timeout=120).stdout
    expected = expected_items(CONTRACTS[migrated.name])
    for table, items in expected.items():
        assert dom.count(f'<svg data-chart="throughput" data-table="{table}"') == 1, table
        assert f"written {len(items):,} · skipped 0 · dead-lettered 0" in dom
        assert f">100/100 passed</text>" in dom
    for chart in ("outcomes", "integrity", "dead-letters"):
        assert f'data-chart="{chart}"' in dom


def refused(pipeline, tmp_path, *args):
    out = tmp_path / "refused-report"
    done = pipeline.cli("report", *args, "--out", str(out), check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert not out.exists(), "nothing is written"
    return done.stderr


def test_bad_input_writes_nothing(migrated, tmp_path):
    if migrated.name != "modernizer":
        pytest.skip("the refusals do not depend on the contract")
    empty = tmp_path / "no-runs"
    empty.mkdir()
    assert "has no run summary yet" in refused(migrated, tmp_path, migrated.out, "--runs", str(empty))

    unvalidated = tmp_path / "unvalidated"
    shutil.copytree(migrated.work, unvalidated, ignore=shutil.ignore_patterns("validation"))
    assert "no validation of table" in refused(migrated, tmp_path, migrated.out, "--runs", str(unvalidated))

    tampered = tmp_path / "tampered"
    shutil.copytree(migrated.out, tampered)
    with open(tampered / "views.sql", "a", encoding="utf-8") as handle:
        handle.write("-- edited\n")
    assert "differs from manifest.json" in refused(migrated, tmp_path, str(tampered), "--runs", migrated.work)

    broken = tmp_path / "broken"
    shutil.copytree(migrated.work, broken)
    folder = broken / "Users" / "reports" / "Users"
    summary = next(n for n in sorted(os.listdir(folder)) if n.endswith(".json") and n != "high-water-mark.json")
    (folder / summary).write_text("{not json")
    assert "is not a run summary" in refused(migrated, tmp_path, migrated.out, "--runs", str(broken))


def test_from_the_report_prefix_in_s3_with_hot_keys(migrated, tmp_path):
    """Without --runs: the summaries, progress, dead letters and validation come from the
    manifest's S3 prefixes, as on AWS (moto's S3 here); the same figures. With --mysql the
    views' top partition key values are counted. S3 unreachable: exit 3, nothing written."""
    if migrated.name != "modernizer":
        pytest.skip("one contract is enough for the S3 layout")
    import boto3

    manifest = json.load(open(os.path.join(migrated.out, "manifest.json")))
    bucket, reports = manifest["s3"]["bucket"], manifest["s3"]["reports_prefix"]
    endpoint = migrated.endpoint
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name=manifest["region"])
    s3.create_bucket(Bucket=bucket)
    for table in os.listdir(migrated.work):
        folder = os.path.join(migrated.work, table, "reports", table)
        if table == "validation" or not os.path.isdir(folder):
            continue
        for root, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(root, name)
                s3.upload_file(path, bucket, f"{reports}{table}/" + os.path.relpath(path, folder))
    for name in os.listdir(os.path.join(migrated.work, "validation")):
        s3.upload_file(os.path.join(migrated.work, "validation", name), bucket, f"{reports}validation/{name}")
    out = tmp_path / "from-s3"
    done = ddbm("report", migrated.out, "--out", str(out), "--format", "json", "--mysql", migrated.url,
                env=dict(migrated.env, AWS_ENDPOINT_URL=endpoint))
    assert E2E_PASSWORD not in done.stdout + done.stderr
    from_s3 = json.loads((out / "report.json").read_text())
    assert not (out / "report.md").exists() and not (out / "report.html").exists(), "--format json writes only JSON"
    local = load_report(migrated)
    assert from_s3["tables"] == local["tables"] and from_s3["totals"] == local["totals"]
    assert from_s3["hot_keys_checked"] is True
    hot = {r["table"]: r["text"] for r in from_s3["recommendations"] if r["kind"] == "hot-partition-keys"}
    assert all(text.startswith("Top PK values by items: ") for text in hot.values()), hot

    unreachable = tmp_path / "unreachable"
    done = ddbm("report", migrated.out, "--out", str(unreachable), check=False, timeout=300,
                env=dict(migrated.env, AWS_ENDPOINT_URL="http://127.0.0.1:9"))
    assert done.returncode == 3, done.stdout + done.stderr
    assert not unreachable.exists()
