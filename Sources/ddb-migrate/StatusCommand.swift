import ArgumentParser
import Foundation
import Operations

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show each job's latest runs: state, duration and counters from the run summaries in S3.")

    @OptionGroup var target: DeployTargetOptions
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Option(help: "Runs shown per job, newest first.") var runs = 3

    func validate() throws {
        if runs < 1 { throw ValidationError("--runs must be at least 1") }
    }

    func run() async throws {
        let (directory, _, services) = try target.open()
        let statuses = await withDeployFailures("reading the runs") {
            try await StatusReport(directory: directory, services: services, runsPerJob: runs).collect()
        }
        if json {
            FileHandle.standardOutput.write(StatusReport.json(statuses))
            print("")
            return
        }
        var rows: [[String]] = []
        for s in statuses {
            if !s.deployed {
                rows.append([s.table, "NOT DEPLOYED", "-", "-", "-", "-", "-", "-"])
            } else if s.runs.isEmpty {
                rows.append([s.table, "NO RUNS", "-", "-", "-", "-", "-", "-"])
            } else {
                rows += s.runs.map(\.row)
            }
        }
        print(TextTable.render(header: RunProgress.header, rows: rows, rightAligned: [2, 3, 4, 5, 6]), terminator: "")
    }
}
