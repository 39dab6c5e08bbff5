import Foundation
import XCTest
import ContractSyntax
import Diagnostics
import MigrationIR
import Mustache
import TestSupport
@testable import Backends

/// `TextTemplate` against swift-mustache (which rendered templates/ before it, and is kept as a
/// test dependency for this only): every template of templates/docs and templates/glue, from the
/// real contexts of every contract under contracts/ and Tests/Cases, and from seeded random
/// contexts over the templates' own names, renders to the same text in both.
final class TemplateDifferentialTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every template: its path under templates/ and its text.
    func templates() throws -> [(path: String, text: String)] {
        var out: [(String, String)] = []
        for folder in ["docs", "glue"] {
            let dir = Self.repo.appendingPathComponent("templates/" + folder)
            for file in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where file.hasSuffix(".mustache") {
                out.append(("\(folder)/\(file)", try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)))
            }
        }
        XCTAssertGreaterThanOrEqual(out.count, 12, "templates/ should hold the docs and glue templates")
        return out
    }

    /// The same value as swift-mustache was given it before: String, Bool, [Any], [String: Any].
    static func untyped(_ v: TemplateValue) -> Any {
        switch v {
        case let .text(s): return s
        case let .flag(b): return b
        case let .list(items): return items.map(untyped)
        case let .object(o): return untyped(o)
        }
    }

    static func untyped(_ o: TemplateObject) -> [String: Any] {
        Dictionary(uniqueKeysWithValues: o.members.map { ($0.name, untyped($0.value)) })
    }

    /// Renders with both; true when compared, false when ours refused a list or an object as
    /// text (swift-mustache prints Swift's debug description there, which nothing may rely on).
    @discardableResult
    func compare(_ template: (path: String, text: String), _ context: TemplateObject, _ what: String,
                 mayRefuse: Bool = false) throws -> Bool {
        let ours = try TextTemplate(template.text, name: template.path)
        let theirs = try MustacheTemplate(string: template.text)
        let expected = theirs.render(Self.untyped(context))
        do {
            let got = try ours.render(context)
            if got != expected {
                XCTFail("\(template.path) from \(what): differs from swift-mustache at byte \(zip(got.utf8, expected.utf8).prefix { $0 == $1 }.count)")
            }
            return true
        } catch let e as TemplateError where mayRefuse && e.reason.hasPrefix("names a list or an object") {
            return false
        }
    }

    struct Compiled {
        var name: String
        var ir: MigrationIR
        var config: MigrationConfig
    }

    /// Every contract under contracts/ and Tests/Cases that checks without a schema, with its config.
    func contracts() throws -> [Compiled] {
        var out: [Compiled] = []
        for root in ["contracts", "Tests/Cases"] {
            let dir = Self.repo.appendingPathComponent(root)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() {
                let folder = dir.appendingPathComponent(name)
                guard let bytes = try? [UInt8](Data(contentsOf: folder.appendingPathComponent("contract.json"))) else { continue }
                let d = DiagnosticEngine()
                var config = MigrationConfig.placeholder
                if let c = try? [UInt8](Data(contentsOf: folder.appendingPathComponent("config.json"))) {
                    config = try XCTUnwrap(ConfigParser.parse(bytes: c, file: "config.json", diagnostics: d), "\(root)/\(name)")
                }
                guard let ast = ContractParser.parse(bytes: bytes, file: "contract.json", diagnostics: d),
                      let ir = Sema.check(ast, schema: nil, diagnostics: d), !d.hasErrors else { continue }
                out.append(Compiled(name: "\(root)/\(name)", ir: ir, config: config))
            }
        }
        return out
    }

    func testEveryTemplateRendersAsSwiftMustacheFromEveryContractsContexts() throws {
        let templates = try templates()
        let compiled = try contracts()
        XCTAssertGreaterThanOrEqual(compiled.count, 20, "the bundled contracts and the folder cases should compile")
        var compared = 0
        for c in compiled {
            let hash = String(repeating: "ab", count: 32)
            let docs = DocsLowering.runbookContext(c.ir, config: c.config, contractFile: "contract.json", contractHash: hash)
            let iam = DocsLowering.iamContext(c.ir, config: c.config)
            let runbooks = RunbookLowering.context(c.ir, config: c.config, alarms: RunbookLowering.alarms(c.ir, config: c.config))
            let jobs = c.ir.tables.map { t in
                (t.name, GlueJobLowering.jobContext(t, specLiteral: PythonLiteral.jsonText(GlueJobLowering.spec(for: t)), contractHash: hash),
                 GlueJobLowering.validationContext(t, specLiteral: PythonLiteral.jsonText(GlueJobLowering.spec(for: t))))
            }
            // Each template from the context generate gives it (our engine must not refuse)...
            for t in templates {
                switch t.path {
                case "docs/runbook.md.mustache": try compare(t, docs, c.name); compared += 1
                case "docs/iam.md.mustache": try compare(t, iam, c.name); compared += 1
                case "glue/job.py.mustache": for (name, job, _) in jobs { try compare(t, job, "\(c.name) \(name)"); compared += 1 }
                case "glue/validate.py.mustache": for (name, _, v) in jobs { try compare(t, v, "\(c.name) \(name)"); compared += 1 }
                default:
                    XCTAssertTrue(RunbookLowering.documents.map(RunbookLowering.templatePath).contains(t.path), "\(t.path): which context?")
                    try compare(t, runbooks, c.name); compared += 1
                }
            }
            // ...and from every other one: names missing, sections over other kinds of values.
            for t in templates {
                for (what, context) in [("runbook.md", docs), ("iam.md", iam), ("runbooks", runbooks)] + jobs.prefix(1).flatMap({ [("job", $0.1), ("validate", $0.2)] }) {
                    if try compare(t, context, "\(c.name)'s \(what) context", mayRefuse: true) { compared += 1 }
                }
            }
        }
        XCTAssertGreaterThan(compared, 1000)
    }

    /// Seeded random contexts over the names the templates use, every kind of value in every
    /// place (texts with HTML's special characters, empty texts, numbers, flags, lists, nested
    /// objects), each template also without its TEXT pragma so that escaping is compared too.
    func testEveryTemplateRendersAsSwiftMustacheFromRandomContexts() throws {
        let templates = try templates()
        // The names, and which of them a template renders as text (those get scalars only: a
        // list or an object there is refused by ours and debug-printed by swift-mustache).
        var names = Set<String>(), textNames = Set<String>()
        let tag = try NSRegularExpression(pattern: #"\{\{([#^/&{]?)\s*([A-Za-z0-9_-]+)"#)
        for t in templates {
            for m in tag.matches(in: t.text, range: NSRange(t.text.startIndex..., in: t.text)) {
                let name = String(t.text[Range(m.range(at: 2), in: t.text)!])
                names.insert(name)
                if !["#", "^", "/"].contains(String(t.text[Range(m.range(at: 1), in: t.text)!])) { textNames.insert(name) }
            }
        }
        let pool = Array(names).sorted()
        XCTAssertGreaterThan(pool.count, 50)
        let seed: UInt64 = 0x7E3A_11_2026
        var rng = SplitMix64(seed: seed)
        let texts = ["", "plain", "<b>&amp;</b>", "it's \"quoted\"", "two\nlines", "é<\u{301}", "{{not_a_tag}}"]
        func scalar() -> TemplateValue {
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: return .text(texts.randomElement(using: &rng)!)
            case 1: return .number(Int.random(in: -3...100_000, using: &rng))
            default: return .flag(Bool.random(using: &rng))
            }
        }
        func value(_ depth: Int) -> TemplateValue {
            switch Int.random(in: 0..<(depth > 0 ? 5 : 3), using: &rng) {
            case 0, 1, 2: return scalar()
            case 3: return .list((0..<Int.random(in: 0...3, using: &rng)).map { _ in Bool.random(using: &rng) ? scalar() : value(depth - 1) })
            default: return .object(object(depth - 1, members: Int.random(in: 0...12, using: &rng)))
            }
        }
        func object(_ depth: Int, members: Int) -> TemplateObject {
            TemplateObject((0..<members).map { _ in
                let name = pool.randomElement(using: &rng)!
                return (name, textNames.contains(name) ? scalar() : value(depth))
            })
        }
        var compared = 0, refused = 0
        for round in 0..<25 {
            let context = object(2, members: pool.count / 2)
            for t in templates {
                for variant in [t, (t.path + " without its pragma", t.text.replacingOccurrences(of: "{{%CONTENT_TYPE: TEXT}}", with: ""))] {
                    if try compare(variant, context, "random context \(round) (seed \(seed))", mayRefuse: true) { compared += 1 } else { refused += 1 }
                }
            }
        }
        XCTAssertGreaterThan(compared, refused, "most random renders should be compared, not refused")
    }
}
