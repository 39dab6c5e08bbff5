import Foundation
import MCP

/// The files of every generated directory under the root (a folder holding `manifest.json`),
/// readable by URI: `ddbm://generated/<path under the root>`, e.g.
/// `ddbm://generated/out/views.sql`. Only files inside such a directory are served, and only
/// under the root (the same containment as tool paths).
public enum GeneratedResources {
    public static let scheme = "ddbm://generated/"
    /// How deep under the root generated directories are looked for.
    static let searchDepth = 3

    public static func uri(_ relative: String) -> String { scheme + relative }

    public static func list(root: RootDirectory) -> [Resource] {
        directories(root: root).flatMap { dir in
            files(in: dir).compactMap { path -> Resource? in
                guard let relative = root.relative(path) else { return nil }
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
                return Resource(name: relative, uri: uri(relative), description: description(of: relative),
                                mimeType: mimeType(relative), size: size)
            }
        }
    }

    public static func read(_ uri: String, root: RootDirectory) throws -> Resource.Content {
        guard uri.hasPrefix(scheme), uri.count > scheme.count else {
            throw MCPError.invalidParams("resource URIs look like \(scheme)<path under the root>, got '\(uri)'")
        }
        let relative = String(uri.dropFirst(scheme.count)).removingPercentEncoding ?? ""
        let path: String
        do { path = try root.resolve(relative, field: "uri") } catch let e as ArgumentError { throw MCPError.invalidParams(e.message) }
        guard inGeneratedDirectory(path, root: root) else {
            throw MCPError.invalidParams("\(relative) is not a file of a generated directory (one holding manifest.json) under the root")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw MCPError.invalidParams("cannot read \(relative)")
        }
        return .text(text, uri: self.uri(relative), mimeType: mimeType(relative))
    }

    /// Folders under the root holding `manifest.json`; hidden folders are skipped.
    static func directories(root: RootDirectory) -> [String] {
        var found: [String] = []
        func walk(_ dir: String, depth: Int) {
            if FileManager.default.fileExists(atPath: dir + "/manifest.json") { found.append(dir); return }
            guard depth < searchDepth, let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
            for name in names.sorted() where !name.hasPrefix(".") {
                var isDirectory: ObjCBool = false
                let child = dir + "/" + name
                if FileManager.default.fileExists(atPath: child, isDirectory: &isDirectory), isDirectory.boolValue,
                   (try? root.resolve(child, field: "")) != nil {
                    walk(child, depth: depth + 1)
                }
            }
        }
        walk(root.path, depth: 0)
        return found
    }

    /// The regular files of a generated directory, hidden ones (deploy's state) left out.
    static func files(in dir: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: dir) else { return [] }
        var out: [String] = []
        while let name = e.nextObject() as? String {
            if name.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue {
                out.append(dir + "/" + name)
            }
        }
        return out.sorted()
    }

    static func inGeneratedDirectory(_ path: String, root: RootDirectory) -> Bool {
        var dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        while root.relative(dir) != nil {
            if FileManager.default.fileExists(atPath: dir + "/manifest.json") {
                return !(root.relative(path) ?? "").split(separator: "/").contains { $0.hasPrefix(".") }
            }
            if dir == root.path { break }
            dir = URL(fileURLWithPath: dir).deletingLastPathComponent().path
        }
        return false
    }

    static func mimeType(_ path: String) -> String {
        switch URL(fileURLWithPath: path).pathExtension {
        case "sql": return "application/sql"
        case "py": return "text/x-python"
        case "json": return "application/json"
        case "md": return "text/markdown"
        default: return "text/plain"
        }
    }

    static func description(of path: String) -> String {
        let name = URL(fileURLWithPath: path).lastPathComponent
        if name == "views.sql" { return "The MySQL views the jobs read (apply_views runs it)." }
        if name == "manifest.json" { return "The manifest: every artifact, job and table (docs/MANIFEST.md)." }
        if path.contains("/glue/") { return "A generated Glue job script." }
        if path.contains("/iam/") { return "A generated IAM policy document." }
        if path.contains("/docs/") { return "A generated runbook." }
        return "A generated artifact."
    }
}
