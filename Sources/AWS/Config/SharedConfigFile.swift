import Foundation

/// The AWS shared config and credentials files (INI, as botocore reads them): `[section]`
/// headers, `key = value` (or `key: value`) lines, full-line comments with `#` or `;`, and
/// nested sub-sections — a key with an empty value followed by indented `key = value` lines
/// (`s3 =\n  addressing_style = path`, or a `[services x]` section's `dynamodb =\n  endpoint_url = ...`).
public struct SharedConfigFile: Sendable, Equatable {
    /// One section: flat values plus nested sub-sections.
    public struct Section: Sendable, Equatable {
        public var values: [String: String] = [:]
        public var nested: [String: [String: String]] = [:]
    }

    /// Sections by their raw header text (`default`, `profile dev`, `services local`).
    public var sections: [String: Section] = [:]

    public init() {}

    /// A problem in a file, with the 1-based line.
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public var path: String
        public var line: Int
        public var message: String
        public var description: String { "\(path):\(line): \(message)" }
    }

    /// Reads `path`; a missing file is an empty configuration (the CLI treats it the same way).
    public static func load(path: String) throws -> SharedConfigFile {
        guard FileManager.default.fileExists(atPath: path) else { return SharedConfigFile() }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String = "<config>") throws -> SharedConfigFile {
        var file = SharedConfigFile()
        var current: String?
        var nestedKey: String?
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            let indented = line.first == " " || line.first == "\t"
            if trimmed.hasPrefix("[") {
                guard trimmed.hasSuffix("]") else {
                    throw ParseError(path: path, line: lineNumber, message: "section header without closing ']'")
                }
                let name = trimmed.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                current = name
                nestedKey = nil
                if file.sections[name] == nil { file.sections[name] = Section() }
                continue
            }
            guard let section = current else {
                throw ParseError(path: path, line: lineNumber, message: "a value before any [section]")
            }
            guard let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw ParseError(path: path, line: lineNumber, message: "expected 'key = value'")
            }
            let key = trimmed[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
            let value = stripInlineComment(trimmed[trimmed.index(after: separator)...].trimmingCharacters(in: .whitespaces))
            if indented, let parent = nestedKey {
                file.sections[section, default: Section()].nested[parent, default: [:]][key] = value
                continue
            }
            if value.isEmpty {
                nestedKey = key
                file.sections[section, default: Section()].nested[key] = file.sections[section]?.nested[key] ?? [:]
            } else {
                nestedKey = nil
            }
            file.sections[section, default: Section()].values[key] = value
        }
        return file
    }

    /// botocore strips ` #...` / ` ;...` comments that follow whitespace on a value line.
    private static func stripInlineComment(_ value: String) -> String {
        for marker in [" #", "\t#", " ;", "\t;"] {
            if let range = value.range(of: marker) {
                return value[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            }
        }
        return value
    }
}
