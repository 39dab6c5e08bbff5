import ArgumentParser
import Foundation
import Operations

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each job's latest runs: state, duration and counters from the run summaries in S3.")

    @OptionGroup var target: DeployTargetOptions
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Option(help: "Runs shown per job, newest first.") var runs = 3
    @Flag(help: "Follow each job's newest run with live progress until none is running, then print the table.") var watch = false
    @Option(name: .customLong("poll-seconds"), help: "With --watch: seconds between GetJobRuns polls.") var pollSeconds: Double = 15
    @Option(name: .customLong("progress-seconds"), help: "With --watch: seconds between reads of the progress objects.") var progressSeconds: Double = 5

    func validate() throws {
        if runs < 1 { throw ValidationError("--runs must be at least 1") }
        if watch && json { throw ValidationError("--watch shows live progress; use --json without it") }
        if !(pollSeconds > 0) || !(progressSeconds > 0) { throw ValidationError("--poll-seconds and --progress-seconds must be positive") }
    }

    func run() async throws {
        let (directory, _, services) = try target.open()
        if watch {
            let display = LiveDisplay.standardOutput()
            _ = await withDeployFailures("watching the runs") {
                try await StatusWatch(directory: directory, services: services, pollSeconds: pollSeconds, progressSeconds: progressSeconds)
                    .watch { display.show($0) }
            }
            display.finish()
        }
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
