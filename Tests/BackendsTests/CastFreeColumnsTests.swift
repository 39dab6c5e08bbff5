import XCTest
import ContractSyntax
import Diagnostics
import MigrationIR
import SourceSchema
@testable import Backends

/// Which S attributes a view reads without `CAST(... AS CHAR)` (CastFreeColumns, ValueSQL.column):
/// only what the schema snapshot proves the job renders as the cast does, and never where two
/// entities' values meet or a bookmark compares. tests/python/test_e2e_cast_free.py holds the
/// items to the same bytes end to end.
final class CastFreeColumnsTests: XCTestCase {
    static let schema: SchemaSnapshot = {
        func col(_ n: String, _ dataType: String, _ columnType: String? = nil) -> ColumnSchema {
            ColumnSchema(name: n, dataType: dataType, columnType: columnType ?? dataType, nullable: true, autoIncrement: false)
        }
        return SchemaSnapshot(database: "shop", serverVersion: "10.11", tables: [
            TableSchema(name: "edges", columns: [
                col("id", "int", "int(11)"), col("big", "bigint", "bigint(20) unsigned"), col("small", "smallint", "smallint(6)"),
                col("flag", "tinyint", "tinyint(1)"), col("tiny", "tinyint", "tinyint(4)"), col("zf", "int", "int(5) unsigned zerofill"),
                col("yr", "year", "year(4)"), col("price", "decimal", "decimal(10,2)"), col("name", "varchar", "varchar(20)"),
                col("seq", "int", "int(11)"), col("code", "char", "char(5)"), col("state", "enum", "enum('on','off')"),
                col("made", "timestamp", "timestamp(3)"), col("day", "date"), col("ratio", "double"), col("bits", "bit", "bit(8)"),
            ], primaryKey: ["id"], uniqueKeys: [], foreignKeys: [], estimatedRows: 1),
            TableSchema(name: "users", columns: [col("id", "int"), col("email", "varchar")],
                        primaryKey: ["id"], uniqueKeys: [], foreignKeys: [], estimatedRows: 1),
            TableSchema(name: "orders", columns: [col("id", "int"), col("user_id", "int"), col("email", "varchar"),
                                                  col("placed", "datetime")],
                        primaryKey: ["id"], uniqueKeys: [], foreignKeys: [], estimatedRows: 1),
        ])
    }()

    func ir(_ json: String, schema: SchemaSnapshot? = CastFreeColumnsTests.schema, file: StaticString = #filePath, line: UInt = #line) -> MigrationIR? {
        checkedIR(json, schema: schema, file: file, line: line)
    }

    static let edges = ##"""
    {"tables": [{"table": "Edges", "type": "single-entity", "source_table": "edges", "pk": "PK", "sk": null,
      "satisfies": [], "estimated_item_size_bytes": 100, "incremental": {"bookmark_attribute": "seq"},
      "attributes": [
        {"name": "PK", "type": "S", "source_table": "edges", "source_column": "id"},
        {"name": "big", "type": "S", "source_table": "edges", "source_column": "big"},
        {"name": "small", "type": "S", "source_table": "edges", "source_column": "small"},
        {"name": "tiny", "type": "S", "source_table": "edges", "source_column": "tiny"},
        {"name": "flag", "type": "S", "source_table": "edges", "source_column": "flag"},
        {"name": "zf", "type": "S", "source_table": "edges", "source_column": "zf"},
        {"name": "yr", "type": "S", "source_table": "edges", "source_column": "yr"},
        {"name": "price", "type": "S", "source_table": "edges", "source_column": "price"},
        {"name": "name", "type": "S", "source_table": "edges", "source_column": "name"},
        {"name": "code", "type": "S", "source_table": "edges", "source_column": "code"},
        {"name": "state", "type": "S", "source_table": "edges", "source_column": "state"},
        {"name": "made", "type": "S", "source_table": "edges", "source_column": "made"},
        {"name": "day", "type": "S", "source_table": "edges", "source_column": "day"},
        {"name": "ratio", "type": "S", "source_table": "edges", "source_column": "ratio"},
        {"name": "bits", "type": "S", "source_table": "edges", "source_column": "bits"},
        {"name": "seq", "type": "S", "source_table": "edges", "source_column": "seq"}
      ]}]}
    """##

    /// Text and plain integers are read as they are; every other number or date (their text is
    /// ASCII) is cast into latin1, MySQL's own character set for that text; CHAR, ENUM, BIT and
    /// the bookmark keep CAST(... AS CHAR).
    func testPlainIntegersAreReadAsTheyAreNumbersAndDatesAreCastIntoLatin1AndTheRestKeepTheirCast() throws {
        let ir = try XCTUnwrap(ir(Self.edges))
        XCTAssertEqual(ViewLowering.statements(ir.tables[0], dialect: .mariadb, castFree: CastFreeColumns(ir)), [#"""
        CREATE OR REPLACE VIEW `ddb_edges_view` AS
        SELECT
          `edges`.`id` AS `_partition_key`,
          `edges`.`id` AS `PK`,
          `edges`.`big` AS `big`,
          `edges`.`small` AS `small`,
          `edges`.`tiny` AS `tiny`,
          CAST(`edges`.`flag` AS CHAR CHARACTER SET latin1) AS `flag`,
          CAST(`edges`.`zf` AS CHAR CHARACTER SET latin1) AS `zf`,
          CAST(`edges`.`yr` AS CHAR CHARACTER SET latin1) AS `yr`,
          CAST(`edges`.`price` AS CHAR CHARACTER SET latin1) AS `price`,
          `edges`.`name` AS `name`,
          CAST(`edges`.`code` AS CHAR) AS `code`,
          CAST(`edges`.`state` AS CHAR) AS `state`,
          CAST(`edges`.`made` AS CHAR CHARACTER SET latin1) AS `made`,
          CAST(`edges`.`day` AS CHAR CHARACTER SET latin1) AS `day`,
          CAST(`edges`.`ratio` AS CHAR CHARACTER SET latin1) AS `ratio`,
          CAST(`edges`.`bits` AS CHAR) AS `bits`,
          CAST(`edges`.`seq` AS CHAR) AS `seq`
        FROM `edges` AS `edges`
        """#])
    }

    func testWithoutASchemaSnapshotEverySAttributeOfAColumnIsCast() throws {
        let ir = try XCTUnwrap(ir(Self.edges, schema: nil))
        let sql = ViewLowering.statements(ir.tables[0], dialect: .mariadb, castFree: CastFreeColumns(ir))[0]
        XCTAssertFalse(sql.contains("latin1"), sql)
        for column in ["id", "big", "small", "tiny", "name", "seq", "made", "price"] {
            XCTAssertTrue(sql.contains("CAST(`edges`.`\(column)` AS CHAR)"), column)
        }
    }

    func testAColumnOfOneEntityIsReadAsItIsAndOneSeveralEntitiesShareKeepsItsCast() throws {
        let json = ##"""
        {"tables": [{"table": "Shop", "type": "multi-entity", "source_table": "users", "pk": "PK", "sk": "SK",
          "satisfies": [], "estimated_item_size_bytes": 100,
          "entities": [
            {"entity_type": "USER", "source_table": "users", "pk_template": "U", "sk_template": "#META",
             "attributes": [
               {"name": "PK", "type": "S", "source_table": "users", "source_column": "email"},
               {"name": "SK", "type": "S", "source_table": "users", "source_column": "id", "transformation": {"type": "static", "value": "#META"}},
               {"name": "user_id", "type": "S", "source_table": "users", "source_column": "id"}]},
            {"entity_type": "ORDER", "source_table": "orders", "pk_template": "U", "sk_template": "O",
             "attributes": [
               {"name": "PK", "type": "S", "source_table": "orders", "source_column": "email"},
               {"name": "SK", "type": "S", "source_table": "orders", "source_column": "id"},
               {"name": "buyer", "type": "S", "source_table": "orders", "source_column": "user_id"},
               {"name": "placed", "type": "S", "source_table": "orders", "source_column": "placed"},
               {"name": "when", "type": "S", "source_table": "orders", "source_column": "placed"}]},
            {"entity_type": "PAST", "source_table": "orders", "pk_template": "U", "sk_template": "P",
             "attributes": [
               {"name": "PK", "type": "S", "source_table": "orders", "source_column": "email"},
               {"name": "SK", "type": "S", "source_table": "orders", "source_column": "id"},
               {"name": "when", "type": "S", "source_table": "orders", "source_column": "placed"}]}]}]}
        """##
        let ir = try XCTUnwrap(ir(json))
        let views = ViewLowering.statements(ir.tables[0], dialect: .mariadb, castFree: CastFreeColumns(ir))
        XCTAssertEqual(views.count, 4)
        // PK and SK meet in the table view's UNION ALL (and the job's unionByName): cast in both
        // entities; user_id and buyer are one entity's each.
        XCTAssertTrue(views[0].contains("CAST(`users`.`email` AS CHAR) AS `PK`"), views[0])
        XCTAssertTrue(views[0].contains("`users`.`id` AS `user_id`"), views[0])
        XCTAssertTrue(views[1].contains("CAST(`orders`.`email` AS CHAR) AS `PK`"), views[1])
        XCTAssertTrue(views[1].contains("CAST(`orders`.`id` AS CHAR) AS `SK`"), views[1])
        XCTAssertTrue(views[1].contains("`orders`.`user_id` AS `buyer`"), views[1])
        // A date of one entity is cast into latin1; one two entities share keeps CAST(... AS CHAR).
        XCTAssertTrue(views[1].contains("CAST(`orders`.`placed` AS CHAR CHARACTER SET latin1) AS `placed`"), views[1])
        XCTAssertTrue(views[1].contains("CAST(`orders`.`placed` AS CHAR) AS `when`"), views[1])
        XCTAssertTrue(views[2].contains("CAST(`orders`.`placed` AS CHAR) AS `when`"), views[2])
    }
}
