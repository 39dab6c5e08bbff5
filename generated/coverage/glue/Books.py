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

JOB_SPEC_JSON = "{\"spec_version\":2,\"table\":\"Books\",\"view\":\"ddb_books_view\",\"pk\":\"PK\",\"sk\":\"SK\",\"gsi_keys\":[\"author_key\",\"published_iso\",\"series_id\",\"series_position_padded\"],\"attributes\":[{\"name\":\"PK\",\"type\":\"S\"},{\"name\":\"SK\",\"type\":\"S\"},{\"name\":\"book_id\",\"type\":\"N\"},{\"name\":\"title\",\"type\":\"S\"},{\"name\":\"author_key\",\"type\":\"S\"},{\"name\":\"author_name\",\"type\":\"S\"},{\"name\":\"series_id\",\"type\":\"S\"},{\"name\":\"series_label\",\"type\":\"S\"},{\"name\":\"series_position_padded\",\"type\":\"S\"},{\"name\":\"published_iso\",\"type\":\"S\"},{\"name\":\"presale_start\",\"type\":\"S\"},{\"name\":\"added_on\",\"type\":\"S\"},{\"name\":\"last_opened\",\"type\":\"S\"},{\"name\":\"price_eur\",\"type\":\"N\"},{\"name\":\"price_band\",\"type\":\"S\"},{\"name\":\"tags\",\"type\":\"SS\"},{\"name\":\"rating_values\",\"type\":\"NS\"},{\"name\":\"reviewers\",\"type\":\"L\"},{\"name\":\"review_count\",\"type\":\"N\"},{\"name\":\"avg_rating\",\"type\":\"N\"},{\"name\":\"best_rating\",\"type\":\"N\"},{\"name\":\"worst_rating\",\"type\":\"N\"},{\"name\":\"metadata\",\"type\":\"M\"},{\"name\":\"cover\",\"type\":\"B\"},{\"name\":\"is_available\",\"type\":\"BOOL\"},{\"name\":\"weight_text\",\"type\":\"S\"},{\"name\":\"version\",\"type\":\"N\"},{\"name\":\"updated_at\",\"type\":\"S\"}],\"write\":{\"mode\":\"if-newer\",\"version_attribute\":\"version\"},\"bookmark_attribute\":\"updated_at\",\"entity_column\":null,\"partition_column\":\"_partition_key\",\"sources\":[{\"entity\":null,\"view\":\"ddb_books_view\",\"columns\":[\"PK\",\"SK\",\"book_id\",\"title\",\"author_key\",\"author_name\",\"series_id\",\"series_label\",\"series_position_padded\",\"published_iso\",\"presale_start\",\"added_on\",\"last_opened\",\"price_eur\",\"price_band\",\"tags\",\"rating_values\",\"reviewers\",\"review_count\",\"avg_rating\",\"best_rating\",\"worst_rating\",\"metadata\",\"cover\",\"is_available\",\"weight_text\",\"version\",\"updated_at\"],\"bounds\":{\"table\":\"books\",\"column\":\"id\"}}]}"

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
