"""Holds the bench's port of Spark's JDBC range split against the real one.

    python bench/glue/spark_ranges_check.py --bench .build/release/ddbm-bench \
        --jdbc-jar .work/jdbc/mysql-connector-shim.jar [--cases-file FILE] [--case LOWER,UPPER,N ...]

``make bench`` times the statements the Glue job's readers send, which depend on where Spark's
``JDBCRelation.columnPartition`` puts the range boundaries (equal-width strides computed in
34-digit decimal, half a lost stride shifted onto the start, NULL keys in the first range).
``ddbm-bench`` re-implements that in Swift; this script asks the local PySpark's own
``columnPartition`` (through py4j: no database is contacted, the driver class only has to load)
for the same cases and compares every WHERE clause. The cases are the bench's own bounds
(``--cases-file`` from ``ddbm-bench run --ranges-out``, or ``--case``) plus fixed edge cases and
seeded random ones across all magnitudes.
Prints one summary line; exit status 0 when all match, 1 on any difference (the range figures
would then not be the job's).
"""

import argparse
import json
import random
import subprocess
import sys

LONG_MIN, LONG_MAX = -(2 ** 63), 2 ** 63 - 1

#: Edge cases: the shop's key spans, spans shorter than N, a span of one key, empty span, lost
#: strides that round exactly at one half, negative and 64-bit extreme bounds, lower > upper,
#: and a stride that 34-digit rounding makes zero (Spark fails there, so must the port).
FIXED_CASES = [
    (1, 100001, 8), (1, 250001, 8), (1, 20001, 8), (1, 2001, 8), (1, 20001, 4),
    (1, 1001, 3), (1, 1002, 8), (1, 1004, 8), (0, 7, 2), (1, 4, 8), (1, 2, 8), (5, 5, 8),
    (-100, 100, 7), (-7, -1, 3), (10, 3, 8), (1, 100001, 1), (1, 100001, 10000),
    (LONG_MIN, LONG_MAX, 8), (0, LONG_MAX, 16), (LONG_MIN, 0, 3), (LONG_MAX - 10, LONG_MAX, 4),
    (-9_000_000_000_000_000_003, -9_000_000_000_000_000_003 + 7, 7),
]


def random_cases(count, seed=20261201):
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        magnitude = rng.choice([10, 1_000, 10 ** 6, 10 ** 9, 10 ** 12, 10 ** 15, 10 ** 18])
        lower = rng.randint(-magnitude, magnitude)
        upper = min(LONG_MAX, lower + rng.randint(0, 3 * magnitude))
        out.append((lower, upper, rng.choice([2, 3, 4, 5, 7, 8, 16, 31, 64, 100])))
    return out


def spark_clauses(spark, lower, upper, partitions, driver):
    jvm = spark._jvm
    options = jvm.java.util.HashMap()
    for key, value in {"partitionColumn": "_partition_key", "lowerBound": str(lower), "upperBound": str(upper),
                       "numPartitions": str(partitions), "driver": driver}.items():
        options.put(key, value)
    try:
        jdbc = jvm.org.apache.spark.sql.execution.datasources.jdbc
        parsed = jdbc.JDBCOptions("jdbc:mysql://127.0.0.1/bench", "bench", jvm.PythonUtils.toScalaMap(options))
        schema = jvm.org.apache.spark.sql.types.StructType.fromDDL("_partition_key BIGINT")
        resolver = spark._jsparkSession.sessionState().conf().resolver()
        parts = jdbc.JDBCRelation.columnPartition(schema, resolver, "UTC", parsed)
    except Exception as exc:  # Spark refuses the case; the port must refuse it too
        return {"error": str(exc).splitlines()[0][:200]}
    return {"where": [part.whereClause() for part in parts]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", required=True, help="the ddbm-bench executable")
    parser.add_argument("--jdbc-jar", required=True, help="a jar with the JDBC driver class (JDBCOptions loads it)")
    parser.add_argument("--driver", default="com.mysql.cj.jdbc.Driver")
    parser.add_argument("--case", action="append", default=[], help="LOWER,UPPER,N to check as well (repeatable)")
    parser.add_argument("--cases-file", help="more LOWER,UPPER,N cases, one a line (ddbm-bench run --ranges-out)")
    parser.add_argument("--random", type=int, default=300, help="seeded random cases (default 300)")
    options = parser.parse_args(argv)

    texts = list(options.case)
    if options.cases_file:
        with open(options.cases_file, encoding="utf-8") as lines:
            texts += [line.strip() for line in lines if line.strip()]
    cases = [tuple(int(part) for part in text.split(",")) for text in texts]
    cases += FIXED_CASES + random_cases(options.random)
    ported = json.loads(subprocess.run(
        [options.bench, "spark-ranges"] + ["--case=" + ",".join(map(str, case)) for case in cases],
        check=True, capture_output=True, text=True).stdout)

    from pyspark.sql import SparkSession  # late: --help works without PySpark
    spark = (SparkSession.builder.master("local[1]").appName("ddbm-spark-ranges-check")
             .config("spark.ui.enabled", "false").config("spark.jars", options.jdbc_jar).getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        differences = []
        for case, mine in zip(cases, ported):
            theirs = spark_clauses(spark, *case, options.driver)
            same = ("error" in theirs and "error" in mine) or theirs.get("where") == mine.get("where")
            if not same:
                differences.append(f"{case}: Spark {theirs}, ddbm-bench {mine}")
        version = spark.version
    finally:
        spark.stop()
    if differences:
        print(f"spark ranges: {len(differences)} of {len(cases)} cases differ from Spark {version}:", file=sys.stderr)
        for line in differences[:10]:
            print("  " + line, file=sys.stderr)
        return 1
    print(f"spark ranges: ddbm-bench splits like Spark {version} JDBCRelation.columnPartition in all {len(cases)} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
