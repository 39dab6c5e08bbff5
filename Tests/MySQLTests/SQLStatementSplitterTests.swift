@testable import MySQL
import XCTest
import SQLText

final class SQLStatementSplitterTests: XCTestCase {
    private func texts(_ script: String) throws -> [String] {
        try SQLStatementSplitter.split(script).map(\.text)
    }

    func testSplitsAtSemicolonsAndKeepsAFinalStatementWithoutOne() throws {
        XCTAssertEqual(try texts("SELECT 1;\nSELECT 2;\nSELECT 3"), ["SELECT 1", "SELECT 2", "SELECT 3"])
    }

    func testSemicolonsInsideQuotesAndIdentifiersDoNotSplit() throws {
        let script = """
            SELECT 'a;b', "c;d", `e;f` FROM t;
            SELECT 'it''s; fine', 'back\\\\slash;', 'esc\\';aped' ;
            SELECT `a``;b`;
            """
        XCTAssertEqual(try texts(script), [
            "SELECT 'a;b', \"c;d\", `e;f` FROM t",
            "SELECT 'it''s; fine', 'back\\\\slash;', 'esc\\';aped'",
            "SELECT `a``;b`",
        ])
    }

    func testCommentsDoNotSplitAndCommentOnlyStatementsAreDropped() throws {
        let script = """
            -- header; not a statement
            # another; comment
            /* block; comment */
            SELECT 1 -- trailing; comment
            ;
            ;;
            -- the end;
            """
        // Text runs from the first to the last token: comments around a statement are not part of it.
        XCTAssertEqual(try texts(script), ["SELECT 1"])
        XCTAssertEqual(try texts("SELECT /* inner; */ 1;"), ["SELECT /* inner; */ 1"])
    }

    func testDoubleDashWithoutSpaceIsArithmetic() throws {
        XCTAssertEqual(try texts("SELECT 5--1;SELECT 2"), ["SELECT 5--1", "SELECT 2"])
    }

    func testExecutableCommentsAreContent() throws {
        XCTAssertEqual(try texts("/*!50001 CREATE VIEW v AS SELECT 1 */;"), ["/*!50001 CREATE VIEW v AS SELECT 1 */"])
    }

    func testPositionsPointAtTheFirstToken() throws {
        let statements = try SQLStatementSplitter.split("-- c\n  SELECT 'é';\n\n\tSELECT 2;")
        XCTAssertEqual(statements.map(\.position), [SQLPosition(line: 2, column: 3), SQLPosition(line: 4, column: 2)])
    }

    func testUnterminatedConstructsNameWhereTheyOpen() {
        assertUnterminated("SELECT 1;\nSELECT 'abc;", .singleQuotedString, SQLPosition(line: 2, column: 8))
        assertUnterminated("SELECT `x;", .quotedIdentifier, SQLPosition(line: 1, column: 8))
        assertUnterminated("SELECT 1; /* open", .blockComment, SQLPosition(line: 1, column: 11))
        assertUnterminated("SELECT \"é\\\"", .doubleQuotedString, SQLPosition(line: 1, column: 8))
    }

    private func assertUnterminated(_ script: String, _ construct: SQLLexError.Construct, _ position: SQLPosition,
                                    line: UInt = #line) {
        XCTAssertThrowsError(try SQLStatementSplitter.split(script), line: line) { error in
            XCTAssertEqual(error as? SQLLexError, SQLLexError(construct: construct, position: position), line: line)
        }
    }

    func testCreatedViewNames() {
        XCTAssertEqual(CreatedViewName.of("CREATE VIEW v AS SELECT 1"), CreatedViewName(name: "v"))
        XCTAssertEqual(CreatedViewName.of("create or replace view `my``view` as select 1"), CreatedViewName(name: "my`view"))
        XCTAssertEqual(
            CreatedViewName.of("CREATE OR REPLACE ALGORITHM = MERGE DEFINER = 'app'@'%' SQL SECURITY INVOKER VIEW shop.v AS SELECT 1"),
            CreatedViewName(schema: "shop", name: "v"))
        XCTAssertEqual(CreatedViewName.of("CREATE DEFINER=CURRENT_USER() VIEW IF NOT EXISTS `a`.`b` AS SELECT 1"),
                       CreatedViewName(schema: "a", name: "b"))
        XCTAssertEqual(CreatedViewName.of("CREATE DEFINER = app@localhost VIEW v2 AS SELECT 1"), CreatedViewName(name: "v2"))
        XCTAssertNil(CreatedViewName.of("CREATE TABLE v (id INT)"))
        XCTAssertNil(CreatedViewName.of("DROP VIEW IF EXISTS v"))
        XCTAssertEqual(CreatedViewName(schema: "s", name: "a`b").quoted, "`s`.`a``b`")
    }

    func testIdentifierQuotingDoublesBackQuotes() {
        XCTAssertEqual(SQLIdentifier.quote("plain"), "`plain`")
        XCTAssertEqual(SQLIdentifier.quote("a`b``c"), "`a``b````c`")
        XCTAssertEqual(SQLIdentifier.quote("t", in: "db"), "`db`.`t`")
        // Written by bytes: other scripts pass whole, the empty name and long names too.
        XCTAssertEqual(SQLIdentifier.quote("名`前 😀"), "`名``前 😀`")
        XCTAssertEqual(SQLIdentifier.quote(""), "``")
        XCTAssertEqual(SQLIdentifier.quote("a_rather_long_table_name`with`ticks"), "`a_rather_long_table_name``with``ticks`")
    }
}
