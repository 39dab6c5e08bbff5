import AWS
import Foundation
import XCTest
@testable import Validation

/// The score formula, the accounting rules and the document's shape (docs/VALIDATE.md).
final class VerdictTests: XCTestCase {
    func measurement(expected: Int = 1000, matched: Int? = nil, missing: Int = 0, unexpected: Int = 0, mismatched: Int = 0,
                     compared: Int? = nil, gsis: [GSIMeasurement] = []) -> TableMeasurement {
        let m = matched ?? expected - missing
        return TableMeasurement(
            table: "Users", viewRows: expected, excludedRows: ExcludedRows(count: 0, byReason: [:]), expectedItems: expected,
            items: m + unexpected, matched: m,
            missingKeys: KeyList(count: missing, examples: []), unexpectedKeys: KeyList(count: unexpected, examples: []),
            attributeMismatches: AttributeMismatches(count: mismatched, compared: compared ?? m, examples: []),
            gsis: gsis, entities: [], sample: SampleInfo(size: compared ?? m, full: compared == nil))
    }

    func testCleanTableScoresExactly100() {
        XCTAssertEqual(IntegrityScore(measurement()).score, 100)
        XCTAssertEqual(IntegrityScore(measurement()).terms.discrepancies, 0)
    }

    func testEachDiscrepancyWeighsOneItem() {
        let s = IntegrityScore(measurement(expected: 1000, missing: 3, unexpected: 1, mismatched: 2))
        XCTAssertEqual(s.terms, IntegrityScore.Terms(missing: 3, unexpected: 1, mismatched: 2, gsi: 0, discrepancies: 6))
        XCTAssertEqual(s.score, 99.4)
    }

    func testAnyDiscrepancyIsBelow100() {
        // 1 in 1,000,000 would round to 100.00: the formula caps at 99.99.
        XCTAssertEqual(IntegrityScore(measurement(expected: 1_000_000, missing: 1)).score, 99.99)
    }

    func testSampledMismatchesAreScaledToTheMatchedItems() {
        // 2 of 1,000 compared differ; 100,000 matched: ⌈2 × 100000 / 1000⌉ = 200.
        let s = IntegrityScore(measurement(expected: 100_000, mismatched: 2, compared: 1000))
        XCTAssertEqual(s.terms.mismatched, 200)
        XCTAssertEqual(s.score, 99.8)
        // Rounded up: 1 of 3 compared over 10 matched is ⌈10/3⌉ = 4, never 3.
        XCTAssertEqual(IntegrityScore(measurement(expected: 10, mismatched: 1, compared: 3)).terms.mismatched, 4)
    }

    func testGSITermCountsBothDirectionsAndQueryFailures() {
        let gsis = [GSIMeasurement(index: "GSI1", expected: 10, present: 10, actual: 9, queried: 10, queryFailures: 1),
                    GSIMeasurement(index: "GSI2", expected: 5, present: 5, actual: 7, queried: 5, queryFailures: 0)]
        XCTAssertEqual(IntegrityScore(measurement(expected: 100, gsis: gsis)).terms.gsi, 3, "max(1, 1) + max(2, 0)")
        // A query failure the count does not show (an item indexed under the wrong key) counts.
        let wrongKey = [GSIMeasurement(index: "GSI1", expected: 10, present: 10, actual: 10, queried: 10, queryFailures: 1)]
        XCTAssertEqual(IntegrityScore(measurement(expected: 100, gsis: wrongKey)).terms.gsi, 1)
        // An item missing from the table is missing from its index too: counted once, as missing.
        let missingOne = [GSIMeasurement(index: "GSI1", expected: 10, present: 9, actual: 9, queried: 9, queryFailures: 0)]
        XCTAssertEqual(IntegrityScore(measurement(expected: 100, missing: 1, gsis: missingOne)).terms,
                       IntegrityScore.Terms(missing: 1, unexpected: 0, mismatched: 0, gsi: 0, discrepancies: 1))
    }

    func testScoreFloorsAtZeroAndAnEmptyTableWithStrayItemsScoresZero() {
        XCTAssertEqual(IntegrityScore(measurement(expected: 10, unexpected: 50)).score, 0)
        XCTAssertEqual(IntegrityScore(measurement(expected: 0, unexpected: 1)).score, 0)
        XCTAssertEqual(IntegrityScore(measurement(expected: 0)).score, 100)
    }

    func testAccountingBalancesPerRunAndByReason() {
        let good = Accounting.Run(runId: "jr_1", status: "succeeded", read: 10, written: 7, skipped: 1, deadLettered: 2,
                                  deadLetterReasons: ["missing-key": 2])
        XCTAssertNil(good.imbalance)
        let lost = Accounting.Run(runId: "jr_2", status: "succeeded", read: 10, written: 7, skipped: 1, deadLettered: 1,
                                  deadLetterReasons: ["missing-key": 2])
        XCTAssertEqual(lost.imbalance, "jr_2: read 10 ≠ written 7 + skipped 1 + dead-lettered 1; dead letters by reason add up to 2, not 1")
        let a = Accounting(runs: [lost, good])
        XCTAssertFalse(a.balanced)
        XCTAssertEqual(a.runs, 2)
        XCTAssertEqual(a.read, 20)
        XCTAssertEqual(a.deadLetterReasons, ["missing-key": 4])
        XCTAssertEqual(a.unbalancedRuns.count, 1)
        XCTAssertTrue(Accounting(runs: [good]).balanced)
        XCTAssertFalse(Accounting(runs: []).balanced, "no summary: nothing shows the table was migrated")
    }

    func testVerdictNeedsScoreAndBalancedBooks() {
        let books = Accounting(runs: [Accounting.Run(runId: "jr_1", status: nil, read: 1000, written: 1000, skipped: 0, deadLettered: 0,
                                                     deadLetterReasons: [:])])
        XCTAssertTrue(TableVerdict(measurement: measurement(), accounting: books, minScore: 100).passed)
        XCTAssertFalse(TableVerdict(measurement: measurement(missing: 1), accounting: books, minScore: 100).passed)
        XCTAssertTrue(TableVerdict(measurement: measurement(missing: 1), accounting: books, minScore: 99.9).passed)
        XCTAssertFalse(TableVerdict(measurement: measurement(), accounting: Accounting(runs: []), minScore: 0).passed)
    }

    func testDocumentIsOneFlatObjectPerTableWithExplicitNulls() throws {
        var m = measurement(mismatched: 1)
        m.attributeMismatches.examples = [AttributeMismatch(key: ["PK": .s("USER#1")], attribute: "email", expected: .s("a@b"), actual: nil)]
        let verdict = TableVerdict(measurement: m, accounting: Accounting(runs: []), minScore: 100)
        let doc = ValidationDocument(run: "val-1", on: "local", startedAt: "t0", finishedAt: "t1", seed: 1, minScore: 100, tables: [verdict])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: encoder.encode(doc)) as? [String: Any])
        XCTAssertEqual(json["validation_version"] as? Int, 1)
        XCTAssertEqual(json["passed"] as? Bool, false)
        let table = try XCTUnwrap((json["tables"] as? [[String: Any]])?.first)
        for field in ["table", "view_rows", "excluded_rows", "expected_items", "items", "matched", "missing_keys", "unexpected_keys",
                      "attribute_mismatches", "gsis", "entities", "sample", "accounting", "score", "score_terms", "passed"] {
            XCTAssertNotNil(table[field], field)
        }
        let example = try XCTUnwrap(((table["attribute_mismatches"] as? [String: Any])?["examples"] as? [[String: Any]])?.first)
        XCTAssertTrue(example["actual"] is NSNull, "an absent side is an explicit null")
        XCTAssertEqual((example["expected"] as? [String: String])?["S"], "a@b")
        // A measurement (what the Glue job writes) decodes into the same type.
        let back = try JSONDecoder().decode(TableMeasurement.self, from: JSONEncoder().encode(m))
        XCTAssertEqual(back, m)
    }

    /// `report` reads stored documents back: the same tables, score and verdict as written; a
    /// stated score is kept, not recomputed; another validation_version is refused.
    func testStoredDocumentDecodesAsWritten() throws {
        let books = Accounting(runs: [.init(runId: "r1", status: "succeeded", read: 998, written: 998, skipped: 0, deadLettered: 0, deadLetterReasons: [:])])
        let doc = ValidationDocument(run: "val-1", on: "glue", startedAt: "t0", finishedAt: "t1", seed: 7, minScore: 99,
                                     tables: [TableVerdict(measurement: measurement(missing: 2), accounting: books, minScore: 99)])
        let data = try JSONEncoder().encode(doc)
        let back = try JSONDecoder().decode(ValidationDocument.self, from: data)
        XCTAssertEqual(back.tables, doc.tables)
        XCTAssertEqual([back.run, back.on, back.startedAt, back.finishedAt], ["val-1", "glue", "t0", "t1"])
        XCTAssertEqual(back.seed, 7)
        XCTAssertEqual(back.minScore, 99)
        XCTAssertEqual(back.tables[0].integrity.score, 99.8)
        XCTAssertTrue(back.tables[0].passed)
        let stated = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"score\":99.8", with: "\"score\":42")
        XCTAssertEqual(try JSONDecoder().decode(ValidationDocument.self, from: Data(stated.utf8)).tables[0].integrity.score, 42)
        // A document written before `replay` existed has no accounting.replays: none were replays
        // (found by `make`, whose work folder kept such a document).
        // JSONEncoder's key order is not fixed on Linux: the member may be last in its object.
        let older = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"replays\":0,", with: "")
            .replacingOccurrences(of: ",\"replays\":0", with: "")
        XCTAssertFalse(older.contains("\"replays\""))
        XCTAssertEqual(try JSONDecoder().decode(ValidationDocument.self, from: Data(older.utf8)).tables, doc.tables)
        let newer = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"validation_version\":1", with: "\"validation_version\":2")
        XCTAssertThrowsError(try JSONDecoder().decode(ValidationDocument.self, from: Data(newer.utf8))) {
            XCTAssertTrue("\($0)".contains("validation_version 2"), "\($0)")
        }
    }
}

/// Values as both engines write them into a measurement.
final class MeasurementValueTests: XCTestCase {
    func testNumbersAreCanonicalAndSetsSorted() {
        XCTAssertEqual(MeasurementValue.normalized(.n("1.50E+2")), .n("150"))
        XCTAssertEqual(MeasurementValue.normalized(.ns(["10", "-2.5", "9.0", "1E+2", "-0.001", "0"])),
                       .ns(["-2.5", "-0.001", "0", "9", "10", "100"]))
        XCTAssertEqual(MeasurementValue.normalized(.ss(["b", "é", "a", "B"])), .ss(["B", "a", "b", "é"]))
        XCTAssertEqual(MeasurementValue.normalized(.bs([Data([2]), Data([1, 9]), Data([1])])), .bs([Data([1]), Data([1, 9]), Data([2])]))
        XCTAssertEqual(MeasurementValue.normalized(.m(["x": .l([.n("1.0"), .ns(["2", "1"])])])),
                       .m(["x": .l([.n("1"), .ns(["1", "2"])])]))
        XCTAssertEqual(MeasurementValue.normalized(.s("1.0")), .s("1.0"), "text is never touched")
    }
}
