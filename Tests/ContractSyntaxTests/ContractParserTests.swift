import XCTest
import Diagnostics
@testable import ContractSyntax

final class ContractParserTests: XCTestCase {
    func testModernizerContractParsesWithoutDiagnostics() throws {
        let (ast, engine) = parseContract(ModernizerFixture.contract)
        XCTAssertEqual(engine.diagnostics.map { "\($0.code)@\(lc($0.location)): \($0.message)" }, [])
        let contract = try XCTUnwrap(ast)
        XCTAssertFalse(contract.isBareArray)
        XCTAssertEqual(contract.tables.map { $0.name?.value }, ["Users", "Products", "Categories"])
        let users = contract.tables[0]
        XCTAssertEqual(users.kind?.value, .multiEntity)
        XCTAssertEqual(lc(users.location), "3:5")
        XCTAssertEqual(lc(users.name?.location), "4:16")
        XCTAssertEqual(users.gsis.count, 3)
        XCTAssertEqual(users.gsis[0].projection?.value, .all)
        XCTAssertEqual(users.entities?.map { $0.entityType?.value }, ["USER", "CART", "ORDER"])
        XCTAssertEqual(users.satisfies.count, 26)
        XCTAssertEqual(users.estimatedItemSizeBytes?.value, 4096)
        let profile = try XCTUnwrap(users.entities?[0].attributes.first { $0.name?.value == "profile_data" })
        XCTAssertEqual(profile.type?.value, .M)
        guard case let .jsonConstruction(construction)? = profile.join, case let .object(object) = construction.construction else {
            return XCTFail("profile_data is a json-construction object")
        }
        XCTAssertEqual(object.selectColumns.map(\.key.value), ["first_name", "last_name"])
        let price = try XCTUnwrap(users.entities?[1].attributes.first { $0.name?.value == "price" })
        XCTAssertEqual(price.denormalized?.value, true)
        guard case let .foreignKey(priceJoin)? = price.join else { return XCTFail("price is a foreign-key join") }
        XCTAssertEqual(priceJoin.selectColumn.value, "products.price")

        let categories = contract.tables[2]
        let pk = try XCTUnwrap(categories.attributes?.first)
        guard case let .conditional(conditional)? = pk.join, case let .column(elseColumn) = conditional.elseValue else {
            return XCTFail("the categories' PK is a conditional join with a dotted else_value")
        }
        XCTAssertEqual([elseColumn.relation, elseColumn.column], ["parent", "name"])
        let level = try XCTUnwrap(categories.attributes?.first { $0.name?.value == "level" })
        guard case let .aggregate(aggregate)? = level.calculation else { return XCTFail("level is an aggregate") }
        XCTAssertEqual(aggregate.operation, .COUNT)
        let path = try XCTUnwrap(contract.tables[1].attributes?.first { $0.name?.value == "category_path" })
        guard case let .selfJoin(selfJoin)? = path.join else { return XCTFail("category_path is a self-join") }
        XCTAssertEqual(selfJoin.joinAlias.value, "cat_hierarchy")
        XCTAssertEqual(selfJoin.nullValue?.value, "")
    }

    /// A minimal valid single-entity table, with `extra` spliced into its attribute.
    private func table(attribute extra: String = "", table tableExtra: String = "") -> String {
        """
        {"tables": [{
          "table": "T", "type": "single-entity", "source_table": "t", "pk": "id", "satisfies": [], "estimated_item_size_bytes": 10,\(tableExtra)
          "attributes": [{"name": "id", "type": "S", "source_table": "t", "source_column": "id"\(extra)}]
        }]}
        """
    }

    func testBareArrayAndNullSortKey() throws {
        let (ast, engine) = parseContract("""
        [{"table": "T", "type": "single-entity", "source_table": "t", "pk": "id", "sk": null, "satisfies": ["AP1"],
          "estimated_item_size_bytes": 10, "attributes": []}]
        """)
        XCTAssertTrue(engine.diagnostics.isEmpty, "\(engine.diagnostics)")
        XCTAssertEqual(ast?.isBareArray, true)
        XCTAssertNil(ast?.tables.first?.sk)
        XCTAssertEqual(ast?.tables.first?.attributes?.count, 0)
    }

    func testWrongTypesAreReportedAtTheValue() throws {
        let (ast, engine) = parseContract("""
        {"tables": [{"table": "T", "type": "single-entity", "source_table": "t", "pk": 5, "satisfies": "AP1",
          "estimated_item_size_bytes": "big", "attributes": [{"name": "id", "type": "S", "source_table": "t",
          "source_column": 3, "denormalized": "yes"}]}]}
        """)
        let pk = try XCTUnwrap(engine.diagnostics.first { $0.message.hasPrefix("'pk'") })
        XCTAssertEqual(pk.message, "'pk' must be a string, found number")
        XCTAssertEqual(lc(pk.location), "1:80")
        XCTAssertTrue(engine.diagnostics.contains { $0.message == "'satisfies' must be an array of strings, found string" })
        XCTAssertTrue(engine.diagnostics.contains { $0.message == "'estimated_item_size_bytes' must be a number, found string" && lc($0.location) == "2:32" })
        XCTAssertTrue(engine.diagnostics.contains { $0.message.hasPrefix("'source_column' must be a string or an array") && lc($0.location) == "3:20" })
        XCTAssertTrue(engine.diagnostics.contains { $0.message == "'denormalized' must be true or false, found string" })
        XCTAssertEqual(engine.errorCount, 5, "\(engine.diagnostics.map(\.message))")
        XCTAssertNil(ast?.tables.first?.pk, "a mistyped value is left out, decoding goes on")
        XCTAssertEqual(ast?.tables.first?.attributes?.count, 1)
    }

    func testMissingRequiredKeysPerKind() throws {
        let (_, engine) = parseContract(table(attribute: """
        , "join": {"type": "foreign-key", "target_table": "u"}
        """))
        let missing = engine.diagnostics.filter { $0.code == "missing-key" }.map(\.message)
        XCTAssertEqual(missing.sorted(), [
            "the foreign-key join of attribute 'id' is missing the required key 'join_condition'",
            "the foreign-key join of attribute 'id' is missing the required key 'select_column'",
        ])
        XCTAssertEqual(lc(engine.diagnostics.first?.location), "3:98")

        let (_, e2) = parseContract(table(attribute: """
        , "join": {"type": "self-join", "join_condition": "a.id = t.pid", "select_column": "a.name"}
        """))
        assertDiagnostic(e2, code: "missing-key", at: "3:98")
        XCTAssertTrue(e2.diagnostics[0].message.hasSuffix("'join_alias'"))

        let (_, e3) = parseContract(table(attribute: """
        , "calculation": {"type": "aggregate", "target_table": "o", "select_column": "o.id"}
        """))
        XCTAssertEqual(e3.diagnostics.filter { $0.code == "missing-key" }.count, 2)

        let (_, e4) = parseContract(table(attribute: """
        , "calculation": {"type": "date-math", "operation": "add", "unit": "day"}
        """))
        XCTAssertEqual(e4.diagnostics.map(\.message), ["the date-math calculation of attribute 'id' is missing the required key 'amount'"])

        let (_, e5) = parseContract("""
        {"tables": [{"type": "multi-entity", "pk": "PK", "satisfies": [], "estimated_item_size_bytes": 1}]}
        """)
        XCTAssertEqual(e5.diagnostics.map(\.message).sorted(), [
            "table 1 is missing the required key 'entities'",
            "table 1 is missing the required key 'table'",
        ])

        let (_, e6) = parseContract(table(table: #" "write": {"mode": "if-newer"},"#))
        XCTAssertEqual(e6.diagnostics.map(\.message), ["'write' is missing the required key 'version_attribute'"])
        let (_, e7) = parseContract(table(table: #" "write": {},"#))
        XCTAssertEqual(e7.diagnostics.map(\.message), ["'write' is missing the required key 'mode'"])

        let object = #", "join": {"type": "json-construction", "target_table": "t", "construction": {"type": "object", "select_columns": {"a": "a"}}}"#
        XCTAssertEqual(parseContract(table(attribute: object)).1.diagnostics.count, 0, "an object from the row itself needs no condition")
        let (_, e8) = parseContract(table(attribute: object.replacingOccurrences(of: "\"object\"", with: "\"array\"")))
        XCTAssertEqual(e8.diagnostics.map(\.message), ["the json-construction join of attribute 'id' is missing the required key 'join_condition'"])
    }

    func testReportOnlyKeysAreWarnings() {
        let (_, engine) = parseContract("""
        {"tables": [{"table": "T", "type": "single-entity", "source_table": "t", "pk": "id", "attributes": []}]}
        """)
        XCTAssertEqual(engine.errorCount, 0)
        XCTAssertEqual(engine.warningCount, 2)
    }

    func testInvalidEnumValueSuggestsTheClosest() throws {
        let (ast, engine) = parseContract(table(attribute: """
        , "join": {"type": "foriegn-key", "target_table": "u", "join_condition": "u.id = t.uid", "select_column": "u.n"}
        """))
        let d = try XCTUnwrap(assertDiagnostic(engine, code: "invalid-value", at: "3:107"))
        XCTAssertEqual(d.message, "'foriegn-key' is not a join type; did you mean 'foreign-key'?")
        XCTAssertEqual(d.fixIts.first?.replacement, "foreign-key")
        XCTAssertEqual(lc(d.fixIts.first?.location), "3:108")
        XCTAssertEqual(d.fixIts.first?.length, 11)
        // The rest of the join is still read (and checked), but no case is built from it.
        XCTAssertNil(ast?.tables.first?.attributes?.first?.join)
        XCTAssertEqual(ast?.tables.first?.attributes?.first?.rejectsValue, true)

        let (_, e2) = parseContract(table(table: #" "type": "single-entity","#))
        XCTAssertEqual(e2.diagnostics.map(\.code), ["duplicate-key"])
        let (_, e3) = parseContract(table(attribute: #", "calculation": {"type": "aggregate", "target_table": "o", "join_condition": "o.t = t.id", "operation": "cuont", "select_column": "o.id"}"#))
        XCTAssertEqual(e3.diagnostics.map(\.message), ["'cuont' is not an aggregate operation; did you mean 'COUNT'?"])
        let (_, e4) = parseContract(table(attribute: #", "transformation": {"type": "uppercase"}"#))
        XCTAssertEqual(e4.diagnostics.first?.notes.first?.message.hasPrefix("valid values: string-format"), true)
    }

    func testUnknownKeysAreWarningsWithFixIts() throws {
        let (_, engine) = parseContract(table(attribute: """
        , "join": {"type": "foreign-key", "target_table": "u", "join_conditon": "u.id = t.uid", "select_column": "u.n"}
        """))
        let d = try XCTUnwrap(engine.diagnostics.first { $0.code == "unknown-key" })
        XCTAssertEqual(d.severity, .warning)
        XCTAssertEqual(d.message, "unknown key 'join_conditon' in the foreign-key join of attribute 'id' is ignored; did you mean 'join_condition'?")
        XCTAssertEqual(lc(d.location), "3:143")
        XCTAssertEqual(d.fixIts.first?.replacement, "join_condition")
        XCTAssertEqual(d.fixIts.first?.message, "replace 'join_conditon' with 'join_condition'")
        // And the real key is then missing.
        XCTAssertTrue(engine.diagnostics.contains { $0.code == "missing-key" && $0.message.hasSuffix("'join_condition'") })

        let (_, e2) = parseContract(table(attribute: #", "join": {"type": "foreign-key", "target_table": "u", "join_condition": "u.id = t.uid", "select_column": "u.n", "null_value": ""}"#))
        XCTAssertEqual(e2.diagnostics.map(\.message), ["key 'null_value' has no meaning in the foreign-key join of attribute 'id' and is ignored"])
        let (_, e3) = parseContract(table(table: #" "zzz": 1,"#))
        XCTAssertEqual(e3.diagnostics.first?.notes.first?.message.hasPrefix("valid keys here: table, type"), true)
        XCTAssertEqual(e3.diagnostics.first?.severity, .warning)
    }

    /// Enumerated words match whatever their ASCII case, as SQL keywords do (docs/SEMANTICS.md):
    /// a MySQL user writes `"unit": "DAY"`, `"operation": "count"`, `"projection": "keys_only"`.
    func testEnumeratedWordsIgnoreCase() throws {
        let (ast, engine) = parseContract("""
        {"tables": [{"table": "Things", "type": "Single-Entity", "source_table": "t", "pk": "id",
          "satisfies": [], "estimated_item_size_bytes": 1, "write": {"mode": "IF-ABSENT"},
          "gsis": [{"index_name": "G", "pk": "n", "projection": "keys_only"}],
          "attributes": [
            {"name": "id", "type": "s", "source_table": "t", "source_column": "id"},
            {"name": "n", "type": "n", "source_table": "t", "source_column": "id",
             "calculation": {"type": "AGGREGATE", "operation": "count", "target_table": "o", "join_condition": "o.t = t.id", "select_column": "o.id"}},
            {"name": "d", "type": "Bool", "source_table": "t", "source_column": "at",
             "calculation": {"type": "Date-Math", "operation": "ADD", "unit": "DAY", "amount": 1}},
            {"name": "f", "type": "S", "source_table": "t", "source_column": "at",
             "transformation": {"type": "DATE-FORMAT", "format": "YYYY", "source_format": "EPOCH_MS"}},
            {"name": "m", "type": "M", "source_table": "t", "source_column": "id",
             "join": {"type": "JSON-CONSTRUCTION", "target_table": "u", "join_condition": "u.t = t.id",
                      "construction": {"type": "OBJECT", "select_columns": {"a": "u.a"}}}}
          ]}]}
        """)
        XCTAssertEqual(engine.diagnostics.map(\.message), [])
        let t = try XCTUnwrap(ast?.tables.first)
        XCTAssertEqual(t.kind?.value, .singleEntity)
        XCTAssertEqual(t.write?.mode?.value, .ifAbsent)
        XCTAssertEqual(t.gsis.first?.projection?.value, .keysOnly)
        let a = try XCTUnwrap(t.attributes)
        XCTAssertEqual(a.map { $0.type?.value }, [.S, .N, .BOOL, .S, .M])
        guard case let .aggregate(count)? = a[1].calculation else { return XCTFail("aggregate") }
        XCTAssertEqual(count.operation, .COUNT)
        guard case let .dateMath(dateMath)? = a[2].calculation, case let .add(amount, unit) = dateMath.operation else { return XCTFail("date-math add") }
        XCTAssertEqual(amount.value, 1)
        XCTAssertEqual(unit, .day)
        guard case let .dateFormat(tokens, source)? = a[3].transformation else { return XCTFail("date-format") }
        XCTAssertEqual(tokens, [.year])
        XCTAssertEqual(source, .epochMs)
        guard case let .jsonConstruction(j)? = a[4].join, case .object = j.construction else { return XCTFail("json-construction object") }
        // Only ASCII letters fold: a dotless or dotted I is not an i.
        XCTAssertFalse(ContractReading.asciiCaseInsensitiveEqual("day", "d\u{0130}y"))
        XCTAssertFalse(ContractReading.asciiCaseInsensitiveEqual("a-b", "a\rb"), "'-' | 0x20 is '\\r' | 0x20 only for letters")
    }

    /// Found by the conformance suite: the schema allows target_alias in the join and in its
    /// construction. The same name twice is accepted; two names are a semantic error.
    func testTargetAliasInJoinAndConstruction() throws {
        func attribute(_ outer: String, _ inner: String) -> String {
            #", "join": {"type": "json-construction", "target_table": "o", "join_condition": "o.t = t.id", "target_alias": "\#(outer)", "construction": {"type": "array", "select_columns": {"a": "o.a"}, "target_alias": "\#(inner)"}}"#
        }
        let (same, e1) = parseContract(table(attribute: attribute("oo", "oo")))
        XCTAssertEqual(e1.diagnostics.map(\.message), [])
        guard case let .jsonConstruction(j)? = same?.tables.first?.attributes?.first?.join, case let .array(array) = j.construction else {
            return XCTFail("json-construction array")
        }
        XCTAssertEqual(array.targetAlias?.value, "oo")
        let (_, e2) = parseContract(table(attribute: attribute("oo", "o2")))
        XCTAssertEqual(e2.diagnostics.map(\.code), ["conflicting-target-alias"])
    }

    func testOperationIsDecodedByKind() throws {
        let (ast, engine) = parseContract(table(attribute: """
        , "calculation": {"type": "date-math", "operation": "epoch", "add_seconds": 86400}
        """))
        XCTAssertTrue(engine.diagnostics.isEmpty, "\(engine.diagnostics)")
        guard case let .dateMath(m)? = ast?.tables.first?.attributes?.first?.calculation, case let .epoch(addSeconds) = m.operation else {
            return XCTFail("date-math epoch")
        }
        XCTAssertEqual(addSeconds?.value, 86400)
        let (_, e2) = parseContract(table(attribute: #", "calculation": {"type": "date-math", "operation": "COUNT"}"#))
        XCTAssertEqual(e2.diagnostics.first?.message, "'COUNT' is not a date-math operation")
    }

    func testExtensionsAndEveryKindDecode() throws {
        let (ast, engine) = parseContract("""
        {"tables": [{
          "table": "T", "type": "single-entity", "source_table": "t", "pk": "id", "satisfies": [], "estimated_item_size_bytes": 10,
          "filter": "deleted_at IS NULL", "write": {"mode": "if-newer", "version_attribute": "v"},
          "incremental": {"bookmark_attribute": "updated_at"},
          "gsis": [{"index_name": "G", "pk": "g", "sk": null, "projection": "INCLUDE", "projected_attributes": ["a"]}],
          "attributes": [
            {"name": "a", "type": "S", "source_table": "t", "source_column": ["x", "y"],
             "calculation": {"type": "concat", "separator": "#"}},
            {"name": "b", "type": "S", "source_table": "t", "source_column": "x",
             "join": {"type": "chain", "chain_separator": "/", "joins": [
               {"target_table": "p", "join_alias": "p1", "join_condition": "p1.id = t.pid", "select_column": "p1.name"},
               {"target_table": "p", "join_alias": "p2", "join_condition": "p2.id = p1.pid", "select_column": "p2.name"}]}},
            {"name": "c", "type": "L", "source_table": "t", "source_column": "id",
             "join": {"type": "json-construction", "target_table": "o", "join_condition": "o.tid = t.id",
                      "construction": {"type": "array", "select_columns": {"k": "o.k"}, "order_by": "o.k DESC", "limit": 5, "target_alias": "oo"}}},
            {"name": "d", "type": "S", "source_table": "t", "source_column": "c",
             "calculation": {"type": "case", "cases": [{"when": "c = 1", "then": "'one'"}], "else": "'many'"}},
            {"name": "e", "type": "S", "source_table": "t", "source_column": "ts",
             "transformation": {"type": "date-format", "format": "YYYY-MM-DD", "source_format": "epoch_ms"}},
            {"name": "f", "type": "S", "source_table": "t", "source_column": "x", "transformation": {"type": "static", "value": "X"}},
            {"name": "g", "type": "N", "source_table": "t", "source_column": "x",
             "join": {"type": "multi-column", "target_table": "m", "join_conditions": ["m.a = t.a", "m.b = t.b"], "select_column": "m.v"}}
          ]}]}
        """)
        XCTAssertEqual(engine.diagnostics.map(\.message), [])
        let t = try XCTUnwrap(ast?.tables.first)
        XCTAssertEqual(t.filter?.value, "deleted_at IS NULL")
        XCTAssertEqual(t.write?.mode?.value, .ifNewer)
        XCTAssertEqual(t.incremental?.bookmarkAttribute?.value, "updated_at")
        XCTAssertEqual(t.gsis.first?.projection?.value, .include)
        XCTAssertNil(t.gsis.first?.sk)
        let attrs = try XCTUnwrap(t.attributes)
        guard case .multiple(let cols, _) = attrs[0].sourceColumn else { return XCTFail("array source_column") }
        XCTAssertEqual(cols.map(\.value), ["x", "y"])
        guard case let .concat(concat)? = attrs[0].calculation else { return XCTFail("concat") }
        XCTAssertEqual(concat.separator?.value, "#")
        XCTAssertEqual(concat.parts.count, 0, "the source_column array gives the parts")
        guard case let .chain(chain)? = attrs[1].join else { return XCTFail("chain") }
        XCTAssertEqual(chain.hops.map { $0.joinAlias?.value }, ["p1", "p2"])
        XCTAssertEqual(chain.separator?.value, "/")
        guard case let .jsonConstruction(j)? = attrs[2].join, case let .array(array) = j.construction else { return XCTFail("array") }
        XCTAssertEqual(array.limit?.value, 5)
        XCTAssertEqual(array.targetAlias?.value, "oo", "target_alias inside construction is the array's")
        XCTAssertEqual(array.orderBy.map { "\($0.expression.value) \($0.descending)" }, ["o.k true"])
        guard case let .case(caseCalc)? = attrs[3].calculation else { return XCTFail("case") }
        XCTAssertEqual(caseCalc.arms.first?.then.value, "'one'")
        XCTAssertEqual(caseCalc.elseValue?.value, "'many'")
        guard case let .dateFormat(_, source)? = attrs[4].transformation else { return XCTFail("date-format") }
        XCTAssertEqual(source, .epochMs)
        guard case let .static(value)? = attrs[5].transformation else { return XCTFail("static") }
        XCTAssertEqual(value.value, "X")
        guard case let .multiColumn(multi)? = attrs[6].join else { return XCTFail("multi-column") }
        XCTAssertEqual(multi.joinConditions.count, 2)
    }

    func testDocumentLevelErrors() {
        let (ast, engine) = parseContract("\"tables\"")
        XCTAssertNotNil(ast)
        assertDiagnostic(engine, code: "wrong-type", at: "1:1")
        let (a2, e2) = parseContract("{\"tables\": [1, {\"table\": \"T\"}]}")
        XCTAssertEqual(a2?.tables.count, 1)
        XCTAssertTrue(e2.diagnostics.contains { $0.message == "each table must be an object, found number" && lc($0.location) == "1:13" })
        let (a3, e3) = parseContract("{\"tables\": [}")
        XCTAssertNil(a3)
        XCTAssertEqual(e3.diagnostics.count, 1)
    }

    /// Tables are decoded while the reader reads (ContractParser.parse): what a table's decoding
    /// reports is held back until the whole file is JSON, so a syntax error after it is reported
    /// alone, as when the decoder never ran.
    func testASyntaxErrorAfterADecodedTableIsReportedAlone() {
        let (ast, engine) = parseContract("""
        {"tables": [{"table": 5, "type": "sideways"}, {"table": "T2"}], "extra": }
        """)
        XCTAssertNil(ast)
        XCTAssertEqual(engine.diagnostics.map(\.code), ["json-syntax"], "\(engine.diagnostics.map(\.message))")
    }

    /// Only the root object's first "tables" is the table array: a second one is a duplicate key,
    /// reported once and not decoded; a "tables" inside a table is an unknown key of that table.
    func testOnlyTheFirstTablesArrayOfTheRootIsDecoded() throws {
        let (ast, engine) = parseContract("""
        {"tables": [{"table": "T", "type": "single-entity", "source_table": "t", "pk": "id", "sk": null,
          "satisfies": ["AP1"], "estimated_item_size_bytes": 10, "attributes": [], "tables": [7]}],
         "tables": [{"table": 5}]}
        """)
        XCTAssertEqual(ast?.tables.count, 1)
        XCTAssertEqual(ast?.tables.first?.name?.value, "T")
        assertDiagnostic(engine, code: "duplicate-key", at: "3:2")
        XCTAssertEqual(engine.errorCount, 1, "\(engine.diagnostics.map(\.message))")
        XCTAssertTrue(engine.diagnostics.contains { $0.severity == .warning && $0.message.contains("unknown key 'tables'") && lc($0.location) == "2:76" },
                      "\(engine.diagnostics.map { "\(lc($0.location)) \($0.message)" })")
    }

    /// Every table's declaration is the same whether the reader hands tables over as it reads
    /// them or not: decoding each element of a tree read whole gives the same declarations and
    /// diagnostics (the modernizer's contract and a contract with mistakes in several tables).
    func testTablesDecodedWhileReadingEqualTablesDecodedFromTheWholeTree() throws {
        let texts = [ModernizerFixture.contract, """
        [{"table": "A", "type": "single-entity", "pk": 1}, 7, {"table": "B", "type": "multi", "entities": {}},
         {"table": "C", "typo": true, "attributes": [{"name": "x", "type": "Q"}]}]
        """]
        for text in texts {
            let (streamed, streamedEngine) = parseContract(text)
            let wholeEngine = DiagnosticEngine()
            let tree = try XCTUnwrap(JSONReader.read(bytes: Array(text.utf8), file: "c.json", diagnostics: wholeEngine))
            let decoder = ContractDecoder(diagnostics: wholeEngine)
            let elements: [JSONValue] = (tree.arrayElements ?? tree["tables"]?.arrayElements).map(Array.init) ?? []
            let tables = elements.enumerated().compactMap { decoder.decodeTable($0.element, index: $0.offset) }
            let whole = ContractAST(decoder.decodeDocument(tree, file: "c.json"), tables: tables)
            XCTAssertEqual(streamed.map { String(describing: $0) }, String(describing: whole))
            XCTAssertEqual(streamedEngine.sorted.map { "\(lc($0.location)) \($0.message)" },
                           wholeEngine.sorted.map { "\(lc($0.location)) \($0.message)" })
        }
    }
}
