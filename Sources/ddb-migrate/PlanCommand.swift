import ArgumentParser
import Foundation
import MySQL
import Operations

struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what 'deploy' would create, update or leave unchanged in AWS, and the checks it would run. Writes nothing to AWS.",
        discussion: "Exit 1 when a check deploy runs before writing would fail (network, connection secret, bucket region). With --mysql, the estimate is also kept in DIR/.ddbm-state.json for the live progress of deploy --wait, status --watch and run-local.")

    @OptionGroup var target: DeployTargetOptions
    @Option(help: "Also estimate each table's run from the views in this MySQL (items, write units, cost, duration).")
    var mysql: String?

    func run() async throws {
        let (directory, config, services) = try target.open()
        let plan = await withDeployFailures("planning") {
            try await DeployPlanner(directory: directory, services: services, tags: config.tags).plan()
        }
        print(plan.render(), terminator: "")
        let checks = await withDeployFailures("checking preconditions") {
            try await Preconditions(manifest: directory.manifest, services: services).planChecks()
        }
        print("checks deploy runs before writing:")
        print(checks.render(), terminator: "")
        if let mysql {
            let conn = try openMySQL(mysql)
            defer { conn.close() }
            do {
                let reports = try MySQL.Preflight.run(conn, targets: directory.manifest.tables)
                let estimates = RunEstimate.estimate(reports, config: config)
                print(RunEstimate.render(estimates, config: config), terminator: "")
                try RunEstimate.record(estimates, in: directory.url)
            } catch let e as PreflightError {
                printError(e.description)
                throw (e.mysqlError?.isUnreachable ?? false) ? Exit.unreachable : Exit.inputWrong
            }
        }
        if !checks.problems.isEmpty {
            printError("deploy would refuse: \(checks.problems.count) check(s) failed (listed above)")
            throw Exit.inputWrong
        }
    }
}
