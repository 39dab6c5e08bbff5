"""ddb-migrate Glue job: one DynamoDB table from one MySQL view. Generated file: do not edit.

What this job does is fixed by the job spec below (one JSON document the compiler embeds);
how it converts and writes lives in ddbm_core (shipped with --extra-py-files). Run-time settings
come from the --ddbm_* job arguments (see templates/glue/README.md).
"""

import json
import logging
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

import ddbm_core as core

JOB_SPEC_JSON = "{\"spec_version\":1,\"table\":\"Users\",\"view\":\"ddb_users_view\",\"pk\":\"PK\",\"sk\":\"SK\",\"gsi_keys\":[\"GSI1PK\",\"GSI1SK\",\"GSI2PK\",\"GSI2SK\",\"GSI3PK\",\"GSI3SK\"],\"attributes\":[{\"name\":\"PK\",\"type\":\"S\"},{\"name\":\"SK\",\"type\":\"S\"},{\"name\":\"username\",\"type\":\"S\"},{\"name\":\"email\",\"type\":\"S\"},{\"name\":\"password_hash\",\"type\":\"S\"},{\"name\":\"profile_data\",\"type\":\"M\"},{\"name\":\"is_seller\",\"type\":\"BOOL\"},{\"name\":\"created_at\",\"type\":\"S\"},{\"name\":\"updated_at\",\"type\":\"S\"},{\"name\":\"GSI1PK\",\"type\":\"S\"},{\"name\":\"GSI1SK\",\"type\":\"S\"},{\"name\":\"GSI2PK\",\"type\":\"S\"},{\"name\":\"GSI2SK\",\"type\":\"S\"},{\"name\":\"product_id\",\"type\":\"S\"},{\"name\":\"quantity\",\"type\":\"N\"},{\"name\":\"price\",\"type\":\"N\"},{\"name\":\"product_name\",\"type\":\"S\"},{\"name\":\"user_id\",\"type\":\"S\"},{\"name\":\"order_status\",\"type\":\"S\"},{\"name\":\"total_amount\",\"type\":\"N\"},{\"name\":\"order_items\",\"type\":\"L\"},{\"name\":\"order_id\",\"type\":\"S\"},{\"name\":\"GSI3PK\",\"type\":\"S\"},{\"name\":\"GSI3SK\",\"type\":\"S\"}],\"write\":{\"mode\":\"if-absent\",\"version_attribute\":null},\"bookmark_attribute\":null,\"entity_column\":\"_entity_type\",\"partition_column\":\"_partition_key\",\"partitioned\":true,\"bounds_from\":[{\"table\":\"users\",\"column\":\"id\"},{\"table\":\"shopping_carts\",\"column\":\"id\"},{\"table\":\"orders\",\"column\":\"id\"}]}"

#: Every JDBC session this job opens reads and renders date/time values in UTC (CONTRACT.md 5).
SESSION_INIT = "SET time_zone = '+00:00'"
#: Glue's bundled MySQL driver; the local stand-in names its own (MariaDB Connector/J).
DEFAULT_JDBC_DRIVER = "com.mysql.cj.jdbc.Driver"

log = logging.getLogger("ddbm")


def read_bounds(spark, jdbc_conf, spec):
    """MIN and MAX of the view's partition key, from its row sources' keys (None: no rows)."""
    query = spec.bounds_query()
    row = (spark.read.format("jdbc")
           .option("url", jdbc_conf["fullUrl"])
           .option("user", jdbc_conf["user"])
           .option("password", jdbc_conf["password"])
           .option("driver", jdbc_conf.get("driver", DEFAULT_JDBC_DRIVER))
           .option("sessionInitStatement", SESSION_INIT)
           .option("query", query)
           .load().collect()[0])
    if row["lo"] is None:
        return None
    return int(row["lo"]), int(row["hi"])


def read_view(glue_context, spec, settings, bounds):
    """The view as a DataFrame: P parallel readers over ranges of the partition key, or one
    reader when there are no bounds (a view without integer keys, or NULL keys only). Spark puts
    rows whose partition key is NULL into the first range, so no row is ever left out."""
    options = {
        "useConnectionProperties": "true",
        "connectionName": settings.connection_name,
        "dbtable": core.quote_identifier(spec.view),
        "sessionInitStatement": SESSION_INIT,
    }
    if bounds is not None:
        low, high = bounds
        options.update({
            "partitionColumn": spec.partition_column,
            "lowerBound": str(low),
            "upperBound": str(high + 1),
            "numPartitions": str(settings.partitions),
        })
    if spec.bookmark_attribute:
        options["jobBookmarkKeys"] = [spec.bookmark_attribute]
        options["jobBookmarkKeysSortOrder"] = "asc"
    frame = glue_context.create_dynamic_frame.from_options(
        connection_type="mysql", connection_options=options, transformation_ctx="read_view")
    return frame.toDF()


def write_items(df, spec, settings):
    """Converts and writes every row; returns one result (counters, first error) per partition.

    Rows are hashed to partitions by table key and sorted by it, so the rows of a key are adjacent
    and a key collision is dead-lettered instead of silently overwritten.
    """
    keys = list(spec.key_names)
    ordered = df.repartition(settings.partitions, *keys).sortWithinPartitions(*keys)

    def run_partition(index, rows):
        yield core.process_partition(index, (row.asDict() for row in rows), spec, settings)

    return ordered.rdd.mapPartitionsWithIndex(run_partition).collect()


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = core.resolve_job_arguments(sys.argv, getResolvedOptions)
    spec = core.JobSpec.from_json(JOB_SPEC_JSON)
    settings = core.RunSettings.from_arguments(args)

    glue_context = GlueContext(SparkContext.getOrCreate())
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)
    started = core.utc_now()
    log.info("run %s: %s -> DynamoDB table %s (%s, %d partitions)",
             settings.run_id, spec.view, spec.table, spec.write_mode, settings.partitions)

    results, error = [], None
    try:
        bounds = None
        if spec.partitioned:
            bounds = read_bounds(glue_context.spark_session, glue_context.extract_jdbc_conf(settings.connection_name), spec)
        if bounds is None:
            # Never "empty, nothing to do" from MIN/MAX alone: NULL keys also give no bounds.
            log.info("reading %s with one reader (no partition-key bounds)", spec.view)
        else:
            log.info("partition key %s spans %d..%d", spec.partition_column, bounds[0], bounds[1])
        results = write_items(read_view(glue_context, spec, settings, bounds), spec, settings)
    except Exception as exc:  # reported in the summary, then raised once below
        error = f"{type(exc).__name__}: {exc}"[:2000]
        log.exception("run %s failed while reading or writing", settings.run_id)

    summary = core.summarize(spec, settings, results, started, core.utc_now(), error)
    core.write_text(core.summary_uri(settings, spec), json.dumps(summary, indent=2, sort_keys=True) + "\n",
                    settings.region)
    core.publish_metrics(settings, summary)
    counters = summary["counters"]
    log.info("run %s %s: read=%d written=%d skipped=%d dead_lettered=%d reasons=%s",
             settings.run_id, summary["status"], counters["read"], counters["written"],
             counters["skipped"], counters["dead_lettered"], json.dumps(summary["dead_letter_reasons"]))
    if summary["status"] != "succeeded":
        raise RuntimeError(f"ddb-migrate job for {spec.table} failed: {summary['error']}")
    job.commit()


if __name__ == "__main__":
    main()
