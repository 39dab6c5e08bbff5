import Foundation
import XCTest
@testable import Diagnostics

/// The catalog and the code are one set: every code a stage emits is catalogued with the
/// severity it is emitted with, and every catalogued code is emitted somewhere.
final class DiagnosticCatalogTests: XCTestCase {
    /// An emission site found in Sources/: the code and its severity (nil: chosen at run time).
    struct Site: Hashable { var code: String; var severity: Severity?; var file: String }

    /// The forms a code is emitted in: `error("code"` / `warning("code"` (the engine and the
    /// stages' wrappers), `fail("code"` (JSONReader), `code: "code"` (FragmentError), and
    /// `Diagnostic(severity, "code"`.
    static func emissionSites() throws -> [Site] {
        let code = #""([a-z][a-z0-9]*(?:-[a-z0-9]+)*)""#
        let forms: [(NSRegularExpression, (String) -> Severity?)] = try [
            (NSRegularExpression(pattern: #"\b(error|warning|fail)\(\s*"# + code), { $0 == "warning" ? .warning : .error }),
            (NSRegularExpression(pattern: #"\b(code):\s*(?:String\s*=\s*)?"# + code), { _ in .error }),
            (NSRegularExpression(pattern: #"\bDiagnostic\(\s*([^,()"]+),\s*"# + code), { s in
                s == ".error" ? .error : s == ".warning" ? .warning : nil }),
        ]
        let sources = DiagnosticCase.repo.appendingPathComponent("Sources")
        var sites: [Site] = []
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        XCTAssertFalse(files.isEmpty, "no Swift files under \(sources.path)")
        for file in files.sorted() {
            // The catalog itself names every code; it is what the sites are compared with.
            if file.hasSuffix("Diagnostics/DiagnosticCatalog.swift") { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            let range = NSRange(text.startIndex..., in: text)
            for (regex, severity) in forms {
                for m in regex.matches(in: text, range: range) {
                    let head = String(text[Range(m.range(at: 1), in: text)!]), c = String(text[Range(m.range(at: 2), in: text)!])
                    sites.append(Site(code: c, severity: severity(head), file: file))
                }
            }
        }
        return sites
    }

    func testEveryEmittedCodeIsCataloguedAndEveryCatalogueEntryIsEmitted() throws {
        let sites = try Self.emissionSites()
        let emitted = Set(sites.map(\.code)), catalogued = Set(DiagnosticCatalog.all.map(\.code))
        for code in emitted.subtracting(catalogued).sorted() {
            XCTFail("'\(code)' is emitted (\(sites.filter { $0.code == code }.map(\.file).sorted().joined(separator: ", "))) but not in DiagnosticCatalog")
        }
        for code in catalogued.subtracting(emitted).sorted() {
            XCTFail("DiagnosticCatalog lists '\(code)', which nothing in Sources/ emits: remove the entry")
        }
        // Severities: each site's is catalogued, and each catalogued one is emitted somewhere
        // (a site whose severity is a variable can stand for any).
        for kind in DiagnosticCatalog.all {
            let own = sites.filter { $0.code == kind.code }
            for s in own { if let sev = s.severity, !kind.severities.contains(sev) { XCTFail("\(s.file) emits '\(kind.code)' as \(sev.rawValue); the catalog says \(kind.severities.map(\.rawValue))") } }
            if !own.contains(where: { $0.severity == nil }) {
                for sev in kind.severities where !own.contains(where: { $0.severity == sev }) {
                    XCTFail("the catalog lists '\(kind.code)' as \(sev.rawValue), but no site emits it so")
                }
            }
        }
    }

    func testCatalogIsSortedAndUniqueAndComplete() {
        let codes = DiagnosticCatalog.all.map(\.code)
        XCTAssertEqual(codes, codes.sorted(), "keep DiagnosticCatalog.all sorted by code")
        XCTAssertEqual(Set(codes).count, codes.count, "a code is listed twice")
        for k in DiagnosticCatalog.all {
            XCTAssertFalse(k.summary.isEmpty, k.code)
            XCTAssertFalse(k.severities.isEmpty, k.code)
            XCTAssertTrue(k.section.hasPrefix("CONTRACT.md §") || ["CONFIG.md", "DESIGN.md#cli"].contains(k.section), "\(k.code): section '\(k.section)'")
        }
        XCTAssertTrue(DiagnosticCatalog.lists(.error("json-syntax", "x", at: nil)))
        XCTAssertFalse(DiagnosticCatalog.lists(.warning("json-syntax", "x", at: nil)), "json-syntax is never a warning")
        XCTAssertFalse(DiagnosticCatalog.lists(.error("no-such-code", "x", at: nil)))
    }
}
