"""Job arguments, resolved with AWS's real getResolvedOptions (AWSGlueDataplanePython 5.0.0).

Glue starts a run with the job's DefaultArguments plus its own: --JOB_ID, --JOB_RUN_ID,
--JOB_NAME, --job-bookmark-option, --TempDir, ... A run started from the console or a schedule
has no --ddbm_run_id; the job must then use Glue's JOB_RUN_ID, which getResolvedOptions reserves.
"""

import argparse

import pytest

import ddbm_core as core
from test_job_support import real_get_resolved_options

get_resolved_options = real_get_resolved_options()

#: What Glue passes a run started with nothing but the job's DefaultArguments (as deploy sets them).
GLUE_ARGV = ["script_2024.py", "--JOB_ID", "j_0123", "--JOB_RUN_ID", "jr_abc123", "--JOB_NAME", "ddbm-Users",
             "--job-bookmark-option", "job-bookmark-disable", "--TempDir", "s3://bucket/tmp/",
             "--enable-metrics", "true", "--ddbm_connection", "mysql-app",
             "--ddbm_dead_letter_uri", "s3://bucket/dead-letters", "--ddbm_report_uri", "s3://bucket/reports",
             "--ddbm_region", "eu-west-1"]


def test_awss_get_resolved_options_is_the_real_one():
    assert get_resolved_options.__module__ == "awsglue.utils"
    assert "site-packages" in get_resolved_options.__code__.co_filename


def test_asking_for_job_run_id_kills_the_run_as_the_old_job_did():
    """Regression: the old core asked for JOB_RUN_ID; AWS's function reserves it."""
    with pytest.raises((RuntimeError, argparse.ArgumentError)):
        get_resolved_options(GLUE_ARGV, ["ddbm_connection", "JOB_RUN_ID"])


def test_run_started_with_default_arguments_only_uses_glues_job_run_id():
    args = core.resolve_job_arguments(GLUE_ARGV, get_resolved_options)
    settings = core.RunSettings.from_arguments(args)
    assert settings.run_id == "jr_abc123"
    assert settings.connection_name == "mysql-app" and settings.region == "eu-west-1"
    assert settings.partitions == 8 and settings.fetch_size == 1000 and settings.full is False
    assert settings.progress_seconds == 5.0
    assert args[core.GLUE_BOOKMARK_KEY] == "job-bookmark-disable"


def test_run_id_given_by_deploy_wins_over_glues():
    args = core.resolve_job_arguments(GLUE_ARGV + ["--ddbm_run_id", "deploy-7"], get_resolved_options)
    assert core.RunSettings.from_arguments(args).run_id == "deploy-7"


def test_optional_arguments_as_name_value_and_name_equals_value():
    argv = GLUE_ARGV + ["--ddbm_partitions=8", "--ddbm_fetch_size", "250", "--ddbm_full=true",
                        "--ddbm_progress_seconds", "0", "--ddbm_run_id=r-9"]
    settings = core.RunSettings.from_arguments(core.resolve_job_arguments(argv, get_resolved_options))
    assert (settings.partitions, settings.fetch_size, settings.full, settings.progress_seconds, settings.run_id) == \
        (8, 250, True, 0.0, "r-9")
    assert settings.max_attempts == 8 and settings.max_write_units_per_second == 0


def test_required_argument_missing_fails_naming_it():
    argv = [a for a in GLUE_ARGV if a not in ("--ddbm_region", "eu-west-1")]
    with pytest.raises(Exception, match="ddbm_region"):
        core.resolve_job_arguments(argv, get_resolved_options)


def test_no_run_id_at_all_names_the_fix():
    argv = [a for a in GLUE_ARGV if a not in ("--JOB_RUN_ID", "jr_abc123")]
    with pytest.raises(core.SettingsError, match="--ddbm_run_id"):
        core.resolve_job_arguments(argv, get_resolved_options)


def test_given_argument_names_reads_both_spellings():
    assert core.given_argument_names(["x", "--a", "1", "--b=2", "value", "-c"]) == {"a", "b"}


BASE = {"ddbm_connection": "c", "ddbm_dead_letter_uri": "file:///tmp/dl", "ddbm_report_uri": "file:///tmp/r",
        "ddbm_region": "us-east-1", "ddbm_run_id": "r1"}


@pytest.mark.parametrize("key,value,message", [
    ("ddbm_fetch_size", "0", "--ddbm_fetch_size must be between 1"),
    ("ddbm_fetch_size", "many", "--ddbm_fetch_size must be an integer"),
    ("ddbm_full", "yes", "--ddbm_full must be true or false"),
    ("ddbm_progress_seconds", "-1", "--ddbm_progress_seconds must be between 0"),
    ("ddbm_partitions", "0", "--ddbm_partitions must be between 1"),
    ("ddbm_min_range_keys", "0", "--ddbm_min_range_keys must be between 1"),
    ("ddbm_run_id", "a/b", "--ddbm_run_id may only hold"),
    ("ddbm_report_uri", "/tmp/r", "--ddbm_report_uri must be an s3:// or file:// URI"),
])
def test_settings_name_the_bad_argument(key, value, message):
    with pytest.raises(core.SettingsError, match=message):
        core.RunSettings.from_arguments(dict(BASE, **{key: value}))


def test_full_accepts_any_case():
    assert core.RunSettings.from_arguments(dict(BASE, ddbm_full="TRUE")).full is True
    assert core.RunSettings.from_arguments(BASE).full is False
