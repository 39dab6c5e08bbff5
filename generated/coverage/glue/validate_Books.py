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

JOB_SPEC_JSON = "{\"spec_version\":2,\"table\":\"Books\",\"view\":\"ddb_books_view\",\"pk\":\"PK\",\"sk\":\"SK\",\"gsi_keys\":[\"author_key\",\"published_iso\",\"series_id\",\"series_position_padded\"],\"attributes\":[{\"name\":\"PK\",\"type\":\"S\"},{\"name\":\"SK\",\"type\":\"S\"},{\"name\":\"book_id\",\"type\":\"N\"},{\"name\":\"title\",\"type\":\"S\"},{\"name\":\"author_key\",\"type\":\"S\"},{\"name\":\"author_name\",\"type\":\"S\"},{\"name\":\"series_id\",\"type\":\"S\"},{\"name\":\"series_label\",\"type\":\"S\"},{\"name\":\"series_position_padded\",\"type\":\"S\"},{\"name\":\"published_iso\",\"type\":\"S\"},{\"name\":\"presale_start\",\"type\":\"S\"},{\"name\":\"added_on\",\"type\":\"S\"},{\"name\":\"last_opened\",\"type\":\"S\"},{\"name\":\"price_eur\",\"type\":\"N\"},{\"name\":\"price_band\",\"type\":\"S\"},{\"name\":\"tags\",\"type\":\"SS\"},{\"name\":\"rating_values\",\"type\":\"NS\"},{\"name\":\"reviewers\",\"type\":\"L\"},{\"name\":\"review_count\",\"type\":\"N\"},{\"name\":\"avg_rating\",\"type\":\"N\"},{\"name\":\"best_rating\",\"type\":\"N\"},{\"name\":\"worst_rating\",\"type\":\"N\"},{\"name\":\"metadata\",\"type\":\"M\"},{\"name\":\"cover\",\"type\":\"B\"},{\"name\":\"is_available\",\"type\":\"BOOL\"},{\"name\":\"weight_text\",\"type\":\"S\"},{\"name\":\"version\",\"type\":\"N\"},{\"name\":\"updated_at\",\"type\":\"S\"}],\"write\":{\"mode\":\"if-newer\",\"version_attribute\":\"version\"},\"bookmark_attribute\":\"updated_at\",\"entity_column\":null,\"partition_column\":\"_partition_key\",\"sources\":[{\"entity\":null,\"view\":\"ddb_books_view\",\"columns\":[\"PK\",\"SK\",\"book_id\",\"title\",\"author_key\",\"author_name\",\"series_id\",\"series_label\",\"series_position_padded\",\"published_iso\",\"presale_start\",\"added_on\",\"last_opened\",\"price_eur\",\"price_band\",\"tags\",\"rating_values\",\"reviewers\",\"review_count\",\"avg_rating\",\"best_rating\",\"worst_rating\",\"metadata\",\"cover\",\"is_available\",\"weight_text\",\"version\",\"updated_at\"],\"bounds\":{\"table\":\"books\",\"column\":\"id\"}}]}"
INDEXES_JSON = "[{\"index\":\"ByAuthor\",\"pk\":\"author_key\",\"sk\":\"published_iso\"},{\"index\":\"BySeries\",\"pk\":\"series_id\",\"sk\":\"series_position_padded\"}]"

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
