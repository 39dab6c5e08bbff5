import Backends
import Diagnostics
import Foundation

/// What `plan`, `deploy` and `status` open first: the generated directory, verified against the
/// config it was generated with, and AWS clients in the config's region.
public struct DeployTarget {
    public var directory: GeneratedDirectory
    public var config: MigrationConfig
    public var services: AWSServices

    public enum OpenError: Error {
        /// The directory is missing or is not one `generate` wrote.
        case directory(String)
        /// The config does not parse or check: its diagnostics, with its text for excerpts
        /// (credentials masked: `ConfigLoading`).
        case config(DiagnosticEngine, excerpt: [UInt8])
        /// The config and the manifest disagree.
        case disagreement(DeployFailure)
        /// The AWS environment (profile, keys, endpoints) cannot be loaded.
        case aws(String)

        /// As the MCP server reports it; the CLI prints the config's diagnostics with excerpts.
        public func failure(configPath: String) -> CommandFailure {
            switch self {
            case .directory(let message): return CommandFailure(.input, message)
            case .config(let engine, let excerpt):
                let text = TextRenderer.render(engine.sorted, sources: [configPath: String(decoding: excerpt, as: UTF8.self)])
                return CommandFailure(.input, "\(configPath): the config is not valid:\n" + text)
            case .disagreement(let failure): return CommandFailure(failure)
            case .aws(let message): return CommandFailure(.unreachable, message)
            }
        }
    }

    /// Throws `OpenError`.
    public static func open(dir: String, config path: String) throws -> DeployTarget {
        let directory: GeneratedDirectory
        do { directory = try GeneratedDirectory(dir) } catch { throw OpenError.directory("\(error)") }
        let diagnostics = DiagnosticEngine()
        let (excerpt, parsed) = ConfigLoading.load(path, diagnostics: diagnostics)
        guard let config = parsed, !diagnostics.hasErrors else { throw OpenError.config(diagnostics, excerpt: excerpt) }
        let differences = ConfigAgreement.differences(config: config, manifest: directory.manifest)
        if !differences.isEmpty { throw OpenError.disagreement(ConfigAgreement.failure(differences, directory: dir)) }
        do {
            return DeployTarget(directory: directory, config: config, services: try AWSServices.fromEnvironment(region: config.region))
        } catch {
            throw OpenError.aws("cannot set up AWS access: \(error)")
        }
    }
}
