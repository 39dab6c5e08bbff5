"""Holds the bench's port of Spark's JDBC range split against the real one, and its port of the
job's range count against the job's own.

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

The bench also ports how many ranges the job asks for per source (``ReadSplit``:
``ddbm_core.read_range_count``, P lowered so a range covers ``--ddbm_min_range_keys`` keys). Each
bench line carries P and that minimum too (LOWER,UPPER,N,P,MIN_KEYS): the job's own function
must give N for it, and the port must agree with it on fixed and seeded random split cases.
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


#: Split cases (lower, upper, P, min keys): spans around multiples of P x min keys, one key,
#: empty, 64-bit extremes (a span beyond a Long), P = 1.
FIXED_SPLIT_CASES = [
    (1, 2001, 8, 10_000), (1, 20001, 8, 10_000), (1, 100001, 8, 10_000), (1, 80001, 8, 10_000),
    (1, 80002, 8, 10_000), (1, 70001, 8, 10_000), (5, 5, 8, 10_000), (5, 6, 8, 1), (1, 101, 4, 1),
    (1, 100001, 1, 10), (LONG_MIN, LONG_MAX, 16, 10_000), (LONG_MIN, 0, 3, 1), (0, LONG_MAX, 7, 2 ** 62),
]


def random_split_cases(count, seed=20261202):
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        magnitude = rng.choice([10, 1_000, 10 ** 6, 10 ** 9, 10 ** 18])
        lower = rng.randint(-magnitude, magnitude)
        upper = min(LONG_MAX, lower + rng.randint(0, 3 * magnitude))
        out.append((lower, upper, rng.choice([1, 2, 4, 8, 16, 100]), rng.choice([1, 7, 1_000, 10_000, 10 ** 6])))
    return out


def job_read_range_count():
    """The job's own function: ddbm_core from templates/glue of this repository."""
    import os
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "templates", "glue"))
    import ddbm_core
    return ddbm_core.read_range_count


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
    parser.add_argument("--case", action="append", default=[],
                        help="LOWER,UPPER,N or LOWER,UPPER,N,P,MIN_KEYS to check as well (repeatable)")
    parser.add_argument("--cases-file", help="more such cases, one a line (ddbm-bench run --ranges-out)")
    parser.add_argument("--random", type=int, default=300, help="seeded random cases (default 300)")
    options = parser.parse_args(argv)

    texts = list(options.case)
    if options.cases_file:
        with open(options.cases_file, encoding="utf-8") as lines:
            texts += [line.strip() for line in lines if line.strip()]
    lines = [tuple(int(part) for part in text.split(",")) for text in texts]
    cases = [line[:3] for line in lines] + FIXED_CASES + random_cases(options.random)
    # A bench line's split (LOWER,UPPER,P,MIN_KEYS) and the N it asked Spark for.
    bench_splits = [(line[0], line[1], line[3], line[4], line[2]) for line in lines if len(line) == 5]
    split_cases = [s[:4] for s in bench_splits] + FIXED_SPLIT_CASES + random_split_cases(options.random)
    output = json.loads(subprocess.run(
        [options.bench, "spark-ranges"] + ["--case=" + ",".join(map(str, case)) for case in cases]
        + ["--split-case=" + ",".join(map(str, case)) for case in split_cases],
        check=True, capture_output=True, text=True).stdout)
    ported = output["ranges"]

    read_range_count = job_read_range_count()
    split_differences = [f"{case}: the job asks for {read_range_count(*case)}, ddbm-bench for {mine['asked']}"
                         for case, mine in zip(split_cases, output["splits"]) if read_range_count(*case) != mine["asked"]]
    split_differences += [f"{case[:4]}: the bench asked Spark for {case[4]}, the job would ask for {read_range_count(*case[:4])}"
                          for case in bench_splits if read_range_count(*case[:4]) != case[4]]
    if split_differences:
        print(f"spark ranges: {len(split_differences)} range counts differ from the job's read_range_count:",
              file=sys.stderr)
        for line in split_differences[:10]:
            print("  " + line, file=sys.stderr)
        return 1

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
    print(f"spark ranges: ddbm-bench splits like Spark {version} JDBCRelation.columnPartition in all {len(cases)} cases, "
          f"and asks for the job's read_range_count in all {len(split_cases)} split cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
