import Foundation
import ContractSyntax
import Diagnostics
import MigrationIR
import SourceSchema

/// Reads a contract (and optionally a schema snapshot) from disk and runs the front end:
/// parse, then Sema. Every problem — an unreadable file included — becomes a diagnostic.
public enum ContractLoading {
    /// A contract describes tables, not data: anything larger is a mistake (a data dump passed by
    /// accident), refused before reading it into memory.
    public static let maxContractBytes = 32 << 20

    public struct Loaded {
        /// The contract's bytes (empty when it could not be read), for the diagnostics' excerpts.
        public var bytes: [UInt8]
        /// The checked contract; nil when it or the schema snapshot has an error.
        public var ir: MigrationIR?
        /// The Sema session that checked it, with its memo of every distinct fragment's tree.
        /// Held here only so that it lives as long as the result: a command that exits without
        /// freeing (`finish` in the CLI) then never frees it either. Freeing the memo of a
        /// 1,000-table contract's check was ~2 % of it (perf, `Sema.Session` deinit).
        public var session: Sema.Session?
    }

    /// - Parameter keepsIR: false for a check that generates nothing: `ir` is then always nil, and
    ///   no table's IR outlives its check.
    ///
    /// Each table is checked as soon as it is decoded (`Sema.Session`, on a second thread, fed by
    /// the streaming `ContractParser.parse`: `SemaPipeline`), so neither the JSON tree nor the AST
    /// is ever whole in memory. What decoding and Sema report is held until the whole file is
    /// JSON: a file with a syntax error reports that alone. The diagnostics are rendered in file
    /// order (`DiagnosticEngine.sorted`), so the interleaving of decoding's and Sema's findings
    /// shows nowhere; and they are emitted in the one-thread order, so the limit keeps the same.
    public static func load(contract path: String, schema schemaPath: String?, keepsIR: Bool = true,
                            diagnostics: DiagnosticEngine) -> Loaded {
        var loaded = Loaded(bytes: [], ir: nil, session: nil)
        guard let bytes = readFile(path, what: "contract", limit: maxContractBytes, diagnostics: diagnostics) else { return loaded }
        loaded.bytes = bytes
        var schema: SchemaSnapshot?
        if let schemaPath {
            schema = loadSchema(schemaPath, diagnostics: diagnostics)
            if schema == nil { return loaded }
        }
        let held = DiagnosticEngine(limit: diagnostics.limit)
        let semaDiagnostics = DiagnosticEngine(limit: diagnostics.limit)
        let sema = Sema.Session(schema: schema, keepsIR: keepsIR, diagnostics: semaDiagnostics)
        loaded.session = sema
        let pipeline = SemaPipeline(session: sema, semaDiagnostics: semaDiagnostics)
        let document = ContractParser.parse(bytes: bytes, file: path, syntaxDiagnostics: diagnostics, diagnostics: held,
                                            eachTable: { pipeline.send($0, decodeMark: held.diagnostics.count) })
        pipeline.finish()
        guard document != nil else { return loaded }
        for d in pipeline.interleaved(with: held.diagnostics) { diagnostics.emit(d) }
        let ir = sema.finish()
        if keepsIR, !diagnostics.hasErrors { loaded.ir = ir }
        return loaded
    }

    public static func loadSchema(_ path: String, diagnostics: DiagnosticEngine) -> SchemaSnapshot? {
        guard let bytes = readFile(path, what: "schema snapshot", limit: maxContractBytes * 4, diagnostics: diagnostics) else { return nil }
        do {
            return try JSONDecoder().decode(SchemaSnapshot.self, from: Data(bytes))
        } catch {
            diagnostics.error("bad-schema-snapshot",
                              "\(path) is not a schema snapshot written by 'ddb-migrate introspect': \(describe(error))",
                              at: SourceLocation(file: path, line: 1, column: 1),
                              fixIts: [FixIt(message: "regenerate it with 'ddb-migrate introspect --mysql URL --out \(path)'")])
            return nil
        }
    }

    /// The file's bytes, or a diagnostic that says why not (missing, a directory, too large).
    public static func readFile(_ path: String, what: String, limit: Int, diagnostics: DiagnosticEngine) -> [UInt8]? {
        let at = SourceLocation(file: path, line: 1, column: 1)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            diagnostics.error("file-not-found", "cannot read \(what) '\(path)': no such file", at: nil)
            return nil
        }
        if isDir.boolValue {
            diagnostics.error("file-not-found", "cannot read \(what) '\(path)': it is a directory", at: nil)
            return nil
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        if size > limit {
            diagnostics.error("input-too-large",
                              "\(what) is \(formatBytes(size)); the limit is \(formatBytes(limit)) (a \(what) describes tables, not data)",
                              at: at)
            return nil
        }
        guard let bytes = readBytes(path, size: size, limit: limit) else {
            diagnostics.error("file-not-readable", "cannot read \(what) '\(path)': permission denied or I/O error", at: nil)
            return nil
        }
        return bytes
    }

    /// The whole file read straight into one array. `FileManager.contents` gives `Data`, and
    /// `[UInt8](data)` then held the contract twice at the peak (11 MB more for the synthetic
    /// contract) and copied it once more. `size` is the length `stat` reported; a file that grew
    /// meanwhile is read on to its end, and refused (nil) past `limit`.
    static func readBytes(_ path: String, size: Int, limit: Int) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        // One byte more than expected, so a file of the expected size ends in the first read.
        var chunk = max(size, 0) + 1
        while true {
            let before = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: chunk))
            let read = bytes.withUnsafeMutableBufferPointer { buffer in
                fread(buffer.baseAddress! + before, 1, chunk, file)
            }
            bytes.removeLast(chunk - read)
            if ferror(file) != 0 || bytes.count > limit { return nil }
            if read < chunk { return bytes }
            chunk = 1 << 16
        }
    }

    static func formatBytes(_ n: Int) -> String {
        n >= 1 << 20 ? String(format: "%.1f MB", Double(n) / 1_048_576) : n >= 1024 ? "\(n / 1024) KB" : "\(n) bytes"
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let ctx):
            return "missing key '\(key.stringValue)' at \(path(ctx.codingPath))"
        case DecodingError.typeMismatch(_, let ctx), DecodingError.valueNotFound(_, let ctx):
            return "wrong type at \(path(ctx.codingPath))"
        case DecodingError.dataCorrupted(let ctx):
            return ctx.codingPath.isEmpty ? "not valid JSON" : "invalid value at \(path(ctx.codingPath))"
        default:
            return "unreadable"
        }
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
