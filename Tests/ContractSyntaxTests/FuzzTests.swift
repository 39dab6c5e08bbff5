import XCTest
import TestSupport
import Diagnostics
@testable import ContractSyntax

final class FuzzTests: XCTestCase {
    /// Every fragment-bearing string of a decoded contract, for feeding to the fragment parser.
    private func fragments(of ast: ContractAST) -> [LocatedString] {
        var out: [LocatedString] = []
        func add(_ attributes: [AttributeDecl]) {
            for a in attributes {
                switch a.join {
                case let .foreignKey(t)?, let .lookupTable(t)?: out += [t.joinCondition, t.selectColumn]
                case let .selfJoin(j)?: out += [j.joinCondition, j.selectColumn]
                case let .multiColumn(j)?: out += j.joinConditions + [j.selectColumn]
                case let .conditional(j)?:
                    out += [j.joinCondition, j.selectColumn, j.condition]
                    if case let .sqlLiteral(e) = j.elseValue { out.append(e) }
                case let .chain(j)?: out += j.hops.flatMap { [$0.joinCondition, $0.selectColumn] }
                case let .jsonConstruction(j)?:
                    out += [j.joinCondition].compactMap { $0 }
                    switch j.construction {
                    case let .object(o): out += o.selectColumns.map(\.value)
                    case let .array(c): out += c.selectColumns.map(\.value) + c.orderBy.map(\.expression)
                    }
                case nil: break
                }
                switch a.calculation {
                case let .aggregate(c)?: out += [c.joinCondition, c.selectColumn]
                case let .case(c)?: out += c.arms.flatMap { [$0.when, $0.then] } + [c.elseValue].compactMap { $0 }
                case let .concat(c)?: out += c.parts
                case .dateMath?, nil: break
                }
            }
        }
        for t in ast.tables {
            add(t.attributes ?? [])
            for e in t.entities ?? [] { add(e.attributes) }
            if let f = t.filter { out.append(f) }
        }
        return out
    }

    func testRandomMutationsOfTheExampleNeverCrash() {
        let original = Array(ModernizerFixture.contract.utf8)
        var rng = SplitMix64(seed: 0xDDB_0001)
        let interesting: [[UInt8]] = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "null", "-", "1e", "/*", ";", "'",
                                      "`", "(", ")", "SELECT", "\n", "\u{FEFF}"].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xED, 0xA0, 0x80]]
        var parsedCount = 0
        for _ in 0..<400 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(contentsOf: interesting.randomElement(using: &rng) ?? [], at: at)
                case 2: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 3:
                    let end = min(bytes.count, at + Int.random(in: 1...200, using: &rng))
                    bytes.insert(contentsOf: bytes[at..<end], at: at)
                default: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...50, using: &rng)))
                }
                if bytes.isEmpty { bytes = [UInt8(ascii: "{")] }
            }
            let engine = DiagnosticEngine()
            if let ast = ContractParser.parse(bytes: bytes, file: "m.json", diagnostics: engine) {
                parsedCount += 1
                for f in fragments(of: ast) {
                    if let parsed = FragmentParser.parse(f, diagnostics: engine) {
                        // Printed fragments always parse again.
                        let printed = SQLPrinter.render(parsed.expr)
                        XCTAssertNotNil(FragmentParser.parse(LocatedString(printed, at: f.location), diagnostics: DiagnosticEngine()), printed)
                    }
                }
            } else {
                XCTAssertTrue(engine.hasErrors, "nil without an error")
            }
            for d in engine.diagnostics {
                XCTAssertGreaterThanOrEqual(d.location?.line ?? 1, 1)
                XCTAssertGreaterThanOrEqual(d.location?.column ?? 1, 1)
            }
        }
        XCTAssertGreaterThan(parsedCount, 0, "some mutations stay readable JSON")
    }

    func testRandomFragmentsNeverCrashAndPrintedOnesReparse() {
        var rng = SplitMix64(seed: 42)
        let pieces = ["a", "t.c", "`q``x`", "'s''t'", "\"d\\\"q\"", "1", "2.5", ".5e3", "NULL", "TRUE", "(", ")", ",", "+", "-", "*", "/",
                      "%", "=", "<>", "<=>", "<", ">=", "!", "AND", "OR", "XOR", "NOT", "IS", "IN", "BETWEEN", "LIKE", "CASE", "WHEN",
                      "THEN", "ELSE", "END", "COUNT(", "DISTINCT", "CAST(", "AS", "CHAR", "INTERVAL", "DAY", "f(", "DIV", "MOD", ";",
                      "--", "#", "/*", "@", "SELECT", "é", "\\", "'", "`", "&&", "||"]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 1...14, using: &rng)).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined(separator: " ")
            let (f, engine) = parseFragment(text)
            if let f {
                XCTAssertTrue(engine.diagnostics.isEmpty)
                let printed = SQLPrinter.render(f.expr)
                let (again, e2) = parseFragment(printed)
                XCTAssertNotNil(again, "\(text) → \(printed): \(e2.diagnostics.map(\.message))")
                if let again { XCTAssertEqual(SQLPrinter.render(again.expr), printed) }
            } else {
                XCTAssertEqual(engine.diagnostics.count, 1, text)
            }
        }
    }
}
