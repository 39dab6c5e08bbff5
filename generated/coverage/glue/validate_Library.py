"""ddb-migrate Glue validation job: measures one DynamoDB table against its MySQL views. Generated file: do not edit.

It reads nothing but the table and the views, and writes nothing but its measurement
(docs/VALIDATE.md) to <--ddbm_report_uri>validation/<table>/<run id>.json. What the table should
hold is fixed by the job spec below, the very spec of the table's load job, and the contract's
GSIs; how it is measured lives in ddbm_validate, next to ddbm_core (both shipped with
--extra-py-files). Run-time settings come from the --ddbm_* job arguments (templates/glue/README.md,
"The validation job"); a run started with nothing but the job's DefaultArguments works as well.
"""

import logging
import sys

from awsglue.context import GlueContext
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

import ddbm_core as core
import ddbm_validate as validate

JOB_SPEC_JSON = "{\"spec_version\":2,\"table\":\"Library\",\"view\":\"ddb_library_view\",\"pk\":\"PK\",\"sk\":\"SK\",\"gsi_keys\":[\"GSI1PK\",\"GSI1SK\"],\"attributes\":[{\"name\":\"PK\",\"type\":\"S\"},{\"name\":\"SK\",\"type\":\"S\"},{\"name\":\"full_name\",\"type\":\"S\"},{\"name\":\"display_name\",\"type\":\"S\"},{\"name\":\"country_name\",\"type\":\"S\"},{\"name\":\"origin\",\"type\":\"S\"},{\"name\":\"book_count\",\"type\":\"N\"},{\"name\":\"total_pages\",\"type\":\"N\"},{\"name\":\"profile\",\"type\":\"M\"},{\"name\":\"pen_names\",\"type\":\"L\"},{\"name\":\"GSI1PK\",\"type\":\"S\"},{\"name\":\"GSI1SK\",\"type\":\"S\"},{\"name\":\"title\",\"type\":\"S\"},{\"name\":\"pages\",\"type\":\"N\"},{\"name\":\"author_summary\",\"type\":\"M\"},{\"name\":\"author_country_path\",\"type\":\"S\"},{\"name\":\"recent_reviews\",\"type\":\"L\"},{\"name\":\"reviewer\",\"type\":\"S\"},{\"name\":\"rating\",\"type\":\"N\"},{\"name\":\"body\",\"type\":\"S\"},{\"name\":\"is_verified\",\"type\":\"BOOL\"},{\"name\":\"created_at\",\"type\":\"S\"},{\"name\":\"expires_at\",\"type\":\"N\"}],\"write\":{\"mode\":\"if-absent\",\"version_attribute\":null},\"bookmark_attribute\":null,\"entity_column\":\"_entity_type\",\"partition_column\":\"_partition_key\",\"sources\":[{\"entity\":\"AUTHOR\",\"view\":\"ddb_library__author_view\",\"columns\":[\"PK\",\"SK\",\"full_name\",\"display_name\",\"country_name\",\"origin\",\"book_count\",\"total_pages\",\"profile\",\"pen_names\",\"GSI1PK\",\"GSI1SK\"],\"bounds\":{\"table\":\"authors\",\"column\":\"id\"}},{\"entity\":\"BOOK\",\"view\":\"ddb_library__book_view\",\"columns\":[\"PK\",\"SK\",\"GSI1PK\",\"GSI1SK\",\"title\",\"pages\",\"author_summary\",\"author_country_path\",\"recent_reviews\"],\"bounds\":{\"table\":\"books\",\"column\":\"id\"}},{\"entity\":\"REVIEW\",\"view\":\"ddb_library__review_view\",\"columns\":[\"PK\",\"SK\",\"GSI1PK\",\"GSI1SK\",\"reviewer\",\"rating\",\"body\",\"is_verified\",\"created_at\",\"expires_at\"],\"bounds\":{\"table\":\"reviews\",\"column\":\"id\"}}]}"
INDEXES_JSON = "[{\"index\":\"GSI1\",\"pk\":\"GSI1PK\",\"sk\":\"GSI1SK\"}]"

log = logging.getLogger("ddbm")


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # AWS's getResolvedOptions, asked only for names it may be asked for; Glue's run id names the
    # measurement unless --ddbm_run_id is given.
    args = validate.resolve_arguments(sys.argv, getResolvedOptions)
    spec = core.JobSpec.from_json(JOB_SPEC_JSON)
    indexes = validate.parse_indexes(INDEXES_JSON, spec)
    settings = validate.ValidationSettings.from_arguments(args)

    glue_context = GlueContext(SparkContext.getOrCreate())
    log.info("validation run %s: DynamoDB table %s from %d source view(s), %d GSI(s), %d partitions",
             settings.run_id, spec.table, len(spec.sources), len(indexes), settings.partitions)
    try:
        validate.run_validation(glue_context, spec, indexes, settings)
    except validate.ValidationError as exc:
        log.error("validation of %s failed: %s", spec.table, exc)
        # One failure for the whole run, with the reason as the Glue run's error message.
        raise RuntimeError(f"ddb-migrate validation of {spec.table} failed: {exc}") from None


if __name__ == "__main__":
    main()
