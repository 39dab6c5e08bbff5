import ArgumentParser
import Foundation
import MySQL
import Operations

struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what 'deploy' would create, update or leave unchanged in AWS. Writes nothing.")

    @OptionGroup var target: DeployTargetOptions
    @Option(help: "Also estimate each table's run from the views in this MySQL (items, write units, cost, duration).")
    var mysql: String?

    func run() async throws {
        let (directory, config, services) = try target.open()
        let plan = await withDeployFailures("planning") {
            try await DeployPlanner(directory: directory, services: services, tags: config.tags).plan()
        }
        print(plan.render(), terminator: "")
        guard let mysql else { return }
        let conn = try openMySQL(mysql)
        defer { conn.close() }
        do {
            let reports = try MySQL.Preflight.run(conn, targets: RunEstimate.targets(directory.manifest))
            print(RunEstimate.render(RunEstimate.estimate(reports, config: config), config: config), terminator: "")
        } catch let e as PreflightError {
            printError(e.description)
            throw (e.mysqlError?.isUnreachable ?? false) ? Exit.unreachable : Exit.inputWrong
        }
    }
}
