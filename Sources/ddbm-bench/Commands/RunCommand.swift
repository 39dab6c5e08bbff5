import ArgumentParser
import Foundation
import MySQL

/// `ddbm-bench run`: measures every job of a generated output the way the job reads (each
/// source of its job spec in Spark's ranges) against the reference query, with the table view
/// and base tables beside it; prints the report (the compiler's figures are `compiler`'s).
/// Exit 0 even when targets are missed (it is a report); non-zero only when a measurement is
/// broken (rows differ, SQL error).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Measure and print the bench report.")

    @Option(help: "mysql://user:pass@host:port/db of the seeded database with the views applied.")
    var mysql: String
    @Option(help: "Output directory of `ddb-migrate generate` whose views are applied (manifest.json, glue/*.py).")
    var generated: String
    @Option(help: "Directory of reference queries, one <table view>.sql each.") var reference: String = "bench/reference"
    @Option(name: .customLong("table"), help: "Only this DynamoDB table (repeatable; default: every job).")
    var onlyTables: [String] = []
    @Option(help: "Timed runs per measurement (after one warm-up); the median is reported.") var runs: Int = 3
    @Option(help: "More timed rounds for a table whose rounds would end sooner than this many seconds (at most 101 rounds); 0 for exactly --runs.")
    var secondsPerTable: Double = 45
    @Option(help: "Ranges per source (default: each job's --ddbm_partitions from the manifest).")
    var partitions: Int?
    @Option(help: "The fewest keys one range covers (default: each job's --ddbm_min_range_keys from the manifest).")
    var minRangeKeys: Int?
    @Option(help: "Write the Spark partitioning inputs used (one LOWER,UPPER,N,P,MIN_KEYS line per source with bounds: N the ranges asked for) here, for bench/glue/spark_ranges_check.py.")
    var rangesOut: String?

    /// The job's JDBC session init (ddbm_core SESSION_INIT, docs/CONTRACT.md §5): values are
    /// read and rendered in UTC. The bench's session does the same, so TIMESTAMP columns give
    /// the bench the text they give the job, and the reference is compared on that text.
    static let sessionInit = "SET time_zone = '+00:00'"

    func validate() throws {
        guard (1...50).contains(runs) else { throw ValidationError("--runs must be between 1 and 50") }
        if let partitions, !(1...256).contains(partitions) {
            throw ValidationError("--partitions must be between 1 and 256")
        }
        if let minRangeKeys, minRangeKeys < 1 { throw ValidationError("--min-range-keys must be positive") }
        guard (0...3600).contains(secondsPerTable) else { throw ValidationError("--seconds-per-table must be between 0 and 3600") }
    }

    func run() throws {
        let log: (String) -> Void = { line in
            FileHandle.standardError.write(Data(("[bench] " + line + "\n").utf8))
        }
        var report = BenchReport()
        var explanations: [String] = []
        do {
            let url: MySQLURL
            do { url = try MySQLURL(parsing: mysql) } catch let error as MySQLURLError {
                throw ValidationError("--mysql: \(error)")
            }
            var jobs = try GeneratedOutput.jobs(in: generated)
            if !onlyTables.isEmpty {
                let unknown = onlyTables.filter { name in !jobs.contains { $0.spec.table == name } }
                guard unknown.isEmpty else {
                    throw BenchExit.failure("no job for table(s) \(unknown.joined(separator: ", ")) in \(generated)/manifest.json")
                }
                jobs = jobs.filter { onlyTables.contains($0.spec.table) }
            }
            guard !jobs.isEmpty else { throw BenchExit.failure("\(generated)/manifest.json lists no jobs") }

            let connection = try MySQLConnection(url: url)
            try connection.execute(Self.sessionInit)
            let reader = ResultReader(connection: connection)
            let catalog = ViewCatalog(reader: reader)
            let bench = TableBench(reader: reader, runs: runs, minimumSeconds: secondsPerTable, log: log)
            for job in jobs {
                guard let count = partitions ?? job.partitions else {
                    throw BenchExit.failure("job \(job.spec.table) has no --ddbm_partitions in the manifest: give --partitions")
                }
                guard let minKeys = minRangeKeys ?? job.minRangeKeys else {
                    throw BenchExit.failure("job \(job.spec.table) has no --ddbm_min_range_keys in the manifest: give --min-range-keys")
                }
                let measurement = try bench.measure(
                    job: job, split: ReadSplit(partitions: count, minRangeKeys: minKeys),
                    reference: try ReferenceQuery.load(directory: reference, view: job.spec.view),
                    baseTables: try catalog.baseTables(of: job.spec.sources.map(\.view)))
                report.tables.append(measurement)
                if BenchReport.targets(of: measurement).contains(where: { !$0.passed }) {
                    explanations.append(try bench.explain(measurement))
                }
            }
        } catch let error as MySQLError {
            throw BenchExit.database("\(error)")
        } catch let failure as BenchFailure {
            throw BenchExit.failure(failure.description)
        } catch let error as SQLLexError {
            throw BenchExit.failure("reference query: \(error)")
        }

        if let rangesOut {
            // The job's Spark options per source: lowerBound = MIN, upperBound = MAX + 1 (capped
            // at Long.MAX_VALUE, as the job caps it), numPartitions as asked; then P and the
            // fewest keys a range covers, from which the job's read_range_count must give N.
            let lines = report.tables.flatMap { table in
                table.sources.compactMap { source in
                    source.bounds.map {
                        "\($0.low),\($0.high == .max ? $0.high : $0.high + 1),\(source.asked),\(table.split.partitions),\(table.split.minRangeKeys)\n"
                    }
                }
            }
            do { try lines.joined().write(toFile: rangesOut, atomically: true, encoding: .utf8) } catch {
                throw BenchExit.failure("--ranges-out \(rangesOut): \(error.localizedDescription)")
            }
        }

        for explanation in explanations { print(explanation) }
        print(report.render(), terminator: "")
    }
}
