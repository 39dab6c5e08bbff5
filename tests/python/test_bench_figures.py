"""bench/glue/figures.py's writer figure: rounds pair a job run with a loader run, and the figure is
the median of the rounds' ratios (one round is one sample of moto's pace, which moves by ~10 %)."""

import importlib.util
import json
import os

import pytest

from conftest import REPO

_spec = importlib.util.spec_from_file_location("bench_figures", os.path.join(REPO, "bench", "glue", "figures.py"))
figures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(figures)


def _round(tmp_path, name, window_seconds, loader_seconds, written=1000, status="succeeded",
           order="job-first", job_server_cpu=3.0, loader_server_cpu=2.5):
    """A round's files: a run summary whose window lasts ``window_seconds`` and a loader output,
    with the endpoint's CPU over each."""
    reports = tmp_path / name / "reports"
    reports.mkdir(parents=True)
    summary = {"status": status, "started_at": "2026-12-02T06:00:00Z",
               "finished_at": f"2026-12-02T06:{window_seconds // 60:02d}:{window_seconds % 60:02d}Z",
               "counters": {"written": written}}
    (reports / "jr_1.json").write_text(json.dumps(summary))
    loader = tmp_path / f"{name}-loader.json"
    loader.write_text(json.dumps({"items": 1000, "seconds": loader_seconds,
                                  "items_per_second": 1000 / loader_seconds, "threads": 16,
                                  "server_cpu_seconds": loader_server_cpu}))
    return [str(reports), str(loader), "0", str(window_seconds + 5), "100.0", str(100.0 + job_server_cpu), order]


def _run(capsys, rounds, expected=1000):
    parser_args = ["loader"] + [a for r in rounds for a in ["--round", *r]] + ["--expected", str(expected)]
    figures.main(parser_args)
    return capsys.readouterr().out


def test_the_figure_is_the_median_of_the_rounds_ratios(tmp_path, capsys):
    # Ratios 0.80, 1.00, 0.95: the median is 0.95, although the first round alone misses.
    out = _run(capsys, [_round(tmp_path, "a", 100, 80), _round(tmp_path, "b", 100, 100),
                        _round(tmp_path, "c", 100, 95)])
    assert "round 1:" in out and "ratio 0.80" in out and "ratio 1.00" in out
    assert "median of 3 round(s): 0.95 (target >= 0.9) PASS" in out


def test_a_miss_is_reported_not_failed(tmp_path, capsys):
    out = _run(capsys, [_round(tmp_path, "a", 100, 80)])
    assert "median of 1 round(s): 0.80 (target >= 0.9) MISS" in out


def test_a_round_that_did_not_write_every_item_makes_the_figure_invalid(tmp_path, capsys):
    with pytest.raises(SystemExit) as failed:
        _run(capsys, [_round(tmp_path, "a", 100, 80), _round(tmp_path, "b", 100, 90, written=999)])
    assert "loader comparison invalid" in str(failed.value)


def test_each_round_names_its_order_and_the_endpoints_cpu_per_put_of_each_side(tmp_path, capsys):
    out = _run(capsys, [_round(tmp_path, "a", 100, 80), _round(tmp_path, "b", 100, 90, order="loader-first",
                                                                 job_server_cpu=4.2, loader_server_cpu=None)])
    first, second = [line for line in out.splitlines() if line.startswith("round ")]
    assert first.endswith("job-first; moto CPU per put: job 3.00 ms, loader 2.50 ms")
    assert second.endswith("loader-first; moto CPU per put: job 4.20 ms, loader ? ms")


def test_a_round_of_an_unknown_order_makes_the_figure_invalid(tmp_path, capsys):
    with pytest.raises(SystemExit) as failed:
        _run(capsys, [_round(tmp_path, "a", 100, 80, order="sideways")])
    assert "job-first or loader-first" in str(failed.value)
