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

JOB_SPEC_JSON = "{\"spec_version\":2,\"table\":\"Categories\",\"view\":\"ddb_categories_view\",\"pk\":\"PK\",\"sk\":\"SK\",\"gsi_keys\":[\"GSI1PK\",\"GSI1SK\"],\"attributes\":[{\"name\":\"PK\",\"type\":\"S\"},{\"name\":\"SK\",\"type\":\"S\"},{\"name\":\"category_id\",\"type\":\"S\"},{\"name\":\"parent_id\",\"type\":\"S\"},{\"name\":\"parent_name\",\"type\":\"S\"},{\"name\":\"category_name\",\"type\":\"S\"},{\"name\":\"category_path\",\"type\":\"S\"},{\"name\":\"level\",\"type\":\"N\"},{\"name\":\"children_count\",\"type\":\"N\"},{\"name\":\"product_count\",\"type\":\"N\"},{\"name\":\"created_at\",\"type\":\"S\"},{\"name\":\"GSI1PK\",\"type\":\"S\"},{\"name\":\"GSI1SK\",\"type\":\"S\"}],\"write\":{\"mode\":\"if-absent\",\"version_attribute\":null},\"bookmark_attribute\":null,\"entity_column\":null,\"partition_column\":\"_partition_key\",\"sources\":[{\"entity\":null,\"view\":\"ddb_categories_view\",\"columns\":[\"PK\",\"SK\",\"category_id\",\"parent_id\",\"parent_name\",\"category_name\",\"category_path\",\"level\",\"children_count\",\"product_count\",\"created_at\",\"GSI1PK\",\"GSI1SK\"],\"bounds\":{\"table\":\"categories\",\"column\":\"id\"}}]}"

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
