import Backends
import Diagnostics

/// Reads a migration config from disk and checks it (`ConfigParser`).
public enum ConfigLoading {
    public static func load(_ path: String, diagnostics: DiagnosticEngine) -> (bytes: [UInt8], config: MigrationConfig?) {
        guard let bytes = ContractLoading.readFile(path, what: "config", limit: 1 << 20, diagnostics: diagnostics) else {
            return ([], nil)
        }
        return (bytes, ConfigParser.parse(bytes: bytes, file: path, diagnostics: diagnostics))
    }
}
