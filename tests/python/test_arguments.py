"""Job arguments: what Glue passes reaches RunSettings, with the documented defaults."""

import ddbm_core as core


def fake_get_resolved_options(argv, names):
    """The subset of awsglue.utils.getResolvedOptions the core relies on: every name required."""
    out = {}
    for name in names:
        flag = "--" + name
        assert flag in argv, f"getResolvedOptions would fail: {flag} missing"
        out[name] = argv[argv.index(flag) + 1]
    return out


BASE = ["job.py", "--JOB_NAME", "j", "--ddbm_connection", "c", "--ddbm_dead_letter_uri", "file:///tmp/dl",
        "--ddbm_report_uri", "file:///tmp/r", "--ddbm_region", "us-east-1"]


def test_run_id_given_by_deploy_wins():
    args = core.resolve_job_arguments(BASE + ["--JOB_RUN_ID", "jr_1", "--ddbm_run_id", "deploy-7"], fake_get_resolved_options)
    assert args["ddbm_run_id"] == "deploy-7"


def test_run_started_elsewhere_uses_glues_job_run_id():
    args = core.resolve_job_arguments(BASE + ["--JOB_RUN_ID", "jr_abc"], fake_get_resolved_options)
    assert args["ddbm_run_id"] == "jr_abc"
    assert core.RunSettings.from_arguments(args).run_id == "jr_abc"


def test_optional_arguments_take_defaults_and_overrides():
    args = core.resolve_job_arguments(BASE + ["--JOB_RUN_ID", "x", "--ddbm_partitions", "8"], fake_get_resolved_options)
    settings = core.RunSettings.from_arguments(args)
    assert settings.partitions == 8
    assert settings.max_attempts == 8
    assert settings.max_write_units_per_second == 0
