import ArgumentParser
import Foundation

/// `ddbm-bench spark-ranges --case LOWER,UPPER,N ... [--split-case LOWER,UPPER,P,MIN_KEYS ...]`:
/// prints, as one JSON document, the WHERE clauses the bench's port of Spark's
/// `JDBCRelation.columnPartition` gives for each case (`ranges`), and the number of ranges the
/// bench's port of the job's `read_range_count` asks for in each split case (`splits`), so
/// bench/glue/spark_ranges_check.py can hold them against the real Spark's and the job's own.
struct SparkRangesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spark-ranges", abstract: "Print the JDBC partition WHERE clauses Spark would use (JSON).")

    @Option(name: .customLong("case"), help: "lowerBound,upperBound,numPartitions (repeatable).")
    var cases: [String]
    @Option(name: .customLong("split-case"), help: "lowerBound,upperBound,P,minRangeKeys (repeatable).")
    var splitCases: [String] = []
    @Option(help: "Partition column, as the MySQL dialect quotes it.") var column: String = "`_partition_key`"

    func run() throws {
        var out: [[String: Any]] = []
        for text in cases {
            let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 3, let lower = Int64(parts[0]), let upper = Int64(parts[1]), let count = Int(parts[2]) else {
                throw ValidationError("--case must be LOWER,UPPER,N (integers), got \(text)")
            }
            var entry: [String: Any] = ["lower": lower, "upper": upper, "partitions": count]
            do {
                let ranges = try SparkJDBCPartitioning.ranges(column: column, lowerBound: lower, upperBound: upper, numPartitions: count)
                entry["where"] = ranges.map { $0.whereClause as Any? ?? NSNull() }
            } catch let failure as SparkJDBCPartitioning.Failure {
                entry["error"] = failure.description
            }
            out.append(entry)
        }
        var splits: [[String: Any]] = []
        for text in splitCases {
            let parts = text.split(separator: ",").map { Int64($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 4, let lower = parts[0], let upper = parts[1], let p = parts[2], let keys = parts[3],
                  p >= 1, keys >= 1 else {
                throw ValidationError("--split-case must be LOWER,UPPER,P,MIN_KEYS (integers, P and MIN_KEYS positive), got \(text)")
            }
            let split = ReadSplit(partitions: Int(p), minRangeKeys: Int(keys))
            splits.append(["lower": lower, "upper": upper, "partitions": p, "min_keys": keys,
                           "asked": split.rangesAsked(lowerBound: lower, upperBound: upper)])
        }
        let document: [String: Any] = ["ranges": out, "splits": splits]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}
