import ArgumentParser
import Foundation
import Operations

struct Deploy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Check the target account, then upload scripts and create or update the IAM role and Glue jobs; optionally run them.",
        discussion: "Preconditions (credentials and account, regions, target tables, Glue connection with its network and secret, the artifacts bucket, point-in-time recovery before --run) fail fast with nothing written. See docs/DEPLOY.md.")

    @OptionGroup var target: DeployTargetOptions
    @Flag(help: "Start one run per table after deploying.") var run = false
    @Flag(help: "With --run: watch the runs until they finish, with live per-table progress (redrawn in place on a terminal).") var wait = false
    @Flag(name: .customLong("allow-no-pitr"), help: "Allow --run on tables without point-in-time recovery.") var allowNoPITR = false
    @Option(name: .customLong("max-parallel-runs"), help: "Runs in flight at once.") var maxParallelRuns = 2
    @Option(name: .customLong("table"), help: "With --run: only this table (repeatable).") var tables: [String] = []
    @Flag(help: "With --run: read every row again, ignoring the high-water mark of incremental tables (--ddbm_full true; a new mark is saved when a run succeeds).") var full = false
    @Option(name: .customLong("run-argument"), help: "With --run: an extra run argument --KEY=VALUE (repeatable).") var runArguments: [String] = []
    @Option(name: .customLong("poll-seconds"), help: "With --wait: seconds between GetJobRun polls.") var pollSeconds: Double = 15
    @Option(name: .customLong("progress-seconds"), help: "With --wait: seconds between reads of the runs' progress objects.") var progressSeconds: Double = 5

    func validate() throws {
        if wait && !run { throw ValidationError("--wait needs --run") }
        if full && !run { throw ValidationError("--full needs --run") }
        if maxParallelRuns < 1 { throw ValidationError("--max-parallel-runs must be at least 1") }
        if !(pollSeconds > 0) { throw ValidationError("--poll-seconds must be positive") }
        if !(progressSeconds > 0) { throw ValidationError("--progress-seconds must be positive") }
        for argument in runArguments {
            guard argument.hasPrefix("--"), let eq = argument.firstIndex(of: "="), argument.distance(from: argument.startIndex, to: eq) > 2 else {
                throw ValidationError("--run-argument takes --KEY=VALUE, got '\(argument)'")
            }
            if argument[..<eq] == "--ddbm_run_id" { throw ValidationError("--ddbm_run_id is chosen by deploy for each run") }
        }
    }

    func run() async throws {
        let (directory, config, services) = try target.open()
        let preconditions = Preconditions(manifest: directory.manifest, services: services)
        let outcome = await withDeployFailures("checking preconditions") {
            try await preconditions.verify(requirePointInTimeRecovery: run && !allowNoPITR)
        }
        print(outcome.report.render(), terminator: "")
        print("account \(outcome.identity.account) (\(outcome.identity.arn)), region \(directory.manifest.region): preconditions hold")
        if run && allowNoPITR { print("warning: --allow-no-pitr: running without checking point-in-time recovery") }

        let plan = await withDeployFailures("planning") {
            try await DeployPlanner(directory: directory, services: services, tags: config.tags).plan()
        }
        if plan.hasChanges {
            await withDeployFailures("deploying") {
                try await Deployer(directory: directory, services: services, tags: config.tags).apply(plan) { print($0) }
            }
            print(plan.appliedSummary)
        } else {
            print(plan.noChangesSummary)
        }
        guard run else { return }

        var options = RunCoordinator.Options()
        options.maxParallelRuns = maxParallelRuns
        options.wait = wait
        options.pollSeconds = pollSeconds
        options.progressSeconds = progressSeconds
        options.tables = tables
        for argument in runArguments {
            guard let eq = argument.firstIndex(of: "=") else { continue }  // validate() refused it already
            options.runArguments[String(argument[..<eq])] = String(argument[argument.index(after: eq)...])
        }
        if full { options.runArguments["--ddbm_full"] = "true" }
        let coordinator = RunCoordinator(directory: directory, services: services, options: options)
        let display = LiveDisplay.standardOutput()
        var showProgress: (@Sendable ([String]) -> Void)?
        if self.wait { showProgress = { lines in display.show(lines) } }
        let results: [RunProgress] = await withDeployFailures("running the jobs") {
            try await coordinator.run(log: { line in display.log(line) }, progress: showProgress)
        }
        display.finish()
        guard wait else {
            print("runs started; follow them with: ddb-migrate status \(target.dir) --config \(target.config)")
            return
        }
        print(TextTable.render(header: RunProgress.header, rows: results.map(\.row), rightAligned: [2, 3, 4, 5, 6]), terminator: "")
        let failed = results.filter(\.failed)
        for f in failed {
            printError("\(f.table): run \(f.jobRunId) \(f.state)\(f.errorMessage.map { ": \($0)" } ?? "")")
            if !f.errorLogTail.isEmpty {
                let header = "  last lines of \(f.errorLogSources.joined(separator: " and ")):\n"
                let body = f.errorLogTail.map { "    " + $0 + "\n" }.joined()
                FileHandle.standardError.write(Data((header + body).utf8))
            }
            let hint = ErrorLogTail.hint(errorMessage: f.errorMessage, tail: f.errorLogTail, sources: f.errorLogSources)
            FileHandle.standardError.write(Data("  hint: \(hint)\n".utf8))
        }
        if !failed.isEmpty { throw Exit.unreachable }
    }
}
