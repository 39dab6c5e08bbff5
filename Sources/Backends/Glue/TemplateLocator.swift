import Foundation

/// Finds the project's `templates/` directory at run time: `$DDBM_TEMPLATES`, an installed
/// `share/ddb-migrate/templates` next to the binary, the source tree the binary was built in,
/// or the current directory — the first that holds `glue/job.py.mustache`.
public enum TemplateLocator {
    public struct NotFound: Error, CustomStringConvertible {
        public var searched: [String]
        public var description: String {
            "cannot find the templates directory (looked in: \(searched.joined(separator: ", "))); set DDBM_TEMPLATES to the project's templates/ folder"
        }
    }

    public static func templatesDirectory() throws -> URL {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["DDBM_TEMPLATES"], !env.isEmpty {
            candidates.append(URL(fileURLWithPath: env))
        }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(exe.appendingPathComponent("../share/ddb-migrate/templates"))
        // .build/<config>/ddb-migrate and .build/<triple>/<config>/ddb-migrate in a source checkout.
        candidates.append(exe.appendingPathComponent("../../templates"))
        candidates.append(exe.appendingPathComponent("../../../templates"))
        // This file's own checkout (tests run from a scratch path outside it).
        candidates.append(URL(fileURLWithPath: #filePath).appendingPathComponent("../../../../templates"))
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("templates"))
        for c in candidates {
            let probe = c.appendingPathComponent("glue/job.py.mustache").standardizedFileURL.path
            if FileManager.default.fileExists(atPath: probe) { return c.standardizedFileURL }
        }
        throw NotFound(searched: candidates.map { $0.standardizedFileURL.path })
    }

    public static func read(_ relativePath: String) throws -> String {
        let url = try templatesDirectory().appendingPathComponent(relativePath)
        return try String(contentsOf: url, encoding: .utf8)
    }
}

extension TemplateLocator {
    /// The project's top folder (the parent of `templates/`), where `runtime/` and `.venv/` live.
    public static func projectRoot() throws -> URL { try templatesDirectory().deletingLastPathComponent() }

    /// The Python that runs local jobs: `$DDBM_PYTHON`, else the project's `.venv`, else `python3`.
    public static func python() -> String {
        if let p = ProcessInfo.processInfo.environment["DDBM_PYTHON"], !p.isEmpty { return p }
        if let root = try? projectRoot() {
            let venv = root.appendingPathComponent(".venv/bin/python").path
            if FileManager.default.isExecutableFile(atPath: venv) { return venv }
        }
        return "python3"
    }
}
