import Backends
import ContractSyntax
import Diagnostics
import Foundation
import MigrationIR

/// Where the compiler's time goes, phase by phase, in this process: the same public entry points
/// `check` and `generate` call (ContractLoading, Generation), each timed on its own. The sum is
/// below a `generate` process's wall time by process start and exit (page faults, the dynamic
/// linker, freeing the heap), which the process figures include.
struct CompilerPhases {
    /// Phase names in pipeline order with their median seconds.
    var phases: [(name: String, seconds: Double)] = []
    /// DynamoDB tables of the checked contract.
    var tables = 0

    /// One pass: read, JSON, decode, Sema, each backend, write. Fails when the contract does not
    /// check clean (the synthetic contract always does; timing a failed run would time less).
    static func once(contract: String, out: String) throws -> (laps: [(String, Double)], tables: Int) {
        var laps: [(String, Double)] = []
        let clock = ContinuousClock()
        var mark = clock.now
        func lap(_ name: String) {
            let now = clock.now
            let parts = (now - mark).components
            laps.append((name, Double(parts.seconds) + Double(parts.attoseconds) / 1e18))
            mark = now
        }
        guard let data = FileManager.default.contents(atPath: contract) else { throw BenchFailure("cannot read \(contract)") }
        let bytes = [UInt8](data)
        lap("read file")
        let diagnostics = DiagnosticEngine()
        guard JSONReader.read(bytes: bytes, file: contract, diagnostics: diagnostics) != nil else {
            throw BenchFailure("\(contract) is not JSON: \(diagnostics.diagnostics.first?.message ?? "")")
        }
        lap("JSON reader")
        // ContractParser.parse reads the JSON again and decodes: decoding is its time minus the
        // reader's, measured just before on the same bytes.
        let readerSeconds = laps.last!.1
        guard let ast = ContractParser.parse(bytes: bytes, file: contract, diagnostics: diagnostics) else {
            throw BenchFailure("\(contract) does not parse")
        }
        lap("decode")
        laps[laps.count - 1].1 = max(0, laps[laps.count - 1].1 - readerSeconds)
        guard let ir = Sema.check(ast, schema: nil, diagnostics: diagnostics), !diagnostics.hasErrors else {
            throw BenchFailure("\(contract) does not check clean: \(diagnostics.sorted.first?.message ?? "")")
        }
        lap("Sema")
        let artifacts = try ArtifactGenerator.generate(
            ir, contractFile: URL(fileURLWithPath: contract).lastPathComponent, contractBytes: bytes,
            options: .init(dialect: .mariadb, config: .placeholder), phaseDone: { lap("generate: " + $0) })
        try AtomicDirectoryWriter.write(artifacts, to: URL(fileURLWithPath: out))
        lap("write \(artifacts.files.count) files")
        return (laps, ir.tables.count)
    }

    /// One warm-up pass, then the median of each phase over `runs` passes.
    static func measure(contract: String, runs: Int, scratch: String) throws -> CompilerPhases {
        let out = (scratch as NSString).appendingPathComponent("phases-out")
        _ = try once(contract: contract, out: out)
        var samples: [[(String, Double)]] = []
        var result = CompilerPhases()
        for _ in 0..<max(runs, 1) {
            let pass = try once(contract: contract, out: out)
            samples.append(pass.laps)
            result.tables = pass.tables
        }
        try? FileManager.default.removeItem(atPath: out)
        for (index, phase) in samples[0].enumerated() {
            result.phases.append((phase.0, Timing.median(of: samples.map { $0[index].1 })))
        }
        return result
    }
}
