import Foundation

/// The one directory every path a tool reads or writes must lie under (`--root`).
///
/// A path is made absolute against the root, `.` and `..` are resolved, then every symbolic
/// link in its longest existing prefix is resolved (`realpath(3)`), so `link-to-etc/passwd` or
/// `out/../../x` is judged by where it really leads. What does not exist yet (an output) is
/// judged by its existing parent, since that is where it would be created.
public struct RootDirectory: Sendable {
    /// The root itself, symbolic links resolved.
    public let path: String

    public init(_ path: String) throws {
        guard let real = Self.realpath(path) else {
            throw RootError("--root \(path) does not exist")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RootError("--root \(path) is not a directory")
        }
        self.path = real
    }

    /// The absolute path `argument` (named `field` in messages) leads to; throws `ArgumentError`
    /// when it leads outside the root, or to the root itself when `allowRoot` is false (a
    /// `generate --out` there would replace the whole root).
    public func resolve(_ argument: String, field: String, allowRoot: Bool = true) throws -> String {
        guard !argument.isEmpty, !argument.contains("\0") else { throw ArgumentError("\(field) must be a non-empty path") }
        let absolute = argument.hasPrefix("/") ? argument : path + "/" + argument
        let lexical = Self.normalize(absolute)
        let resolved = Self.resolveExistingPrefix(lexical)
        guard resolved == path || resolved.hasPrefix(path == "/" ? "/" : path + "/") else {
            throw ArgumentError("\(field) '\(argument)' is outside the allowed directory (--root); give a path under it")
        }
        if !allowRoot && resolved == path {
            throw ArgumentError("\(field) '\(argument)' is the --root directory itself; give a directory under it")
        }
        return resolved
    }

    /// The path relative to the root (for URIs and messages), or nil when outside.
    public func relative(_ absolute: String) -> String? {
        if absolute == path { return "" }
        let prefix = path + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : nil
    }

    /// `/a/./b/../c` -> `/a/c`; `..` above `/` stays at `/`.
    static func normalize(_ absolute: String) -> String {
        var parts: [Substring] = []
        for part in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The longest existing prefix with its links resolved, followed by the rest unchanged.
    /// The rest has no `..` (normalized) and does not exist, so it cannot hold a link.
    static func resolveExistingPrefix(_ normalized: String) -> String {
        var head = normalized
        var tail: [String] = []
        while head != "/" {
            if let real = realpath(head) {
                return tail.isEmpty ? real : (real == "/" ? "" : real) + "/" + tail.reversed().joined(separator: "/")
            }
            let url = URL(fileURLWithPath: head)
            tail.append(url.lastPathComponent)
            head = url.deletingLastPathComponent().path
            if head.isEmpty { head = "/" }
        }
        return "/" + tail.reversed().joined(separator: "/")
    }

    static func realpath(_ path: String) -> String? {
        guard let resolved = Foundation.realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// A `--root` that cannot serve: the server does not start (usage, exit 2).
public struct RootError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
