import XCTest
import ContractSyntax
import Diagnostics
@testable import MigrationIR

/// One test per check of docs/CONTRACT.md §2–§6: each asserts the diagnostic code and its line:col.
final class SemaChecksTests: XCTestCase {
    func testValidTableHasNoDiagnostics() {
        let r = SemaRun(singleTable([#"{"name": "name", "type": "S", "source_column": "username"}"#]))
        XCTAssertEqual(r.summary, [])
        XCTAssertNotNil(r.ir)
    }

    func testTableNameCharactersAndLength() {
        let r = SemaRun(#"{"tables": [{"table": "U$", "type": "single-entity", "source_table": "users", "pk": "PK", "satisfies": [], "estimated_item_size_bytes": 1, "attributes": [{"name": "PK", "type": "S", "source_table": "users", "source_column": "email"}]}]}"#)
        XCTAssertEqual(r.summary, ["error bad-table-name 1:23", "error bad-table-name 1:25"])
    }

    func testDuplicateTableNames() {
        let t = #"{"table": "Users", "type": "single-entity", "source_table": "users", "pk": "PK", "satisfies": [], "estimated_item_size_bytes": 1, "attributes": [{"name": "PK", "type": "S", "source_table": "users", "source_column": "email"}]}"#
        let r = SemaRun("{\"tables\": [\(t),\n\(t)]}")
        XCTAssertEqual(r.summary, ["error duplicate-table 2:11"])
        XCTAssertEqual(r.diagnostics.first?.notes.first?.location?.line, 1)
    }

    func testUnknownPrimaryKeyAttributeSuggestsName() {
        let r = SemaRun(singleTable([], pk: "Pk"))
        XCTAssertEqual(r.summary, ["error unknown-key-attribute 1:88"])
        XCTAssertEqual(r.diagnostics.first?.fixIts.first?.replacement, "PK")
    }

    func testKeyAttributeMustBeScalarType() {
        let r = SemaRun(singleTable([#"{"name": "SK", "type": "BOOL", "source_column": "is_seller"}"#], extra: #" "sk": "SK","#))
        XCTAssertEqual(r.summary, ["error bad-key-type 5:53"])
    }

    func testReservedAndDuplicateAttributeNames() {
        let r = SemaRun(singleTable([#"{"name": "_partition_key", "type": "N", "source_column": "id"}"#,
                                     #"{"name": "PK", "type": "S", "source_column": "id"}"#]))
        XCTAssertEqual(r.summary, ["error reserved-attribute 5:39", "error duplicate-attribute 6:39"])
    }

    func testItemSizeOver400KB() {
        let r = SemaRun(singleTable([], size: 500_000))
        XCTAssertEqual(r.summary, ["error item-too-large 2:49"])
    }

    func testIfNewerNeedsVersionAttributeOfTypeNOrS() {
        let missing = SemaRun(singleTable([], extra: #" "write": {"mode": "if-newer"},"#))
        XCTAssertEqual(missing.summary, ["error missing-key 1:103"])
        let badType = SemaRun(singleTable([#"{"name": "v", "type": "BOOL", "source_column": "is_seller"}"#],
                                          extra: #" "write": {"mode": "if-newer", "version_attribute": "v"},"#))
        XCTAssertEqual(badType.summary, ["error bad-version-type 1:145"])
    }

    func testBookmarkAttributeMustBeOrderedAndIfAbsentCannotCarryUpdates() {
        let bool = SemaRun(singleTable([#"{"name": "flag", "type": "BOOL", "source_column": "is_seller"}"#],
                                       extra: #" "write": {"mode": "overwrite"}, "incremental": {"bookmark_attribute": "flag"},"#))
        XCTAssertEqual(bool.summary, ["error bad-bookmark-type 1:164"])
        let ifAbsent = SemaRun(singleTable([#"{"name": "updated_at", "type": "S", "source_column": "updated_at"}"#],
                                           extra: #" "incremental": {"bookmark_attribute": "updated_at"},"#))
        XCTAssertEqual(ifAbsent.summary, ["warning incremental-if-absent 1:132"])
        XCTAssertNotNil(ifAbsent.ir)
        let overwrite = SemaRun(singleTable([#"{"name": "updated_at", "type": "S", "source_column": "updated_at"}"#],
                                            extra: #" "write": {"mode": "overwrite"}, "incremental": {"bookmark_attribute": "updated_at"},"#))
        XCTAssertEqual(overwrite.summary, [])
    }

    func testBookmarkAttributeMustExist() {
        let r = SemaRun(singleTable([#"{"name": "updated_at", "type": "S", "source_column": "updated_at"}"#],
                                    extra: #" "incremental": {"bookmark_attribute": "updatedAt"},"#))
        XCTAssertEqual(r.summary, ["error unknown-attribute 1:132", "warning incremental-if-absent 1:132"])
        XCTAssertEqual(r.diagnostics.first?.fixIts.first?.replacement, "updated_at")
    }

    func testGSIChecks() {
        let gsis = #" "gsis": [{"index_name": "G", "pk": "nope"}, {"index_name": "G", "pk": "PK", "projection": "INCLUDE"}],"#
        let r = SemaRun(singleTable([], extra: gsis))
        XCTAssertEqual(r.summary, ["error unknown-key-attribute 1:129", "error duplicate-index 1:153", "error missing-projected-attributes 1:184"])
    }

    /// Found by the conformance suite: a schema-valid 9.97e291 crashed `check` (Int(Double) traps).
    func testHugeOrNegativeItemSizeIsNoCrash() {
        let huge = SemaRun(singleTable([], size: 0).replacingOccurrences(of: "\"estimated_item_size_bytes\": 0", with: "\"estimated_item_size_bytes\": 9.9792015476736e+291"))
        XCTAssertEqual(huge.summary, ["error item-too-large 2:49"])
        XCTAssertTrue(huge.diagnostics.first?.message.hasPrefix("estimated_item_size_bytes 9.9792015476736e+291 exceeds") == true,
                      huge.diagnostics.first?.message ?? "")
        let negative = SemaRun(singleTable([], size: 0).replacingOccurrences(of: "\"estimated_item_size_bytes\": 0", with: "\"estimated_item_size_bytes\": -1e300"))
        XCTAssertNil(negative.ir?.tables.first?.estimatedItemSize)
    }

    func testTooManyGSIs() {
        let one = #"{"index_name": "G%d", "pk": "PK"}"#
        let list = (1...21).map { one.replacingOccurrences(of: "%d", with: "\($0)") }.joined(separator: ",\n")
        let r = SemaRun(singleTable([], extra: " \"gsis\": [\n\(list)],"))
        XCTAssertEqual(r.summary, ["error too-many-gsis 22:1"])
    }

    func testSourceColumnArrayOnlyForConcat() {
        let r = SemaRun(singleTable([#"{"name": "n", "type": "S", "source_column": ["first_name", "last_name"]}"#]))
        XCTAssertEqual(r.summary, ["error source-column-array 5:74"])
        let ok = SemaRun(singleTable([#"{"name": "n", "type": "S", "source_column": ["first_name", "last_name"], "calculation": {"type": "concat", "separator": " "}}"#]))
        XCTAssertEqual(ok.summary, [])
    }

    /// The JSON Schema allows an array on every attribute; where a join gives the value it is
    /// informational (issue: a multi-column join naming both of its join columns was refused).
    func testSourceColumnArrayIsInformationalWhereAJoinOrCalculationGivesTheValue() {
        let join = SemaRun(singleTable([#"{"name": "price", "type": "N", "source_column": ["id", "currency"], "join": {"type": "multi-column", "target_table": "prices", "join_alias": "eur", "join_conditions": ["eur.product_id = users.id", "eur.currency = 'EUR'"], "select_column": "eur.amount"}}"#]))
        XCTAssertEqual(join.summary, [])
        let caseArms = SemaRun(singleTable([#"{"name": "tier", "type": "S", "source_column": ["id", "email"], "calculation": {"type": "case", "cases": [{"when": "users.id > 10", "then": "'big'"}], "else": "'small'"}}"#]))
        XCTAssertEqual(caseArms.summary, [])
        // What reads the column itself still needs one.
        let dateMath = SemaRun(singleTable([#"{"name": "due", "type": "S", "source_column": ["created_at", "id"], "calculation": {"type": "date-math", "operation": "add", "unit": "day", "amount": 1}}"#]))
        XCTAssertEqual(dateMath.summary, ["error missing-source-column 5:39"])
    }

    /// A single-entity table key no attribute produces: every row would be dead-lettered as
    /// missing-key, so it is an error at the pk value, with the declared names in the fix-it.
    func testSingleEntityKeyWithoutAttributeIsAnError() {
        let r = SemaRun(singleTable([#"{"name": "email", "type": "S", "source_column": "email"}"#], pk: "UserKey"))
        XCTAssertEqual(r.summary, ["error unknown-key-attribute 1:88"])
        XCTAssertNil(r.ir)
    }

    func testUnknownRelationInFragmentWithDidYouMean() {
        let r = SemaRun(singleTable([#"{"name": "e", "type": "S", "join": {"type": "foreign-key", "target_table": "orders", "join_condition": "orders.user_id = usrs.id", "select_column": "orders.status"}}"#]))
        XCTAssertEqual(r.summary, ["error unknown-relation 5:174"])
        XCTAssertEqual(r.diagnostics.first?.fixIts.first?.replacement, "users")
    }

    func testUnknownColumnWithSchema() {
        let r = SemaRun(singleTable([#"{"name": "n", "type": "S", "source_column": "usernme"}"#]), schema: shopSchema)
        XCTAssertEqual(r.summary, ["error unknown-column 5:75"])
        XCTAssertEqual(r.diagnostics.first?.fixIts.first?.replacement, "username")
    }

    func testUnknownTableWithSchema() {
        let r = SemaRun(singleTable([#"{"name": "n", "type": "N", "calculation": {"type": "aggregate", "operation": "COUNT", "target_table": "ordrs", "join_condition": "ordrs.user_id = users.id", "select_column": "ordrs.id"}}"#]), schema: shopSchema)
        XCTAssertEqual(r.summary, ["error unknown-table 5:155"])
        XCTAssertEqual(r.diagnostics.first?.fixIts.first?.replacement, "orders")
    }

    func testJoinTargetAlreadyInScopeNeedsAlias() {
        let r = SemaRun(singleTable([#"{"name": "n", "type": "S", "join": {"type": "foreign-key", "target_table": "users", "join_condition": "users.id = 1", "select_column": "users.email"}}"#]))
        XCTAssertEqual(r.summary, ["error join-target-in-scope 5:128"])
        XCTAssertTrue(r.diagnostics.first?.fixIts.first?.message.hasPrefix("use a self-join with a join_alias") == true)
    }

    func testSameRelationDifferentConditionsConflict() {
        let a = #"{"name": "a", "type": "S", "join": {"type": "foreign-key", "target_table": "orders", "join_condition": "orders.user_id = users.id", "select_column": "orders.status"}}"#
        let b = #"{"name": "b", "type": "S", "join": {"type": "foreign-key", "target_table": "orders", "join_condition": "orders.id = users.id", "select_column": "orders.status"}}"#
        let r = SemaRun(singleTable([a, b]))
        XCTAssertEqual(r.summary, ["error join-conflict 6:157"])
        let shared = SemaRun(singleTable([a, a.replacingOccurrences(of: "\"a\"", with: "\"c\"")]))
        XCTAssertEqual(shared.summary, [])
        XCTAssertEqual(shared.ir?.tables.first?.branches.first?.joins.count, 1)
    }

    func testSelfJoinConditionMustNameAlias() {
        let r = SemaRun(singleTable([#"{"name": "p", "type": "S", "join": {"type": "self-join", "join_alias": "p", "join_condition": "users.id = users.manager_id", "select_column": "p.email"}}"#]))
        XCTAssertEqual(r.summary, ["error degenerate-join 5:148"])
    }

    func testSelfJoinNeedsAlias() {
        let r = SemaRun(singleTable([#"{"name": "p", "type": "S", "join": {"type": "self-join", "join_condition": "p.id = users.manager_id", "select_column": "p.email"}}"#]))
        XCTAssertEqual(r.summary, ["error missing-key 5:88"])
    }

    func testElseValueLiteralQuotedAndColumn() {
        let lit = SemaRun(singleTable([#"{"name": "p", "type": "S", "join": {"type": "conditional", "target_table": "orders", "join_condition": "orders.user_id = users.id", "condition": "orders.id IS NULL", "select_column": "'none'", "else_value": "orders.status"}}"#]))
        XCTAssertEqual(lit.summary, [])
        let bad = SemaRun(singleTable([#"{"name": "p", "type": "S", "join": {"type": "conditional", "target_table": "orders", "join_condition": "orders.user_id = users.id", "condition": "orders.id IS NULL", "select_column": "'none'", "else_value": "ordrs.status"}}"#]))
        XCTAssertEqual(bad.summary, ["error unknown-relation 5:261"])
    }

    func testCorrelatedArrayNeedsTargetAliasWhenInnerEqualsOuter() {
        let r = SemaRun(singleTable([#"{"name": "a", "type": "L", "join": {"type": "json-construction", "target_table": "users", "join_condition": "users.id = users.id", "construction": {"type": "array", "select_columns": {"e": "email"}}}}"#]))
        XCTAssertEqual(r.summary, ["error correlated-alias-required 5:162"])
    }

    func testTemplatePlaceholdersMustResolveWithSchema() {
        let r = SemaRun(singleTable([##"{"name": "f", "type": "S", "transformation": {"type": "string-format", "format": "U#{emial}"}}"##]), schema: shopSchema)
        XCTAssertEqual(r.summary, ["error unknown-column 5:138"])
    }

    func testUnsupportedNumberFormat() {
        let r = SemaRun(singleTable([##"{"name": "f", "type": "S", "source_column": "id", "transformation": {"type": "number-format", "format": "#,##0"}}"##]))
        XCTAssertEqual(r.summary, ["error bad-number-format 5:134"])
    }

    func testJSONParseNeedsMOrL() {
        let r = SemaRun(singleTable([#"{"name": "f", "type": "S", "source_column": "prefs", "transformation": {"type": "json-parse"}}"#]))
        XCTAssertEqual(r.summary, ["error type-mismatch 5:52"])
    }

    func testSchemaTypeChecksAndNullableKey() {
        let r = SemaRun(singleTable([#"{"name": "n", "type": "N", "source_column": "username"}"#,
                                     #"{"name": "b", "type": "BOOL", "source_column": "created_at"}"#,
                                     #"{"name": "SK", "type": "S", "source_column": "first_name"}"#], extra: #" "sk": "SK","#),
                        schema: shopSchema)
        XCTAssertEqual(r.summary, ["warning type-mismatch 5:52", "error type-mismatch 6:52", "warning nullable-key 7:75"])
    }

    func testNToOneJoinNotCoveringUniqueKeyWarns() {
        let r = SemaRun(singleTable([#"{"name": "s", "type": "S", "join": {"type": "foreign-key", "target_table": "orders", "join_condition": "orders.user_id = users.id", "select_column": "orders.status"}}"#]),
                        schema: shopSchema)
        XCTAssertEqual(r.summary, ["warning join-not-unique 5:157"])
    }

    func testTemplateDisagreeingWithAttributeWarns() {
        let json = ##"""
        {"tables": [{"table": "Tab", "type": "multi-entity", "pk": "PK", "sk": "SK", "satisfies": [], "estimated_item_size_bytes": 1,
         "entities": [
          {"entity_type": "U", "source_table": "users", "pk_template": "{email}", "sk_template": "PROFILE",
           "attributes": [{"name": "PK", "type": "S", "source_table": "users", "source_column": "email"},
                          {"name": "SK", "type": "S", "source_table": "users", "source_column": "id", "transformation": {"type": "string-format", "format": "#META"}}]},
          {"entity_type": "O", "source_table": "orders", "pk_template": "ORDER#{id}", "sk_template": "#META",
           "attributes": [{"name": "total", "type": "N", "source_table": "orders", "source_column": "total_amount"}]}]}]}
        """##
        let r = SemaRun(json)
        XCTAssertEqual(r.summary, ["warning template-mismatch 3:90"])
        let orderPK = r.ir?.tables.first?.branches.last?.attribute(named: "PK")
        XCTAssertEqual(orderPK?.type, .S)
        if case .template? = orderPK?.value {} else { XCTFail("PK from pk_template should be a template value") }
    }

    func testMultiEntityAttributeTypeConflict() {
        let json = ##"""
        {"tables": [{"table": "Tab", "type": "multi-entity", "pk": "PK", "satisfies": [], "estimated_item_size_bytes": 1, "entities": [
          {"entity_type": "U", "source_table": "users", "pk_template": "{email}", "sk_template": "",
           "attributes": [{"name": "PK", "type": "S", "source_table": "users", "source_column": "email"},
                          {"name": "x", "type": "S", "source_table": "users", "source_column": "id"}]},
          {"entity_type": "O", "source_table": "orders", "pk_template": "{id}", "sk_template": "",
           "attributes": [{"name": "PK", "type": "S", "source_table": "orders", "source_column": "id"},
                          {"name": "x", "type": "N", "source_table": "orders", "source_column": "id"}]}]}]}
        """##
        XCTAssertEqual(SemaRun(json).summary, ["error attribute-type-conflict 7:41"])
    }

    /// A construction without select_columns (or with an empty object) was reported twice: by the
    /// decoder and again by Sema as missing-select-columns. The decoder's report is the only one.
    func testConstructionWithoutSelectColumnsIsReportedOnce() {
        for construction in [#"{"type": "object"}"#, #"{"type": "object", "select_columns": {}}"#] {
            let r = SemaRun(singleTable([#"{"name": "m", "type": "M", "join": {"type": "json-construction", "target_table": "users", "construction": \#(construction)}}"#]))
            XCTAssertEqual(r.diagnostics.map(\.code), [construction.contains("{}") ? "empty-select-columns" : "missing-key"], construction)
            XCTAssertNil(r.ir)
        }
    }
}
