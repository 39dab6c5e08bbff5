import Backends
import Diagnostics
import Foundation
import MigrationIR

/// The compiler driver, one function for every caller (the CLI's `check` and `generate`, the MCP
/// `check_contract` and `generate` tools, `preflight CONTRACT`, the golden tests), as
/// swift-openapi-generator's `runGenerator` is: load the contract (and schema, config), check it,
/// lower it to artifacts and write them as one directory, atomically. Stages never print: what
/// they found comes back as diagnostics, with the bytes of every file read for the excerpts.
public enum Compiler {
    /// How far to go.
    public enum Stage: Sendable, Equatable {
        /// Load and check the contract only (`check`); no config is read, nothing is written.
        case check
        /// Check, generate and write the artifacts into `out`, replaced as a whole.
        case generate(out: String)
    }

    public struct Invocation: Sendable {
        public var contract: String
        public var schema: String?
        /// Read for `.generate` only; nil gives `MigrationConfig.placeholder`.
        public var config: String?
        public var dialect: SQLDialect
        public var stage: Stage

        public init(contract: String, schema: String? = nil, config: String? = nil, dialect: SQLDialect = .mysql8, stage: Stage) {
            self.contract = contract; self.schema = schema; self.config = config; self.dialect = dialect; self.stage = stage
        }
    }

    public struct Result {
        /// Everything the stages found, in the order emitted (render `diagnostics.sorted`).
        public var diagnostics: DiagnosticEngine
        /// Every file read, by the path it was named with (for the diagnostics' source excerpts).
        public var sources: [String: [UInt8]]
        /// The checked contract; nil when the contract (or its schema snapshot) has an error, and
        /// always for `.check`, which keeps no table's IR past its check.
        public var ir: MigrationIR?
        /// The artifacts written (`.generate` only); nil when the diagnostics hold an error or writing failed.
        public var artifacts: ArtifactSet?
        /// Why writing failed (the diagnostics had no error).
        public var writeError: String?
        /// The front end's session, kept as long as the result (`ContractLoading.Loaded.session`).
        public var session: Sema.Session?

        /// The files written, relative to `out`, in byte order; empty when nothing was written.
        public var written: [String] { artifacts?.paths ?? [] }

        /// The line `generate` prints on success.
        public func summary(out: String) -> String {
            let tables = ir?.tables.count ?? 0
            return "wrote \(artifacts?.files.count ?? 0) files to \(out) (\(tables) table\(tables == 1 ? "" : "s"))"
        }
    }

    public static func run(_ invocation: Invocation) -> Result {
        let engine = DiagnosticEngine()
        let loaded = ContractLoading.load(contract: invocation.contract, schema: invocation.schema,
                                          keepsIR: invocation.stage != .check, diagnostics: engine)
        var result = Result(diagnostics: engine, sources: [invocation.contract: loaded.bytes], ir: loaded.ir,
                            session: loaded.session)
        guard case .generate(let out) = invocation.stage else { return result }
        var migrationConfig = MigrationConfig.placeholder
        if let config = invocation.config {
            let cfg = ConfigLoading.load(config, diagnostics: engine)
            result.sources[config] = cfg.excerpt
            if let c = cfg.config { migrationConfig = c }
        }
        guard let ir = loaded.ir, !engine.hasErrors else { return result }
        let staging: AtomicDirectoryWriter.Staging
        do { staging = try AtomicDirectoryWriter.Staging(for: URL(fileURLWithPath: out)) } catch {
            result.writeError = "\(error)"
            return result
        }
        do {
            // The artifacts are written as they are made (while the manifest is encoded).
            let artifacts = try ArtifactGenerator.generate(
                ir, contractFile: URL(fileURLWithPath: invocation.contract).lastPathComponent, contractBytes: loaded.bytes,
                options: .init(dialect: invocation.dialect, config: migrationConfig), writingInto: staging)
            // A re-generate keeps deploy's run records (they name runs in AWS, not artifacts).
            try staging.publish(preserving: [DeployState.fileName])
            result.artifacts = artifacts
        } catch {
            staging.discard()
            result.writeError = "\(error)"
        }
        return result
    }
}
