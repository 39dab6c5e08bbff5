import ArgumentParser
import Foundation
import MySQL

/// `ddbm-bench run`: measures every generated view of the database (full read vs. reference,
/// vs. base tables, partitioned reads) and, when given a generator, the time to compile the
/// synthetic contract; prints the report. Exit 0 even when targets are missed (it is a
/// report); non-zero only when a measurement is broken (rows differ, SQL error).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Measure and print the bench report.")

    @Option(help: "mysql://user:pass@host:port/db of the seeded database with the views applied.")
    var mysql: String
    @Option(help: "Directory of reference queries, one <view>.sql each.") var reference: String = "bench/reference"
    @Option(help: "Only views whose name starts with this.") var viewPrefix: String = "ddb_"
    @Option(help: "Timed runs per measurement (after one warm-up); the median is reported.") var runs: Int = 3
    @Option(help: "Number of _partition_key ranges (parallel readers).") var partitions: Int = 8
    @Option(help: "Compiler executable to time (ddb-migrate, or ddbm-bench for its lower stand-in).")
    var generator: String?
    @Option(help: "Subcommand of the generator that writes views.sql (generate, or lower).")
    var generatorSubcommand: String = "generate"
    @Option(help: "Contract the generator compiles (see synth-contract).") var syntheticContract: String?
    @Option(help: "Number of tables of --synthetic-contract (for the report).") var syntheticTables: Int = 1000
    @Option(help: "Scratch directory for generator output.") var scratch: String = NSTemporaryDirectory()

    func validate() throws {
        guard (1...50).contains(runs) else { throw ValidationError("--runs must be between 1 and 50") }
        guard (1...256).contains(partitions) else { throw ValidationError("--partitions must be between 1 and 256") }
        guard (generator == nil) == (syntheticContract == nil) else {
            throw ValidationError("--generator and --synthetic-contract go together")
        }
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
            let connection = try MySQLConnection(url: url)
            let reader = ResultReader(connection: connection)
            let catalog = ViewCatalog(reader: reader)
            let bench = ViewBench(reader: reader, runs: runs, partitions: partitions, log: log)
            let views = try catalog.views(prefix: viewPrefix)
            guard !views.isEmpty else {
                throw BenchExit.failure("no views named \(viewPrefix)* in the database: apply views.sql first")
            }
            for view in views {
                let measurement = try bench.measure(view: view,
                                                    reference: try ReferenceQuery.load(directory: reference, view: view),
                                                    baseTables: try catalog.baseTables(of: view))
                report.views.append(measurement)
                let single = BenchReport(views: [measurement])
                if single.targets.contains(where: { !$0.passed }) {
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

        if let generator, let syntheticContract {
            log("timing \(generator) \(generatorSubcommand) on \(syntheticContract)")
            do {
                report.generate = try GenerateTiming.measure(
                    executable: generator, leadingArguments: [generatorSubcommand], contract: syntheticContract,
                    tables: syntheticTables, runs: runs, scratch: scratch)
            } catch let failure as BenchFailure {
                throw BenchExit.failure(failure.description)
            }
        }

        for explanation in explanations { print(explanation) }
        print(report.render(), terminator: "")
    }
}
