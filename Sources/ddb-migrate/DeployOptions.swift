import ArgumentParser
import Backends
import Diagnostics
import Foundation
import Operations

/// The arguments `plan`, `deploy` and `status` share: the generated directory and the config
/// it was generated with.
struct DeployTargetOptions: ParsableArguments {
    @Argument(help: "A directory written by 'generate'.") var dir: String
    @Option(help: "The migration config the directory was generated with (docs/CONFIG.md).") var config: String

    /// The directory, verified against the config, and AWS clients in the config's region.
    /// Prints and exits 1 when the directory, the config or their agreement is wrong.
    func open() throws -> (GeneratedDirectory, MigrationConfig, AWSServices) {
        do {
            let target = try DeployTarget.open(dir: dir, config: config)
            return (target.directory, target.config, target.services)
        } catch DeployTarget.OpenError.config(let diagnostics, let excerpt) {
            emitDiagnostics(diagnostics, format: .text, sources: [config: excerpt], summary: false)
            throw Exit.inputWrong
        } catch DeployTarget.OpenError.disagreement(let failure) {
            reportFailure(failure)
        } catch let e as DeployTarget.OpenError {
            throw fail(e.failure(configPath: config))
        }
    }
}

/// Prints a `DeployFailure` (every problem on its own line) and ends with its exit code.
func reportFailure(_ failure: DeployFailure) -> Never {
    for (index, problem) in failure.problems.enumerated() {
        FileHandle.standardError.write(Data(((index == 0 ? "error: " : "") + problem + "\n").utf8))
    }
    Foundation.exit(failure.kind == .targetWrong ? 1 : 3)
}

/// Runs `body`, turning any failure into its documented exit code.
func withDeployFailures<T>(_ what: String, _ body: () async throws -> T) async -> T {
    do { return try await body() } catch let failure as DeployFailure {
        reportFailure(failure)
    } catch {
        reportFailure(DeployFailure.from(error, while: what))
    }
}
