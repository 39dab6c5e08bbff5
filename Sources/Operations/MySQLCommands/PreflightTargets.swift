import Backends
import MigrationIR
import MigrationTarget

/// `preflight CONTRACT`: the contract's target tables as `generate` writes them into the manifest
/// (`ArtifactGenerator.targetTable`). Preflight reads their views, keys and types, never their
/// ARNs, so the placeholder config's account and region serve.
public enum PreflightTargets {
    public static func from(_ ir: MigrationIR) -> [TargetTable] {
        ir.tables.map { ArtifactGenerator.targetTable($0, config: .placeholder) }
    }
}
