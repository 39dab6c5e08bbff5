import Backends
import Diagnostics

/// Reads a migration config from disk and checks it (`ConfigParser`).
public enum ConfigLoading {
    /// `excerpt` is the text for the diagnostics' excerpts, with any credential masked
    /// (`ConfigRedaction`): the only form of the config's text that leaves this function.
    public static func load(_ path: String, diagnostics: DiagnosticEngine) -> (excerpt: [UInt8], config: MigrationConfig?) {
        guard let bytes = ContractLoading.readFile(path, what: "config", limit: 1 << 20, diagnostics: diagnostics) else {
            return ([], nil)
        }
        return (ConfigRedaction.masked(bytes), ConfigParser.parse(bytes: bytes, file: path, diagnostics: diagnostics))
    }
}
