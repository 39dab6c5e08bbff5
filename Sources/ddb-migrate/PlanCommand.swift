import ArgumentParser
import Foundation
import Operations

struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what 'deploy' would create, update or leave unchanged in AWS. Writes nothing.")

    @OptionGroup var target: DeployTargetOptions

    func run() async throws {
        let (directory, config, services) = try target.open()
        let plan = await withDeployFailures("planning") {
            try await DeployPlanner(directory: directory, services: services, tags: config.tags).plan()
        }
        print(plan.render(), terminator: "")
    }
}
