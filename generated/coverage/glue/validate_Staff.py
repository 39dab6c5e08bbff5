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

JOB_SPEC_JSON = "{\"spec_version\":2,\"table\":\"Staff\",\"view\":\"ddb_staff_view\",\"pk\":\"staff_id\",\"sk\":null,\"gsi_keys\":[\"manager_id\",\"hired_at\"],\"attributes\":[{\"name\":\"staff_id\",\"type\":\"N\"},{\"name\":\"name\",\"type\":\"S\"},{\"name\":\"email\",\"type\":\"S\"},{\"name\":\"manager_id\",\"type\":\"S\"},{\"name\":\"manager_name\",\"type\":\"S\"},{\"name\":\"grand_manager\",\"type\":\"S\"},{\"name\":\"contact_email\",\"type\":\"S\"},{\"name\":\"direct_reports\",\"type\":\"N\"},{\"name\":\"avg_report_salary\",\"type\":\"N\"},{\"name\":\"hired_at\",\"type\":\"S\"},{\"name\":\"hired_on\",\"type\":\"S\"},{\"name\":\"probation_end\",\"type\":\"S\"},{\"name\":\"tenure_days\",\"type\":\"N\"},{\"name\":\"hired_epoch\",\"type\":\"N\"},{\"name\":\"is_active\",\"type\":\"BOOL\"},{\"name\":\"salary\",\"type\":\"N\"}],\"write\":{\"mode\":\"overwrite\",\"version_attribute\":null},\"bookmark_attribute\":null,\"entity_column\":null,\"partition_column\":\"_partition_key\",\"sources\":[{\"entity\":null,\"view\":\"ddb_staff_view\",\"columns\":[\"staff_id\",\"name\",\"email\",\"manager_id\",\"manager_name\",\"grand_manager\",\"contact_email\",\"direct_reports\",\"avg_report_salary\",\"hired_at\",\"hired_on\",\"probation_end\",\"tenure_days\",\"hired_epoch\",\"is_active\",\"salary\"],\"bounds\":{\"table\":\"staff\",\"column\":\"id\"}}]}"
INDEXES_JSON = "[{\"index\":\"ByManager\",\"pk\":\"manager_id\",\"sk\":\"hired_at\"}]"

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
