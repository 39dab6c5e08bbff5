import ArgumentParser
import Foundation
import MySQL
import Operations

struct Cleanup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup",
        abstract: "Remove what this migration created: its Glue jobs, uploaded scripts, IAM role and policy, and (with --mysql) its views. Never the DynamoDB tables.",
        discussion: "Only resources carrying this migration's marker tag (views: with exactly views.sql's columns) are removed; any other resource by those names makes cleanup refuse with exit 1 before removing anything, as do running job runs. Dead letters, run summaries and reports are kept unless --all. See docs/CLEANUP.md.")

    @OptionGroup var target: DeployTargetOptions
    @Option(help: "mysql://user[:pass]@host[:port]/db holding the views of DIR/views.sql, to drop them too (password may come from MYSQL_PWD).")
    var mysql: String?
    @Flag(name: .customLong("dry-run"), help: "List every action (delete / keep / absent) and change nothing.") var dryRun = false
    @Flag(help: "Do not ask for confirmation (needed when stdin is not a terminal).") var yes = false
    @Flag(help: "Also delete the objects under the dead-letter, reports and temp prefixes.") var all = false

    func run() async throws {
        let (directory, _, services) = try target.open()
        let connection = try mysql.map(openMySQL)
        defer { connection?.close() }
        let plan = await withDeployFailures("planning the cleanup") {
            try await CleanupPlanner(directory: directory, services: services, mysql: connection, all: all).plan()
        }
        print(plan.render(), terminator: "")
        for line in plan.tablesNotice { print(line) }
        if plan.refused { reportFailure(DeployFailure(.targetWrong, plan.refusal)) }
        if dryRun {
            print(CleanupPlan.dryRunNote)
            return
        }
        if plan.deletions.isEmpty {
            print(CleanupPlan.nothingToDelete)
            return
        }
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                printError("cleanup deletes \(plan.deletions.count) resource(s) and stdin is not a terminal to confirm: pass --yes (or --dry-run to only list them)")
                throw Exit.inputWrong
            }
            print("Proceed? [y/N] ", terminator: "")
            fflush(stdout)
            let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard answer == "y" || answer == "yes" else {
                printError("not confirmed: nothing was changed")
                throw Exit.inputWrong
            }
        }
        await withDeployFailures("cleaning up") {
            try await CleanupExecutor(services: services, mysql: connection).execute(plan) { print($0) }
        }
        print(plan.doneSummary)
    }
}
