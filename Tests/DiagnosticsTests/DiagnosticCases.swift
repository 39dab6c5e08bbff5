import Foundation

/// The folder cases under Tests/Cases/diagnostics/: each `<name>/` holds a `contract.json` and an
/// `expected.txt`, exactly what the built `ddb-migrate` prints for it (standard error, then
/// standard output, then `exit status: N`). Optional files: `schema.json` (passed as `--schema`),
/// `config.json` (the case runs `generate ... --config config.json --out out` instead of `check`),
/// `args` (the arguments, one a line, replacing the default command).
/// Each case runs in a temporary copy of its folder, so every path printed is relative; a
/// `contract.json` may be a symlink to a contract elsewhere in the repository.
struct DiagnosticCase {
    static let root = URL(fileURLWithPath: #filePath).appendingPathComponent("../../Cases/diagnostics").standardizedFileURL
    static let repo = URL(fileURLWithPath: #filePath).appendingPathComponent("../../..").standardizedFileURL

    /// Set to 1 to rewrite every expected.txt (and docs/DIAGNOSTICS.md) from what the tool prints.
    static let updateVariable = "DDBM_UPDATE_DIAGNOSTICS"
    static var updating: Bool { ProcessInfo.processInfo.environment[updateVariable] == "1" }

    let name: String
    let directory: URL

    static func all() throws -> [DiagnosticCase] {
        try FileManager.default.contentsOfDirectory(atPath: root.path).sorted().compactMap { name in
            let dir = root.appendingPathComponent(name)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else { return nil }
            return DiagnosticCase(name: name, directory: dir)
        }
    }

    func has(_ file: String) -> Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path) }
    func text(_ file: String) -> String? { try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) }

    /// The arguments `ddb-migrate` runs with, in the case's folder.
    var arguments: [String] {
        if let args = text("args") { return args.split(separator: "\n").map(String.init).filter { !$0.isEmpty } }
        let schema = has("schema.json") ? ["--schema", "schema.json"] : []
        if has("config.json") { return ["generate", "contract.json", "--config", "config.json"] + schema + ["--out", "out"] }
        return ["check", "contract.json"] + schema
    }

    /// What the tool prints for the case: the text of expected.txt.
    func run() throws -> String {
        let r = try Self.runTool(arguments, in: directory)
        return r.stderr + r.stdout + "exit status: \(r.status)\n"
    }

    /// The codes the case emits, from the same command with `--format json`.
    func codes() throws -> [String] {
        let r = try Self.runTool(arguments + ["--format", "json"], in: directory)
        struct Doc: Decodable { struct D: Decodable { var code: String }; var diagnostics: [D] }
        guard let doc = try? JSONDecoder().decode(Doc.self, from: Data(r.stdout.utf8)) else {
            throw CaseError("\(name): --format json printed no diagnostics document:\n\(r.stdout)\(r.stderr)")
        }
        return doc.diagnostics.map(\.code)
    }

    /// Every case's codes by case name, run once per test process (two tests read them).
    static let codesByCase: Result<[String: [String]], any Error> = Result {
        try Dictionary(uniqueKeysWithValues: all().map { ($0.name, try $0.codes()) })
    }

    struct CaseError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    static var binary: URL {
        // `swift build --build-tests` puts the executable next to the test bundle.
        let bundleDir = Bundle.main.bundleURL
        for candidate in [bundleDir.appendingPathComponent("ddb-migrate"),
                          bundleDir.deletingLastPathComponent().appendingPathComponent("ddb-migrate"),
                          repo.appendingPathComponent(".build/debug/ddb-migrate")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        return repo.appendingPathComponent(".build/debug/ddb-migrate")
    }

    /// Runs the tool in a fresh copy of `folder` (nil: an empty directory). Output goes to files,
    /// not pipes, so neither stream can fill up while the other is read.
    static func runTool(_ arguments: [String], in folder: URL?, prepare: (URL) throws -> Void = { _ in })
        throws -> (status: Int32, stdout: String, stderr: String) {
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("ddbm-diag-\(UUID().uuidString)")
        let cwd = work.appendingPathComponent("case")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }
        try fm.createDirectory(at: cwd, withIntermediateDirectories: true)
        // A case's files are flat; a symlink (to a contract kept elsewhere in the repository, such
        // as the vendored modernizer contract) is copied as the file it points to.
        if let folder {
            for name in try fm.contentsOfDirectory(atPath: folder.path) {
                try fm.copyItem(at: folder.appendingPathComponent(name).resolvingSymlinksInPath(), to: cwd.appendingPathComponent(name))
            }
        }
        try prepare(cwd)
        let out = work.appendingPathComponent("stdout"), err = work.appendingPathComponent("stderr")
        fm.createFile(atPath: out.path, contents: nil)
        fm.createFile(atPath: err.path, contents: nil)
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        p.currentDirectoryURL = cwd
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        try p.run()
        p.waitUntilExit()
        return (p.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }
}
