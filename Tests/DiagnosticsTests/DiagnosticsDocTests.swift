import Foundation
import XCTest
@testable import Diagnostics

/// docs/DIAGNOSTICS.md is generated from DiagnosticCatalog and the folder cases; this test fails
/// when it is stale, and `DDBM_UPDATE_DIAGNOSTICS=1` rewrites it.
final class DiagnosticsDocTests: XCTestCase {
    static let docFile = DiagnosticCase.repo.appendingPathComponent("docs/DIAGNOSTICS.md")

    func testDiagnosticsDocIsCurrent() throws {
        let text = try Self.render()
        if DiagnosticCase.updating {
            try Data(text.utf8).write(to: Self.docFile, options: .atomic)
            return
        }
        let current = (try? String(contentsOf: Self.docFile, encoding: .utf8)) ?? ""
        if current != text {
            XCTFail("docs/DIAGNOSTICS.md is stale; regenerate it with \(DiagnosticCase.updateVariable)=1 (see the file's top):\n"
                    + DiagnosticCasesTests.diff(current, text))
        }
    }

    static func render() throws -> String {
        let cases = try DiagnosticCase.all()
        let codesByCase = try DiagnosticCase.codesByCase.get()
        var out = """
        # Diagnostics

        Every diagnostic code `ddb-migrate` emits, with its severity, the rule it enforces and an
        example. `check` prints them (and `generate`, which also reads the config) as
        `file:line:column: error|warning: message`, the source line with a caret, then notes and
        fix-its; `--format json` gives the same with each `code`. Exit status: 0 no errors, 1 some
        error (warnings alone never fail).

        This file is generated; do not edit it. Its sources:
        - `Sources/Diagnostics/DiagnosticCatalog.swift`: one entry per code (severity, summary,
          section). The engine asserts in debug builds that every emitted code is listed there, and
          `DiagnosticCatalogTests` checks that the codes emitted in `Sources/` and the catalog are
          the same set.
        - `Tests/Cases/diagnostics/<name>/`: `contract.json` and `expected.txt`, exactly what the
          tool prints for it (standard error, standard output, `exit status: N`); optionally
          `schema.json` (passed as `--schema`), `config.json` (the case runs `generate --config`)
          or `args` (the command, one argument a line). `DiagnosticCasesTests` runs every folder and
          requires a folder for every code, except the few marked below.

        To add a case, add a folder with its `contract.json`; then write its `expected.txt` and this
        file from what the tool prints, and read the diff:

            swift build --build-tests
            DDBM_UPDATE_DIAGNOSTICS=1 swift test --skip-build --filter 'DiagnosticCasesTests|DiagnosticsDocTests'

        | code | severity | rule | summary |
        |---|---|---|---|

        """
        for k in DiagnosticCatalog.all {
            out += "| [`\(k.code)`](#\(k.code)) | \(k.severities.map(\.rawValue).joined(separator: ", ")) | \(try link(k.section)) | \(k.summary) |\n"
        }
        for k in DiagnosticCatalog.all {
            out += "\n## \(k.code)\n\n"
            out += "**\(k.severities.map(\.rawValue).joined(separator: " or "))**, \(try link(k.section)): \(k.summary).\n\n"
            if let why = k.noFolderCase {
                out += "No folder case: \(why).\n"
                continue
            }
            let example = cases.first { $0.name == k.code } ?? cases.first { codesByCase[$0.name]?.contains(k.code) == true }
            guard let example else { out += "No folder case yet.\n"; continue }
            out += "\(excerptTitle(example)):\n\n"
            out += "```json\n\(excerpt(example))```\n\n"
            out += "```console\n$ ddb-migrate \(example.arguments.joined(separator: " "))\n\(example.text("expected.txt") ?? "")```\n"
        }
        return out
    }

    /// The markdown link of a catalog section, checked against the document's headings.
    static func link(_ section: String) throws -> String {
        if section.hasPrefix("CONTRACT.md §") {
            let number = String(section.dropFirst("CONTRACT.md §".count))
            let doc = try String(contentsOf: DiagnosticCase.repo.appendingPathComponent("docs/CONTRACT.md"), encoding: .utf8)
            guard let heading = doc.split(separator: "\n").first(where: {
                $0.hasPrefix("#") && $0.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces).hasPrefix(number + (number.contains(".") ? " " : ". "))
            }) else { throw DiagnosticCase.CaseError("docs/CONTRACT.md has no heading §\(number)") }
            let title = heading.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
            // GitHub's anchors: lower case, punctuation dropped, spaces to '-'.
            let anchor = String(title.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == " " || $0 == "-" }
                .map { $0 == " " ? "-" : Character($0) })
            return "[§\(number)](CONTRACT.md#\(anchor))"
        }
        let parts = section.split(separator: "#", maxSplits: 1)
        return "[\(section.replacingOccurrences(of: "#", with: " "))](\(parts[0])\(parts.count > 1 ? "#" + parts[1] : ""))"
    }

    /// The file the first diagnostic points into (the contract, or the config or schema of a
    /// case about those) and that line; the contract and line 1 when nothing points anywhere.
    static func firstLocation(_ c: DiagnosticCase) -> (file: String, line: Int) {
        for l in (c.text("expected.txt") ?? "").split(separator: "\n") {
            let parts = l.split(separator: ":", maxSplits: 2)
            if parts.count == 3, c.has(String(parts[0])), let line = Int(parts[1]) { return (String(parts[0]), line) }
        }
        return ("contract.json", 1)
    }

    static func lines(_ c: DiagnosticCase, _ file: String) -> [String] {
        let bytes = (try? Data(contentsOf: c.directory.appendingPathComponent(file))) ?? Data()
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLastIfEmpty()
    }

    /// The file, or the lines around the first diagnostic when it is long.
    static func excerpt(_ c: DiagnosticCase) -> String {
        let (file, line) = firstLocation(c)
        let all = lines(c, file)
        let range = excerptRange(line: line, lineCount: all.count)
        var out = range.lowerBound > 0 ? "...\n" : ""
        for text in all[range] {
            out += (text.unicodeScalars.count > 200 ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(200))) + " ..." : text) + "\n"
        }
        if range.upperBound < all.count { out += "...\n" }
        return out
    }

    /// "`Tests/Cases/diagnostics/<name>/<file>` (excerpt)".
    static func excerptTitle(_ c: DiagnosticCase) -> String {
        let (file, line) = firstLocation(c)
        let count = lines(c, file).count
        return "`Tests/Cases/diagnostics/\(c.name)/\(file)`" + (excerptRange(line: line, lineCount: count) == 0..<count ? "" : " (excerpt)")
    }

    static func excerptRange(line: Int, lineCount: Int) -> Range<Int> {
        guard lineCount > 12 else { return 0..<lineCount }
        return max(0, line - 4)..<min(lineCount, line + 2)
    }
}

private extension Array where Element == String {
    func dropLastIfEmpty() -> [String] { last == "" ? Array(dropLast()) : self }
}
