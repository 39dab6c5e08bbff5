import Foundation
import MigrationTarget
import MySQL

/// What `preflight` checks, from either form of its argument. The targets always come from a
/// verified generated directory's manifest (its `tables`, which `plan --mysql` reads too),
/// so the views and keys preflight checks are the ones `apply-views` created and the job reads:
///
/// - a directory (`preflight DIR`): opened as `GeneratedDirectory`, which refuses a missing or
///   foreign manifest and any artifact edited since `generate` (nothing is run then);
/// - a file (`preflight CONTRACT [--schema S]`), a convenience: the compiler driver generates the
///   directory into a private temporary directory, removed before this returns.
///
/// Which form is decided by what the path is, never by its name: a directory is the first form
/// (and must hold a manifest.json), anything else is read as a contract.
public enum PreflightInput {
    public enum Form: Equatable, Sendable {
        case directory, contract
    }

    public enum OpenError: Error {
        /// `--schema` with a directory: the directory was generated already (a usage error).
        case schemaWithDirectory(dir: String)
        /// The directory is not one `generate` wrote, or was changed since: why.
        case directory(String)
        /// The contract (or its schema snapshot) has errors: the driver's result, for the excerpts.
        case contract(path: String, result: Compiler.Result)
        /// The temporary directory could not be written or read back.
        case generation(String)

        /// As the MCP server reports it (the CLI prints the contract's diagnostics with excerpts).
        public var failure: CommandFailure {
            switch self {
            case .schemaWithDirectory(let dir):
                return CommandFailure(.input, "\(dir) is a generated directory: its views and keys are fixed; --schema applies to a contract only")
            case .directory(let message), .generation(let message):
                return CommandFailure(.input, message)
            case .contract(let path, let result):
                return CommandFailure(.input, "\(path): the contract has \(result.diagnostics.errorCount) error(s); run check")
            }
        }
    }

    public static func form(of path: String) -> Form {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue ? .directory : .contract
    }

    /// The tables to check, in the manifest's order. Throws `OpenError`.
    public static func targets(_ path: String, schema: String?) throws -> [TargetTable] {
        switch form(of: path) {
        case .directory:
            if schema != nil { throw OpenError.schemaWithDirectory(dir: path) }
            do { return try GeneratedDirectory(path).manifest.tables } catch let e as GeneratedDirectory.OpenError {
                throw OpenError.directory(e.description)
            }
        case .contract:
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ddbm-preflight-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let out = scratch.appendingPathComponent("generated").path
            let result = Compiler.run(.init(contract: path, schema: schema, stage: .generate(out: out)))
            guard result.artifacts != nil else {
                if let writeError = result.writeError {
                    throw OpenError.generation("preflight: cannot generate the contract's views into a temporary directory: \(writeError)")
                }
                throw OpenError.contract(path: path, result: result)
            }
            do { return try GeneratedDirectory(out).manifest.tables } catch {
                throw OpenError.generation("preflight: cannot read back the generated directory: \(error)")
            }
        }
    }
}
