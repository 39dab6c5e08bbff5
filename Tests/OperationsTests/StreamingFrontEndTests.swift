import XCTest
import Foundation
import ContractSyntax
import Diagnostics
import MigrationIR
import Operations

/// `ContractLoading.load` checks each table as soon as it is decoded (`Sema.Session` fed by the
/// streaming `ContractParser.parse`), so neither the AST nor, for `check`, the IR is ever whole.
/// These hold it to the two-step front end it replaced (parse the whole AST, then `Sema.check`).
final class StreamingFrontEndTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).appendingPathComponent("../../..").standardizedFileURL

    /// Every contract of the repository with the schema snapshot beside it, if any: the
    /// diagnostic folder cases (106 of them, nearly every diagnostic the compiler has), the
    /// construct cases and the bundled contracts.
    static func contracts() throws -> [(contract: String, schema: String?)] {
        var found: [(String, String?)] = []
        for base in ["Tests/Cases", "contracts"] {
            let dir = root.appendingPathComponent(base)
            guard let walker = FileManager.default.enumerator(atPath: dir.path) else { continue }
            for case let path as String in walker where (path as NSString).lastPathComponent == "contract.json" {
                let contract = dir.appendingPathComponent(path)
                let schema = contract.deletingLastPathComponent().appendingPathComponent("schema.json").path
                found.append((contract.path, FileManager.default.fileExists(atPath: schema) ? schema : nil))
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }

    /// What the diagnostics say, where, with notes and fix-its, in the order they are printed.
    private func printed(_ engine: DiagnosticEngine) -> String { TextRenderer.render(engine.sorted) }

    func testEveryContractGivesTheDiagnosticsAndIRTheWholeASTDid() throws {
        let contracts = try Self.contracts()
        XCTAssertGreaterThan(contracts.count, 100, "contracts not found under \(Self.root.path)")
        var withErrors = 0
        for (contract, schemaPath) in contracts {
            let whole = DiagnosticEngine()
            var ir: MigrationIR?
            let schema = schemaPath.flatMap { ContractLoading.loadSchema($0, diagnostics: whole) }
            if schemaPath == nil || schema != nil,
               let bytes = ContractLoading.readFile(contract, what: "contract", limit: ContractLoading.maxContractBytes, diagnostics: whole),
               let ast = ContractParser.parse(bytes: bytes, file: contract, diagnostics: whole) {
                ir = Sema.check(ast, schema: schema, diagnostics: whole)
            }
            if whole.hasErrors { ir = nil; withErrors += 1 }

            let streamed = DiagnosticEngine()
            let loaded = ContractLoading.load(contract: contract, schema: schemaPath, diagnostics: streamed)
            XCTAssertEqual(printed(streamed), printed(whole), contract)
            XCTAssertEqual(loaded.ir, ir, contract)

            let checkOnly = DiagnosticEngine()
            let checked = ContractLoading.load(contract: contract, schema: schemaPath, keepsIR: false, diagnostics: checkOnly)
            XCTAssertEqual(printed(checkOnly), printed(whole), contract)
            XCTAssertNil(checked.ir, "\(contract): a check keeps no IR")
        }
        // Both kinds were compared: contracts that check clean and contracts with errors.
        XCTAssertGreaterThan(withErrors, 50)
        XCTAssertLessThan(withErrors, contracts.count)
    }

    /// Sema runs while the reader reads, so what it finds in the first table is held back with
    /// the decoder's findings until the whole file is JSON: a syntax error later in the file is
    /// reported alone, as when nothing had been checked.
    func testSemaFindingsBeforeALaterSyntaxErrorAreNotReported() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("streaming-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // The first table's key names an attribute no one produces (a Sema error); then a syntax error.
        let table = """
        {"table": "Orders", "type": "single-entity", "source_table": "orders", "pk": "PK", "sk": null,
         "satisfies": ["AP1"], "estimated_item_size_bytes": 100,
         "attributes": [{"name": "id", "type": "S", "source_column": "id"}]}
        """
        let clean = dir.appendingPathComponent("semantic.json")
        try Data("{\"tables\": [\(table)]}".utf8).write(to: clean)
        let broken = dir.appendingPathComponent("broken.json")
        try Data("{\"tables\": [\(table), {\"table\": }]}".utf8).write(to: broken)

        let semantic = DiagnosticEngine()
        _ = ContractLoading.load(contract: clean.path, schema: nil, keepsIR: false, diagnostics: semantic)
        XCTAssertTrue(semantic.hasErrors, "the first table alone must have a Sema error for this test to mean anything")

        let syntax = DiagnosticEngine()
        let loaded = ContractLoading.load(contract: broken.path, schema: nil, diagnostics: syntax)
        XCTAssertNil(loaded.ir)
        XCTAssertEqual(syntax.diagnostics.map(\.code), ["json-syntax"], printed(syntax))
    }
    /// Sema runs on a second thread (`SemaPipeline`), reporting into an engine of its own; the
    /// loader then interleaves the two engines' findings as the one-thread front end emitted them,
    /// each table's Sema findings right after its decoding's. The order matters where the limit
    /// cuts: a contract with more findings than the limit keeps the same first ones. 300 tables,
    /// more than the pipeline holds at once, each with two decoding findings (an unknown key, a missing
    /// one) and a Sema error (a key no attribute produces).
    func testSemaOnItsOwnThreadEmitsWhatTheOneThreadFrontEndEmitted() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let tables = (0..<300).map { i in
            """
            {"table": "Orders\(i)", "type": "single-entity", "source_table": "orders", "pk": "PK", "sk": null,
             "satisfies": ["AP1"], "estimated_item_size_bytes": 100, "colour": "red",
             "attributes": [{"name": "id", "type": "S", "source_column": "id"}]}
            """
        }
        let contract = dir.appendingPathComponent("contract.json")
        try Data("{\"tables\": [\(tables.joined(separator: ",\n"))]}".utf8).write(to: contract)
        let bytes = try [UInt8](Data(contentsOf: contract))

        for limit in [1000, 75] {
            // The one-thread front end: one engine for decoding and Sema, in the order they ran.
            let reference = DiagnosticEngine(limit: limit)
            let held = DiagnosticEngine(limit: limit)
            let session = Sema.Session(schema: nil, keepsIR: false, diagnostics: held)
            XCTAssertNotNil(ContractParser.parse(bytes: bytes, file: contract.path, syntaxDiagnostics: reference,
                                                 diagnostics: held, eachTable: { session.check($0) }))
            for d in held.diagnostics { reference.emit(d) }
            let codes = Set(reference.diagnostics.map(\.code))
            XCTAssertEqual(codes, ["unknown-key", "missing-key", "unknown-key-attribute"], "two decoding findings and a Sema one per table")

            let pipelined = DiagnosticEngine(limit: limit)
            _ = ContractLoading.load(contract: contract.path, schema: nil, keepsIR: false, diagnostics: pipelined)
            XCTAssertEqual(pipelined.diagnostics.count, min(limit, 900))
            XCTAssertEqual(TextRenderer.render(pipelined.diagnostics), TextRenderer.render(reference.diagnostics), "limit \(limit)")
        }
    }
}
