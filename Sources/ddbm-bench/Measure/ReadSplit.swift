/// How many ranges the job asks Spark for per source: its `read_range_count`
/// (templates/glue/ddbm_core.py), ported. `bench/glue/spark_ranges_check.py` holds this port
/// against the job's own function for every source a bench run measures, so the timed
/// statements stay the job's.
struct ReadSplit {
    /// P: `--ddbm_partitions`, the most ranges per source.
    let partitions: Int
    /// `--ddbm_min_range_keys`: the fewest key values one range covers.
    let minRangeKeys: Int

    /// numPartitions for keys [lowerBound, upperBound): P, lowered so that a range covers at
    /// least `minRangeKeys` keys, never below one; P when the span overflows a Long (as the job,
    /// whose Python integers do not overflow, then still finds more than P × minRangeKeys keys).
    func rangesAsked(lowerBound: Int64, upperBound: Int64) -> Int {
        let (span, overflow) = upperBound.subtractingReportingOverflow(lowerBound)
        if overflow { return max(1, partitions) }
        let keys = max(span, 0)
        let minimum = Int64(max(minRangeKeys, 1))
        let needed = keys / minimum + (keys % minimum == 0 ? 0 : 1)
        return Int(max(1, min(Int64(partitions), needed)))
    }
}
