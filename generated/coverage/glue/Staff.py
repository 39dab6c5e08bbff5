"""ddb-migrate Glue job: one DynamoDB table from its MySQL views. Generated file: do not edit.

What this job does is fixed by the job spec below (one JSON document the compiler embeds);
how it reads, checks, converts and writes lives in ddbm_core (shipped with --extra-py-files).
Run-time settings come from the --ddbm_* job arguments (see templates/glue/README.md); a run
started with nothing but the job's DefaultArguments (console, schedule, trigger) works as well.
"""

import logging
import sys

from awsglue.context import GlueContext
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

import ddbm_core as core

JOB_SPEC_JSON = "{\"spec_version\":2,\"table\":\"Staff\",\"view\":\"ddb_staff_view\",\"pk\":\"staff_id\",\"sk\":null,\"gsi_keys\":[\"manager_id\",\"hired_at\"],\"attributes\":[{\"name\":\"staff_id\",\"type\":\"N\"},{\"name\":\"name\",\"type\":\"S\"},{\"name\":\"email\",\"type\":\"S\"},{\"name\":\"manager_id\",\"type\":\"S\"},{\"name\":\"manager_name\",\"type\":\"S\"},{\"name\":\"grand_manager\",\"type\":\"S\"},{\"name\":\"contact_email\",\"type\":\"S\"},{\"name\":\"direct_reports\",\"type\":\"N\"},{\"name\":\"avg_report_salary\",\"type\":\"N\"},{\"name\":\"hired_at\",\"type\":\"S\"},{\"name\":\"hired_on\",\"type\":\"S\"},{\"name\":\"probation_end\",\"type\":\"S\"},{\"name\":\"tenure_days\",\"type\":\"N\"},{\"name\":\"hired_epoch\",\"type\":\"N\"},{\"name\":\"is_active\",\"type\":\"BOOL\"},{\"name\":\"salary\",\"type\":\"N\"}],\"write\":{\"mode\":\"overwrite\",\"version_attribute\":null},\"bookmark_attribute\":null,\"entity_column\":null,\"partition_column\":\"_partition_key\",\"sources\":[{\"entity\":null,\"view\":\"ddb_staff_view\",\"columns\":[\"staff_id\",\"name\",\"email\",\"manager_id\",\"manager_name\",\"grand_manager\",\"contact_email\",\"direct_reports\",\"avg_report_salary\",\"hired_at\",\"hired_on\",\"probation_end\",\"tenure_days\",\"hired_epoch\",\"is_active\",\"salary\"],\"bounds\":{\"table\":\"staff\",\"column\":\"id\"}}]}"

log = logging.getLogger("ddbm")


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # AWS's getResolvedOptions; the core asks it only for names it may ask for (never JOB_RUN_ID
    # or job-bookmark-option, which it reserves) and takes Glue's run id from its answer.
    args = core.resolve_job_arguments(sys.argv, getResolvedOptions)
    spec = core.JobSpec.from_json(JOB_SPEC_JSON)
    settings = core.RunSettings.from_arguments(args)
    if args.get(core.GLUE_BOOKMARK_KEY) == "job-bookmark-enable":
        log.warning("Glue job bookmarks are enabled for this job but not used: incremental runs keep their "
                    "own high-water mark (templates/glue/README.md)")

    # Glue supplies the Spark session and the connection's JDBC settings (extract_jdbc_conf);
    # everything else, Spark's own JDBC reader included, is driven by the core.
    glue_context = GlueContext(SparkContext.getOrCreate())
    log.info("run %s: DynamoDB table %s from %d source view(s), %s, %d partitions",
             settings.run_id, spec.table, len(spec.sources), spec.write_mode, settings.partitions)
    summary = core.run_job(glue_context, spec, settings)
    if summary["status"] != "succeeded":
        # One failure for the whole run, after the summary is written (the core never raises).
        raise RuntimeError(f"ddb-migrate job for {spec.table} failed: {summary['error']}")


if __name__ == "__main__":
    main()
