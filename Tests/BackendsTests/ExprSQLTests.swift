import XCTest
import ContractSyntax
import Diagnostics
@testable import Backends

/// Fragments as the views print them: SQLPrinter's tree walk, sql_mode-proof strings, and a
/// parenthesised top so a spliced fragment keeps its grouping.
final class ExprSQLTests: XCTestCase {
    private func render(_ text: String) throws -> String {
        let d = DiagnosticEngine()
        let f = try XCTUnwrap(FragmentParser.parse(LocatedString(text, at: SourceLocation(file: "f", line: 1, column: 1)), diagnostics: d),
                              TextRenderer.render(d.sorted))
        return ExprSQL.render(f.expr)
    }

    func testTopLevelOperatorIsParenthesised() throws {
        // Spliced as "WHERE <filter> AND x IS NOT NULL", an unparenthesised OR would regroup.
        XCTAssertEqual(try render("a.x = 1 OR a.y = 2"), "((`a`.`x` = 1) OR (`a`.`y` = 2))")
        XCTAssertEqual(try render("a.x IS NULL"), "(`a`.`x` IS NULL)")
        XCTAssertEqual(try render("COALESCE(a.x, 'n')"), "COALESCE(`a`.`x`, 'n')")
    }

    func testStringsMeanTheSameUnderEverySQLMode() throws {
        // A backslash is never an escape sequence in the view's text: NO_BACKSLASH_ESCAPES or not.
        XCTAssertEqual(try render(#"a.x = 'back\\slash'"#), #"(`a`.`x` = CONCAT('back', CHAR(92 USING utf8mb4), 'slash'))"#)
        XCTAssertEqual(try render("a.x = 'O''Brien'"), "(`a`.`x` = 'O''Brien')")
    }

    func testIdentifiersAreQuoted() throws {
        XCTAssertEqual(try render("`we``ird`.`co l` > 0"), "(`we``ird`.`co l` > 0)")
    }
}
