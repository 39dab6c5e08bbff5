"""The closing end-to-end chain on both bundled contracts (docs/REPORT.md, REPLAY.md, VALIDATE.md,
CLEANUP.md): MariaDB → generate → apply-views → a few seed rows broken → run-local (one Spark run
per contract) → the rows fixed → validate --runs → report --runs (md, json, html) → replay (the
command the report prints, per affected table) → validate → report → deploy into moto → cleanup.

Every expected figure is derived from ``contracts/<name>/expected/*.json`` and the rows broken
(``BREAKS``), by e2e_support's independent §5 implementation:

- the run writes the other rows' items and dead-letters the broken ones with their reasons;
- the first validation counts the dead-lettered rows as missing: the score is VALIDATE.md's
  formula over them, the verdict ``failed``;
- report.json has the exact read/written/skipped/dead-lettered figures, reasons, totals and
  scores, the dead letters unresolved with their replay command; report.md opens with one
  sentence per table; report.html is one self-contained page that headless Chromium renders;
- the replays write exactly the missing items; validate then scores 100; the second report has
  the dead letters resolved and the replays' items in its totals, and is deterministic;
- cleanup (after deploying the generated directory into moto): ``--dry-run`` changes nothing,
  ``--yes`` removes every job, script, role and view of ours, the DynamoDB tables stay;
- bad input (no runs yet, no validation, a tampered directory): report exits 1, writes nothing.

The chain and its runtime: docs/CHAIN.md.
"""

import json
import math
import os
import shutil
import struct
import subprocess
from collections import Counter

import boto3
import pytest

from conftest import REPO, scan_all
from e2e_support import (E2E_PASSWORD, Pipeline, Rejected, assert_same_items, ddbm, ddbm_binary,
                         deploy_into_moto, expected_item, expected_items, load_contract, load_expected_rows,
                         reset_moto, view_name)


def report_round(x, places):
    """The report's rounding (docs/REPORT.md): x·10^places to the nearest integer, halves away
    from zero (Swift's `rounded()`), not Python's half-to-even ``round`` (1.125 → 1.13, not 1.12)."""
    y = abs(x) * 10 ** places  # the same double Swift rounds
    whole = math.floor(y)
    return math.copysign(whole + (1 if y - whole >= 0.5 else 0), x) / 10 ** places


CONTRACTS = {name: os.path.join(REPO, "contracts", name) for name in ("modernizer", "coverage")}
ON_DEMAND_USD_PER_MILLION_WRU = 0.625  # docs/REPORT.md, "Prices"


class Break:
    """One source row made unmigratable before the run, and fixed after it.

    ``source``/``row_id``/``column``/``value``: the MySQL row and the text it gets (its old value
    is saved in a side table and put back by the fix; ``keep`` columns are assigned to themselves
    so ON UPDATE CURRENT_TIMESTAMP leaves them alone). ``table``/``match``/``changes``: the same
    change as seen in the expected view rows of that DynamoDB table, from which the dead letters
    follow (e2e_support.expected_item raises Rejected with the reason)."""

    def __init__(self, table, source, row_id, column, value, match, changes, keep=()):
        self.table, self.source, self.row_id, self.column, self.value = table, source, row_id, column, value
        self.match, self.changes, self.keep = match, changes, keep

    @property
    def saved(self):
        return f"chain_saved_{self.source}_{self.column}"

    def break_sql(self):
        keep = "".join(f", `{c}` = `{c}`" for c in self.keep)
        return (f"CREATE TABLE `{self.saved}` AS SELECT id, `{self.column}` AS v FROM `{self.source}` WHERE id = {self.row_id}; "
                f"UPDATE `{self.source}` SET `{self.column}` = '{self.value}'{keep} WHERE id = {self.row_id};")

    def fix_sql(self):
        keep = "".join(f", t.`{c}` = t.`{c}`" for c in self.keep)
        return (f"UPDATE `{self.source}` AS t JOIN `{self.saved}` AS s ON s.id = t.id SET t.`{self.column}` = s.v{keep}; "
                f"DROP TABLE `{self.saved}`;")


BREAKS = {
    # An empty e-mail is an empty PK for the user and for each of its carts (missing-key); an
    # empty name an empty SK for a leaf category (no child, no product refers to it by name).
    "modernizer": [
        Break("Users", "users", 1, "email", "", lambda r: r["PK"] == "alice@example.com", {"PK": "", "email": ""},
              keep=("updated_at",)),
        Break("Categories", "categories", 6, "name", "", lambda r: r["category_id"] == "6",
              {"SK": "", "category_name": ""}),
    ],
    # Text that is not JSON in columns json-parse turns into M and L (invalid-json).
    "coverage": [
        Break("Books", "books", 1, "metadata", '{"format": ', lambda r: r["book_id"] == "1",
              {"metadata": '{"format": '}),
        Break("Library", "authors", 2, "pen_names", '["Ann', lambda r: r.get("_entity_type") == "AUTHOR" and r["PK"] == "AUTHOR#2",
              {"pen_names": '["Ann'}),
    ],
}

#: The coverage contract has no config.json: deploy and cleanup need one (account of moto).
COVERAGE_CONFIG = {"region": "us-east-1", "account_id": "123456789012",
                   "s3": {"bucket": "library-migration-artifacts"},
                   "glue": {"connection_name": "library-mysql", "role_name": "library-ddb-migrate-glue"}}


class Figures:
    """What one table's first run must do, from its expected rows with the breaks applied."""

    def __init__(self, contract_dir, table, breaks):
        shape = load_contract(os.path.join(contract_dir, "contract.json"))[table]
        rows = load_expected_rows(os.path.join(contract_dir, "expected", view_name(table) + ".json"))
        self.rows = len(rows)
        self.items = expected_items(contract_dir)[table]
        self.reasons = Counter()
        broken = 0
        for row in rows:
            row = dict(row)
            for b in breaks:
                if b.table == table and b.match(row):
                    # The view columns that carry the broken value (the others are NULL in this row).
                    row.update({k: v for k, v in b.changes.items() if row.get(k) is not None})
                    broken += 1
            try:
                expected_item(row, shape)
            except Rejected as rejected:
                self.reasons[rejected.reason] += 1
        assert broken == sum(self.reasons.values()), f"{table}: a break that does not dead-letter its row"
        self.dead = sum(self.reasons.values())
        self.written = self.rows - self.dead

    def first_score(self):
        """docs/VALIDATE.md, "Integrity score": the dead-lettered rows are missing keys (D = m;
        no unexpected key, no attribute differs, the indexes miss exactly the missing items)."""
        e, d = len(self.items), self.dead
        return 100 if d == 0 else min(99.99, math.floor(10000 * max(0, e - d) / max(e, 1)) / 100)


@pytest.fixture(scope="module", autouse=True)
def fresh_moto(moto_endpoint):
    # Other modules migrate the same contracts: their items would turn these writes into skips.
    reset_moto(moto_endpoint)
    yield
    reset_moto(moto_endpoint)


def validate(pipeline):
    done = pipeline.cli("validate", pipeline.out, "--mysql", pipeline.url, "--runs", pipeline.work,
                        "--dynamodb-endpoint", pipeline.endpoint, "--format", "json", check=False, timeout=900)
    return done.returncode, json.loads(done.stdout)


def report(pipeline, out):
    return pipeline.cli("report", pipeline.out, "--config", pipeline.config, "--runs", pipeline.work,
                        "--out", out, "--format", "all")


@pytest.fixture(scope="module", params=sorted(CONTRACTS))
def migrated(request, mariadb, moto_endpoint, tmp_path_factory):
    name = request.param
    root = CONTRACTS[name]
    work = tmp_path_factory.mktemp(f"report-{name}")
    pipeline = Pipeline(mariadb, f"e2e_report_{name}", root, os.path.join(root, "contract.json"))
    pipeline.load_source(os.path.join(root, "schema.sql"), os.path.join(root, "seed.sql"))
    pipeline.config = os.path.join(root, "config.json")
    if not os.path.exists(pipeline.config):
        pipeline.config = str(work / "config.json")
        with open(pipeline.config, "w", encoding="utf-8") as handle:
            json.dump(COVERAGE_CONFIG, handle)
    pipeline.generate(str(work / "out"), "--config", pipeline.config)
    pipeline.apply_views()
    with open(os.path.join(pipeline.out, "views.sql"), encoding="utf-8") as handle:
        pipeline.views = handle.read()
    pipeline.name, pipeline.endpoint, pipeline.breaks = name, moto_endpoint, BREAKS[name]
    pipeline.figures = {t: Figures(root, t, pipeline.breaks) for t in expected_items(root)}

    mariadb.sql(" ".join(b.break_sql() for b in pipeline.breaks), database=pipeline.database)
    run = pipeline.run_local(moto_endpoint, str(work), "--partitions", "2")
    pipeline.work, pipeline.run = run.work, run
    pipeline.first_summaries = {t: run.summary(t) for t in pipeline.figures}
    mariadb.sql(" ".join(b.fix_sql() for b in pipeline.breaks), database=pipeline.database)

    pipeline.first_exit, pipeline.first_validation = validate(pipeline)
    pipeline.first_report_dir = str(work / "report-1")
    pipeline.first_report_stdout = report(pipeline, pipeline.first_report_dir).stdout

    # Replay with the very commands the report prints (its variables set as it says).
    pipeline.replays = {}
    first = load_report(pipeline.first_report_dir)
    env = dict(os.environ, **pipeline.env, MYSQL_URL=pipeline.url, DYNAMODB_ENDPOINT=moto_endpoint,
               PATH=os.path.dirname(ddbm_binary()) + os.pathsep + os.environ["PATH"])
    # One command per run with unresolved letters; a table with several reasons repeats it.
    commands = dict.fromkeys((error["table"], command) for error in first["errors"] for command in error["commands"])
    for table, command in commands:
        done = subprocess.run(["bash", "-c", command], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
        assert E2E_PASSWORD not in done.stdout + done.stderr
        pipeline.replays.setdefault(table, []).append((command, done))

    pipeline.exit, pipeline.validation = validate(pipeline)
    pipeline.report_dir = str(work / "report")
    pipeline.report_stdout = report(pipeline, pipeline.report_dir).stdout
    return pipeline


def load_report(folder):
    with open(os.path.join(folder, "report.json"), encoding="utf-8") as handle:
        return json.load(handle)


def score_text(score):
    """A score as the report writes it (docs/REPORT.md): up to 2 decimals, no trailing zeros."""
    return f"{score:.2f}".rstrip("0").rstrip(".")


def plural(n, word):
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def broken_tables(pipeline):
    return sorted({b.table for b in pipeline.breaks})


def test_the_run_dead_letters_exactly_the_broken_rows(migrated):
    for table, f in migrated.figures.items():
        summary = migrated.first_summaries[table]
        assert summary["status"] == "succeeded" and summary.get("kind", "load") == "load", summary
        assert summary["counters"] == {"read": f.rows, "written": f.written, "skipped": 0, "dead_lettered": f.dead,
                                       "throttled_retries": 0}, table
        assert summary["dead_letter_reasons"] == dict(f.reasons), table
    assert broken_tables(migrated) == sorted(t for t, f in migrated.figures.items() if f.dead), "every break dead-letters"


def test_first_validation_scores_the_missing_items(migrated):
    assert migrated.first_exit == 1, "a table below --min-score 100: exit 1"
    assert migrated.first_validation["passed"] is False
    for entry in migrated.first_validation["tables"]:
        f = migrated.figures[entry["table"]]
        assert (entry["view_rows"], entry["expected_items"], entry["excluded_rows"]["count"]) == (f.rows, len(f.items), 0)
        assert (entry["items"], entry["matched"], entry["missing_keys"]["count"]) == (f.written, f.written, f.dead), entry
        assert entry["unexpected_keys"]["count"] == 0 and entry["attribute_mismatches"]["count"] == 0, entry
        assert entry["score_terms"] == {"missing": f.dead, "unexpected": 0, "mismatched": 0, "gsi": 0,
                                        "discrepancies": f.dead}, entry
        assert entry["score"] == f.first_score() and entry["passed"] is (f.dead == 0), entry
        assert entry["accounting"]["balanced"] is True and entry["accounting"]["dead_lettered"] == f.dead


def run_summary(work, table, run_id):
    with open(os.path.join(work, table, "reports", table, run_id + ".json"), encoding="utf-8") as handle:
        return json.load(handle)


def check_table_figures(migrated, report, validation, replayed):
    """The per-table figures of one report: the first run, plus the replays when ``replayed``."""
    scores = {t["table"]: t for t in validation["tables"]}
    assert [t["table"] for t in report["tables"]] == sorted(migrated.figures)
    for t in report["tables"]:
        f = migrated.figures[t["table"]]
        replays = 1 if replayed and f.dead else 0
        first = migrated.first_summaries[t["table"]]
        assert t["run_list"][0]["run_id"] == first["run_id"] and len(t["run_list"]) == 1 + replays
        # The replay reads and writes each dead-lettered row once; the first run's letters stay counted.
        read, written = f.rows + replays * f.dead, f.written + replays * f.dead
        assert (t["runs"], t["status"], t["read"], t["written"], t["skipped"], t["dead_lettered"]) == \
            (1 + replays, "succeeded", read, written, 0, f.dead), t
        assert t["dead_letter_reasons"] == dict(f.reasons), t
        assert t["unresolved_dead_letters"] == (0 if replayed else f.dead), t
        v = scores[t["table"]]
        assert t["score"] == v["score"] and t["verdict"] == ("passed" if v["passed"] else "failed")
        assert t["validation_run"] == validation["run"] and t["validation_stale"] is False
        units = sum(run_summary(migrated.work, t["table"], run["run_id"])["consumed_write_units"] for run in t["run_list"])
        assert t["write_units"] == report_round(units, 2) and first["consumed_write_units"] >= f.written
        assert t["cost_usd"] == report_round(t["write_units"] * ON_DEMAND_USD_PER_MILLION_WRU / 1e6, 6)
        assert t["throttled_retries"] == 0
        assert t["duration_s"] > 0 and t["items_per_s"] == report_round(read / t["duration_s"], 2)
        assert t["peak_items_per_s"] >= t["items_per_s"]
        # The throughput series: per run, laid end to end, from 0 to the run's count.
        for run in t["run_list"]:
            points = [p for p in t["throughput"] if p["run_id"] == run["run_id"]]
            assert points[0]["done"] == 0 and points[-1]["done"] == run["read"], (run, points)
        assert [p["t_s"] for p in t["throughput"]] == sorted(p["t_s"] for p in t["throughput"])
    totals = report["totals"]
    assert totals["tables"] == len(migrated.figures)
    for key in ("read", "written", "skipped", "dead_lettered", "unresolved_dead_letters", "runs"):
        assert totals[key] == sum(t[key] for t in report["tables"]), key
    assert totals["lowest_score"] == min(t["score"] for t in report["tables"])
    assert totals["tables_passed"] == sum(t["verdict"] == "passed" for t in report["tables"])
    assert report["generated_at"] == max(t["run_list"][-1]["finished_at"] for t in report["tables"])
    kinds = {(r["table"], r["kind"]) for r in report["recommendations"]}
    assert all((table, "capacity-mode") in kinds for table in migrated.figures)
    assert report["hot_keys_checked"] is False


def test_first_report_has_the_dead_letters_unresolved_with_the_replay_command(migrated):
    report = load_report(migrated.first_report_dir)
    assert report["report_version"] == 1
    check_table_figures(migrated, report, migrated.first_validation, replayed=False)
    totals = report["totals"]
    dead = sum(f.dead for f in migrated.figures.values())
    assert totals["written"] == sum(f.written for f in migrated.figures.values()) and totals["dead_lettered"] == dead
    assert totals["unresolved_dead_letters"] == dead and totals["lowest_score"] < 100
    assert totals["tables_passed"] == len(migrated.figures) - len(broken_tables(migrated))
    expected_errors = sorted((t, r, n) for t, f in migrated.figures.items() for r, n in f.reasons.items())
    assert [(e["table"], e["reason"], e["count"]) for e in report["errors"]] == expected_errors
    for e in report["errors"]:
        run = migrated.first_summaries[e["table"]]["run_id"]
        assert (e["resolved"], e["unresolved"], e["status"]) == (0, e["count"], "unresolved"), e
        assert e["commands"] == [f'ddb-migrate replay {migrated.out} --config {migrated.config} --mysql "$MYSQL_URL" '
                                 f'--table {e["table"]} --run {run} --runs {migrated.work} '
                                 f'--dynamodb-endpoint "$DYNAMODB_ENDPOINT"'], e
        assert len(e["examples"]) == min(3, e["count"]) and not any(x["resolved"] for x in e["examples"])
    summary = report["summary"]
    for table, f in migrated.figures.items():
        sentence = next(s for s in summary if s.startswith(f"{table}: "))
        assert sentence.startswith(f"{table}: {plural(f.written, 'item')} migrated in "), sentence
        if f.dead:
            assert sentence.endswith(f", integrity {score_text(f.first_score())}/100; {plural(f.dead, 'row')} "
                                     "could not be migrated yet (see Errors); validation did not pass."), sentence
        else:
            assert sentence.endswith(", integrity 100/100."), sentence
        assert sentence in migrated.first_report_stdout


def test_replays_write_the_missing_items_and_validate_scores_100(migrated, dynamodb):
    assert sorted(migrated.replays) == broken_tables(migrated)
    shapes = load_contract(migrated.contract)
    for table, runs in migrated.replays.items():
        f = migrated.figures[table]
        (command, done), = runs
        assert done.returncode == 0, command + "\n" + done.stdout + done.stderr
        replay = next(r for r in load_report(migrated.report_dir)["tables"] if r["table"] == table)["run_list"][1]
        assert (replay["kind"], replay["replay_of"], replay["status"]) == \
            ("replay", migrated.first_summaries[table]["run_id"], "succeeded")
        assert (replay["read"], replay["written"], replay["skipped"], replay["dead_lettered"]) == (f.dead, f.dead, 0, 0)
    for table, f in migrated.figures.items():
        assert_same_items(scan_all(dynamodb, table), f.items, shapes[table])
        # latest_summary is still run-local's once replays sit in the same folder.
        assert migrated.run.summary(table) == migrated.first_summaries[table]
    assert migrated.exit == 0 and migrated.validation["passed"] is True
    for entry in migrated.validation["tables"]:
        f = migrated.figures[entry["table"]]
        assert (entry["score"], entry["items"], entry["missing_keys"]["count"]) == (100, len(f.items), 0), entry
        assert entry["accounting"]["balanced"] is True and entry["accounting"]["replays"] == (1 if f.dead else 0)
        assert entry["accounting"]["written"] == len(f.items), entry


def test_second_report_has_the_dead_letters_resolved(migrated):
    report = load_report(migrated.report_dir)
    check_table_figures(migrated, report, migrated.validation, replayed=True)
    totals = report["totals"]
    assert totals["written"] == sum(len(f.items) for f in migrated.figures.values())
    assert totals["unresolved_dead_letters"] == 0 and totals["lowest_score"] == 100
    assert totals["tables_passed"] == len(migrated.figures)
    assert [(e["table"], e["reason"]) for e in report["errors"]] == \
        sorted((t, r) for t, f in migrated.figures.items() for r in f.reasons)
    for e in report["errors"]:
        assert (e["resolved"], e["unresolved"], e["status"], e["commands"]) == (e["count"], 0, "resolved", []), e
        assert all(x["resolved"] for x in e["examples"])
    text = open(os.path.join(migrated.report_dir, "report.md"), encoding="utf-8").read()
    summary = text.split("## Executive summary", 1)[1].split("## Totals", 1)[0]
    for table, f in migrated.figures.items():
        # written counts every put: the first run's and the replay's.
        assert f"- {table}: {plural(len(f.items), 'item')} migrated in " in summary, summary
        assert f"{table}: {plural(len(f.items), 'item')} migrated in " in migrated.report_stdout
    assert summary.count("integrity 100/100") == len(migrated.figures) and "could not be migrated" not in summary


def test_report_is_deterministic(migrated, tmp_path):
    again = tmp_path / "again"
    report(migrated, str(again))
    for name in ("report.md", "report.json", "report.html"):
        assert (again / name).read_bytes() == open(os.path.join(migrated.report_dir, name), "rb").read(), name


def chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("chromium is not installed: run scripts/install-deps.sh")


def test_html_renders_in_headless_chromium(migrated, tmp_path):
    """The first report (dead letters unresolved, validation failed) screenshotted."""
    page = os.path.join(migrated.first_report_dir, "report.html")
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
    for table, f in migrated.figures.items():
        assert dom.count(f'<svg data-chart="throughput" data-table="{table}"') == 1, table
        assert f"written {f.written:,} · skipped 0 · dead-lettered {f.dead}" in dom, table
        verdict = "passed" if f.dead == 0 else "failed"
        assert f">{score_text(f.first_score())}/100 {verdict}</text>" in dom, table
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
    local = load_report(migrated.report_dir)
    assert from_s3["tables"] == local["tables"] and from_s3["totals"] == local["totals"]
    assert from_s3["hot_keys_checked"] is True
    hot = {r["table"]: r["text"] for r in from_s3["recommendations"] if r["kind"] == "hot-partition-keys"}
    assert all(text.startswith("Top PK values by items: ") for text in hot.values()), hot

    unreachable = tmp_path / "unreachable"
    done = ddbm("report", migrated.out, "--out", str(unreachable), check=False, timeout=300,
                env=dict(migrated.env, AWS_ENDPOINT_URL="http://127.0.0.1:9"))
    assert done.returncode == 3, done.stdout + done.stderr
    assert not unreachable.exists()


def deployed_state(endpoint, pipeline, manifest):
    """Everything of the migration cleanup may touch, by the manifest's names (boto3 against moto)."""
    region = manifest["region"]
    s3, iam, glue, ddb = (boto3.client(s, endpoint_url=endpoint, region_name=region) for s in ("s3", "iam", "glue", "dynamodb"))
    role = manifest["iam"]["role_name"]
    try:
        iam.get_role(RoleName=role)
        policies = iam.list_role_policies(RoleName=role)["PolicyNames"]
    except iam.exceptions.NoSuchEntityException:
        role, policies = None, []
    jobs = []
    for name in [j["name"] for j in manifest["jobs"]] + [j["validation"]["name"] for j in manifest["jobs"]]:
        try:
            glue.get_job(JobName=name)
            jobs.append(name)
        except glue.exceptions.EntityNotFoundException:
            pass
    objects = s3.list_objects_v2(Bucket=manifest["s3"]["bucket"]).get("Contents", [])
    views = pipeline.mariadb.sql("SELECT TABLE_NAME FROM information_schema.VIEWS "
                                 f"WHERE TABLE_SCHEMA = '{pipeline.database}' ORDER BY TABLE_NAME;").split()
    return {"role": role, "policies": policies, "jobs": sorted(jobs), "objects": sorted(o["Key"] for o in objects),
            "views": views, "tables": sorted(ddb.list_tables()["TableNames"])}


def test_cleanup_after_the_migration(migrated, moto_ext_endpoint):
    """The last step: the generated directory deployed into moto (as on AWS), then cleanup."""
    manifest = json.load(open(os.path.join(migrated.out, "manifest.json"), encoding="utf-8"))
    config = json.load(open(migrated.config, encoding="utf-8"))
    deploy_into_moto(migrated, moto_ext_endpoint, migrated.config, manifest["s3"]["bucket"], config["glue"]["connection_name"])
    before = deployed_state(moto_ext_endpoint, migrated, manifest)
    jobs = sorted([j["name"] for j in manifest["jobs"]] + [j["validation"]["name"] for j in manifest["jobs"]])
    assert before["jobs"] == jobs and before["role"] == manifest["iam"]["role_name"], before
    assert before["policies"] == [manifest["iam"]["policy_name"]] and before["objects"], before
    assert before["tables"] == sorted(migrated.figures) and len(before["views"]) == migrated.views.count("CREATE OR REPLACE VIEW")

    def cleanup(*args):
        done = ddbm("cleanup", migrated.out, "--config", migrated.config, "--mysql", migrated.url, *args,
                    env=dict(migrated.env, AWS_ENDPOINT_URL=moto_ext_endpoint), check=False, timeout=300)
        assert E2E_PASSWORD not in done.stdout + done.stderr
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    dry = cleanup("--dry-run")
    assert "dry run: nothing was changed" in dry
    for name in jobs:
        assert f"- delete   Glue job {name}\n" in dry, dry
    assert deployed_state(moto_ext_endpoint, migrated, manifest) == before

    done = cleanup("--yes")
    assert "the DynamoDB tables were not touched" in done
    after = deployed_state(moto_ext_endpoint, migrated, manifest)
    # Nothing of ours remains: no job, no script, no role or policy, no view; the tables stay.
    assert after == {"role": None, "policies": [], "jobs": [], "objects": [], "views": [], "tables": before["tables"]}, after
