import Backends
import Diagnostics
import Foundation

/// `generate`'s work: check the contract (and config), lower it to artifacts and write them as
/// one directory, atomically. The CLI prints what comes back; the MCP `generate` tool returns it.
public enum Generation {
    public struct Outcome {
        /// Every file read, by the path it was named with (for the diagnostics' source excerpts).
        public var sources: [String: [UInt8]]
        /// The artifacts written; nil when the diagnostics hold an error or writing failed.
        public var artifacts: ArtifactSet?
        public var tables: Int
        /// Why writing failed (the diagnostics had no error).
        public var writeError: String?

        /// The line the CLI prints on success.
        public func summary(out: String) -> String {
            "wrote \(artifacts?.paths.count ?? 0) files to \(out) (\(tables) table\(tables == 1 ? "" : "s"))"
        }
    }

    public static func generate(contract: String, config: String?, schema: String?, dialect: SQLDialect, out: String,
                                diagnostics engine: DiagnosticEngine) -> Outcome {
        let loaded = ContractLoading.load(contract: contract, schema: schema, diagnostics: engine)
        var outcome = Outcome(sources: [contract: loaded.bytes], artifacts: nil, tables: loaded.ir?.tables.count ?? 0, writeError: nil)
        var migrationConfig = MigrationConfig.placeholder
        if let config {
            let cfg = ConfigLoading.load(config, diagnostics: engine)
            outcome.sources[config] = cfg.bytes
            if let c = cfg.config { migrationConfig = c }
        }
        guard let ir = loaded.ir, !engine.hasErrors else { return outcome }
        do {
            let artifacts = try ArtifactGenerator.generate(
                ir, contractFile: URL(fileURLWithPath: contract).lastPathComponent, contractBytes: loaded.bytes,
                options: .init(dialect: dialect, config: migrationConfig))
            // A re-generate keeps deploy's run records (they name runs in AWS, not artifacts).
            try AtomicDirectoryWriter.write(artifacts, to: URL(fileURLWithPath: out), preserving: [DeployState.fileName])
            outcome.artifacts = artifacts
        } catch {
            outcome.writeError = "\(error)"
        }
        return outcome
    }
}
