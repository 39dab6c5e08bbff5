import AWS
import Backends
import Foundation
import MigrationTarget
@testable import Operations
import Validation
import XCTest

/// `report`'s figures from hand-made inputs in the run-local folder layout: a load run with
/// dead letters and progress, a replay of it (replay-contract.md), a validation document.
final class ReportModelTests: XCTestCase {
    var folder: URL!

    static let manifestTable = #"""
    {"name": "Users", "arn": "arn:aws:dynamodb:us-east-1:123456789012:table/Users", "view": "ddb_users_view",
     "write_mode": "if-absent", "partition_key": {"name": "PK", "type": "S"}, "sort_key": {"name": "SK", "type": "S"},
     "attributes": [{"name": "PK", "type": "S"}, {"name": "SK", "type": "S"}, {"name": "expires_at", "type": "N"},
                    {"name": "GSI1PK", "type": "S"}, {"name": "GSI1SK", "type": "S"}],
     "global_secondary_indexes": [{"name": "GSI1", "partition_key": {"name": "GSI1PK", "type": "S"},
                                   "sort_key": {"name": "GSI1SK", "type": "S"}, "projection": "ALL", "projected_attributes": []},
                                  {"name": "GSI2", "partition_key": {"name": "GSI1SK", "type": "S"}, "sort_key": null,
                                   "projection": "KEYS_ONLY", "projected_attributes": []}]}
    """#

    var shape: TargetTable {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return try! d.decode(TargetTable.self, from: Data(Self.manifestTable.utf8))
    }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-tests-\(UUID().uuidString)")
        let reports = "Users/reports/Users/", dead = "Users/dead-letters/Users/"
        try write(reports + "r1.json", summary(run: "r1", started: "10:00:00", finished: "10:00:10", read: 103, written: 100, dead: 3,
                                               reasons: #"{"missing-key": 1, "invalid-json": 2}"#, units: 200))
        try write(reports + "r1/progress/part-00000.json", part(run: "r1", partition: 0, at: "10:00:04", written: 49, dead: 1))
        try write(reports + "r1/progress/part-00001.json", part(run: "r1", partition: 1, at: "10:00:08", written: 51, dead: 2))
        try write(reports + "r1/progress/driver.json", #"{"progress_version": 1, "table": "Users", "run_id": "r1", "phase": "finished"}"#)
        try write(reports + "high-water-mark.json", #"{"hwm_version": 1}"#)
        try write(dead + "r1/part-00000.jsonl", [
            letter(run: "r1", reason: "missing-key", detail: "PK is NULL", pk: nil, partition: 7),
            letter(run: "r1", reason: "invalid-json", detail: "profile: not JSON", pk: "USER#8", partition: 8),
        ].joined(separator: "\n") + "\n")
        try write(dead + "r1/part-00001.jsonl", letter(run: "r1", reason: "invalid-json", detail: "<script>alert(1)</script>", pk: "USER#9", partition: 9) + "\n")
        // The replay: USER#8 written, USER#9 dead-lettered again, the keyless row gone from the view.
        try write(reports + "replay-20260101T100500000Z.json",
                  summary(run: "replay-20260101T100500000Z", started: "10:05:00", finished: "10:05:02", read: 2, written: 1, dead: 1,
                          reasons: #"{"invalid-json": 1}"#, units: 2, extra: #", "kind": "replay", "replay_of": "r1""#))
        try write(reports + "replay-20260101T100500000Z/replayed.jsonl", [
            #"{"source_run": "r1", "source_reason": "missing-key", "entity": "USER", "partition_key": 7, "key": null, "outcome": "not-found"}"#,
            #"{"source_run": "r1", "source_reason": "invalid-json", "entity": "USER", "partition_key": 8, "key": {"PK": {"S": "USER#8"}, "SK": {"S": "META"}}, "outcome": "written"}"#,
            #"{"source_run": "r1", "source_reason": "invalid-json", "entity": "USER", "partition_key": 9, "key": {"PK": {"S": "USER#9"}, "SK": {"S": "META"}}, "outcome": "dead-lettered"}"#,
        ].joined(separator: "\n") + "\n")
        try write(dead + "replay-20260101T100500000Z/part-00000.jsonl",
                  letter(run: "replay-20260101T100500000Z", reason: "invalid-json", detail: "<script>alert(1)</script>", pk: "USER#9", partition: 9) + "\n")
        try writeValidation(run: "val-1", finished: "2026-01-01T10:06:00Z", missing: 0)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    // MARK: inputs

    func write(_ path: String, _ text: String) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func summary(run: String, started: String, finished: String, read: Int, written: Int, skipped: Int = 0, dead: Int,
                 reasons: String, units: Double, hwm: String = "null", status: String = "succeeded", extra: String = "") -> String {
        #"{"summary_version": 1, "table": "Users", "view": "ddb_users_view", "run_id": "\#(run)", "status": "\#(status)", "#
            + #""started_at": "2026-01-01T\#(started)Z", "finished_at": "2026-01-01T\#(finished)Z", "write_mode": "if-absent", "partitions": 2, "#
            + #""counters": {"read": \#(read), "written": \#(written), "skipped": \#(skipped), "dead_lettered": \#(dead), "throttled_retries": 3}, "#
            + #""consumed_write_units": \#(units), "dead_letter_reasons": \#(reasons), "dead_letter_prefix": "x", "#
            + #""high_water_mark": \#(hwm), "error": null, "partition_errors": []\#(extra)}"#
    }

    func part(run: String, partition: Int, at: String, written: Int, dead: Int) -> String {
        #"{"progress_version": 1, "table": "Users", "run_id": "\#(run)", "partition": \#(partition), "updated_at": "2026-01-01T\#(at)Z", "#
            + #""done": true, "counters": {"read": \#(written + dead), "written": \#(written), "skipped": 0, "dead_lettered": \#(dead)}, "#
            + #""consumed_write_units": \#(written * 2), "throttled_retries": 0}"#
    }

    func letter(run: String, reason: String, detail: String, pk: String?, partition: Int) -> String {
        let pkJSON = pk.map { "\"\($0)\"" } ?? "null"
        return #"{"table": "Users", "run_id": "\#(run)", "reason": "\#(reason)", "detail": "\#(detail)", "attempts": 1, "last_error": null, "#
            + #""row": {"_entity_type": "USER", "_partition_key": \#(partition), "PK": \#(pkJSON), "SK": "META", "email": "secret@example.com"}}"#
    }

    func writeValidation(run: String, finished: String, missing: Int) throws {
        let m = TableMeasurement(table: "Users", viewRows: 102, excludedRows: .init(count: 1, byReason: ["invalid-json": 1]),
                                 expectedItems: 101, items: 101 - missing, matched: 101 - missing,
                                 missingKeys: .init(count: missing, examples: []), unexpectedKeys: .init(count: 0, examples: []),
                                 attributeMismatches: .init(count: 0, compared: 101 - missing, examples: []), gsis: [], entities: [],
                                 sample: .init(size: 101 - missing, full: true))
        let books = Accounting(runs: [.init(runId: "r1", status: "succeeded", read: 103, written: 100, skipped: 0, deadLettered: 3,
                                            deadLetterReasons: ["missing-key": 1, "invalid-json": 2])])
        let verdict = TableVerdict(measurement: m, accounting: books, minScore: 100)
        let doc = ValidationDocument(run: run, on: "local", startedAt: finished, finishedAt: finished, seed: 1, minScore: 100, tables: [verdict])
        try write("validation/\(run).json", String(decoding: try JSONEncoder().encode(doc), as: UTF8.self))
    }

    func load() throws -> ReportInputs {
        let store = FolderReportStore(root: folder)
        let manifest = try manifestWithUsers()
        let loader = ReportLoader(store: store, manifest: manifest)
        var result: Result<ReportInputs, Error>!
        let done = expectation(description: "loaded")
        Task { do { result = .success(try await loader.load()) } catch { result = .failure(error) }; done.fulfill() }
        wait(for: [done], timeout: 30)
        return try result.get()
    }

    func manifestWithUsers() throws -> Manifest {
        let text = #"{"manifest_version": 1, "tool": "ddb-migrate", "region": "us-east-1", "account_id": "123456789012", "contract": {"file": "c.json", "sha256": "x"}, "views": {"dialect": "mariadb", "minimum_server": "MariaDB 10.5.0"}, "#
            + #""s3": {"bucket": "b", "scripts_prefix": "s/", "temp_prefix": "t/", "dead_letter_prefix": "d/", "reports_prefix": "r/"}, "#
            + #""iam": {"role_name": "r", "role_arn": "a", "trust_policy": "t", "policy_name": "p", "policy": "p"}, "glue_connection": "g", "#
            + #""artifacts": [], "jobs": [], "tables": [\#(Self.manifestTable)]}"#
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return try d.decode(Manifest.self, from: Data(text.utf8))
    }

    let context = ReportModel.Context(directory: "out", config: "my config.json", runsFolder: "work")

    // MARK: tests

    func testFiguresAreExact() throws {
        let model = ReportModel(try load(), context: context)
        let t = try XCTUnwrap(model.tables.first)
        XCTAssertEqual(t.runs, 2)
        XCTAssertEqual([t.read, t.written, t.skipped, t.deadLettered], [105, 101, 0, 4])
        XCTAssertEqual(t.deadLetterReasons, ["missing-key": 1, "invalid-json": 3])
        XCTAssertEqual(t.durationS, 12)
        XCTAssertEqual(t.itemsPerS, 8.75)            // 105 / 12
        // r1: (0, 0), (4 s, 50), (8 s, 103), (10 s, 103): 50/4 = 12.5, 53/4 = 13.25, 0.
        XCTAssertEqual(t.peakItemsPerS, 13.25)
        XCTAssertEqual(t.writeUnits, 202)
        XCTAssertEqual(t.writeUnitsPerItem, 2)
        XCTAssertEqual(t.costUSD, 0.000126)          // 202 × 0.625 / 10^6 = 0.00012625
        XCTAssertEqual(t.throttledRetries, 6)
        XCTAssertEqual(t.score, 100)
        XCTAssertEqual(t.verdict, "passed")
        XCTAssertFalse(t.validationStale)
        XCTAssertEqual(t.throughput.map(\.done), [0, 50, 103, 103, 0, 2])
        XCTAssertEqual(t.throughput.map(\.tS), [0, 4, 8, 10, 10, 12])
        XCTAssertEqual(t.runList.map(\.kind), ["load", "replay"])
        XCTAssertEqual(t.runList[1].replayOf, "r1")
        XCTAssertEqual(model.generatedAt, "2026-01-01T10:05:02Z")
        XCTAssertEqual(model.summary, ["Users: 101 items migrated in 12 s, integrity 100/100; 1 row could not be migrated yet (see Errors)."])
        XCTAssertEqual(model.totals.unresolvedDeadLetters, 1)
    }

    func testResolutionByALaterReplay() throws {
        let model = ReportModel(try load(), context: context)
        let groups = Dictionary(uniqueKeysWithValues: model.errors.map { ($0.reason, $0) })
        let missing = try XCTUnwrap(groups["missing-key"])
        XCTAssertEqual([missing.count, missing.resolved, missing.unresolved], [1, 1, 0], "not-found resolves it (by _partition_key)")
        XCTAssertEqual(missing.status, "resolved")
        XCTAssertEqual(missing.commands, [])
        let json = try XCTUnwrap(groups["invalid-json"])
        XCTAssertEqual([json.count, json.resolved, json.unresolved], [3, 1, 2], "USER#8 written; USER#9 dead-lettered again, in both runs")
        XCTAssertEqual(json.commands, [
            "ddb-migrate replay out --config 'my config.json' --mysql \"$MYSQL_URL\" --table Users --run r1 --runs work --dynamodb-endpoint \"$DYNAMODB_ENDPOINT\"",
            "ddb-migrate replay out --config 'my config.json' --mysql \"$MYSQL_URL\" --table Users --run replay-20260101T100500000Z --runs work --dynamodb-endpoint \"$DYNAMODB_ENDPOINT\"",
        ])
        // Unresolved first; keys only, never the row's other values.
        XCTAssertEqual(json.examples.map(\.resolved), [false, false, true])
        XCTAssertEqual(json.examples.first?.key, ["PK": .s("USER#9"), "SK": .s("META")])
        XCTAssertEqual(json.examples.first?.partitionKey, "9")
        let rendered = try ReportJSON.render(model) + Data(ReportMarkdown.render(model).utf8) + Data(ReportHTML.render(model).utf8)
        XCTAssertFalse(String(decoding: rendered, as: UTF8.self).contains("secret@example.com"))
    }

    func testResolutionByALaterCompleteRunOnly() throws {
        var inputs = try load()
        func with(hwm: RunSummary.HighWaterMark?, status: String = "succeeded", letters: [DeadLetter] = []) -> Int {
            var copy = inputs
            let s = RunSummary(status: status, counters: .init(read: 1, written: 1, skipped: 0, deadLettered: 0),
                               startedAt: "2026-01-01T11:00:00Z", finishedAt: "2026-01-01T11:00:01Z", highWaterMark: hwm)
            copy.tables[0].runs.append(ReportInputs.Run(runId: "r2", summary: s, deadLetters: letters))
            return ReportModel(copy, context: context).totals.unresolvedDeadLetters
        }
        XCTAssertEqual(with(hwm: .init(attribute: "updated_at", full: false)), 1, "an incremental run did not read the row")
        XCTAssertEqual(with(hwm: .init(attribute: "updated_at", full: true), status: "failed"), 1, "a failed run settles nothing")
        XCTAssertEqual(with(hwm: .init(attribute: "updated_at", full: true)), 0, "a full run without the dead letter settles it")
        XCTAssertEqual(with(hwm: nil), 0, "a table without a bookmark reads every row each run")
        let again = DeadLetter(reason: "invalid-json", detail: "x", entity: "USER", partitionKey: "9", key: ["PK": .s("USER#9"), "SK": .s("META")])
        XCTAssertEqual(with(hwm: nil, letters: [again]), 1, "the same row dead-lettered again stays unresolved")
        // A replay earlier than the run settles nothing of it.
        inputs.tables[0].runs[1].summary.startedAt = "2026-01-01T09:00:00Z"
        XCTAssertEqual(ReportModel(inputs, context: context).totals.unresolvedDeadLetters, 3)
    }

    func testRecommendations() throws {
        let model = ReportModel(try load(), context: context, hotKeys: ["Users": [HotKey(value: "USER#1", items: 50), HotKey(value: "USER#2", items: 3)]])
        let byKind = Dictionary(grouping: model.recommendations, by: \.kind)
        let capacity = try XCTUnwrap(byKind["capacity-mode"]?.first?.text)
        // Peak 13.25 items/s × 2 WCU = 26.5 → 27 WCU; provisioned 27 × 1 h × $0.00065 = $0.017550 > on demand.
        XCTAssertTrue(capacity.contains("peaked at 27 WCU/s"), capacity)
        XCTAssertTrue(capacity.contains("would cost $0.02"), capacity)
        XCTAssertTrue(capacity.contains("Recommendation: on-demand"), capacity)
        XCTAssertTrue(capacity.contains("6 writes were throttled"), capacity)
        let hot = try XCTUnwrap(byKind["hot-partition-keys"]?.first?.text)
        // 50 of 101 items: 49.5 % of 26.5 WCU/s = 13.1; the limit at 1000 / 0.495 = 2,020 WCU/s.
        XCTAssertTrue(hot.contains("49.5 % of the 101 items"), hot)
        XCTAssertTrue(hot.contains("received 13.1 WCU/s"), hot)
        XCTAssertTrue(hot.contains("written at 2,020 WCU/s"), hot)
        XCTAssertEqual(byKind["gsi-projection"]?.map(\.text).count, 1, "GSI2 is KEYS_ONLY already")
        XCTAssertTrue(byKind["gsi-projection"]![0].text.hasPrefix("GSI1 projects ALL"))
        XCTAssertTrue(byKind["ttl"]![0].text.contains("AttributeName=expires_at"))
        XCTAssertNil(byKind["oversize-items"])
        XCTAssertTrue(model.hotKeysChecked)
        let unchecked = ReportModel(try load(), context: context)
        XCTAssertEqual(unchecked.recommendations.first { $0.kind == "hot-partition-keys" }?.text,
                       "Not checked: give --mysql URL to count the view's items per PK value.")
    }

    func testEscapingAndSelfContainedHTML() throws {
        XCTAssertEqual(htmlEscape(#"<script>alert("x") & 'y'</script>"#),
                       "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;")
        let model = ReportModel(try load(), context: context)
        let html = ReportHTML.render(model)
        XCTAssertFalse(html.contains("<script"), "the detail is escaped")
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertFalse(html.contains("http://"))
        XCTAssertEqual(html.components(separatedBy: "<svg data-chart=\"throughput\" data-table=\"Users\"").count, 2)
        XCTAssertTrue(html.contains(">written 101 · skipped 0 · dead-lettered 4</text>"))
        XCTAssertTrue(html.contains(">unresolved 2 · resolved 1</text>"))
        let md = ReportMarkdown.render(model)
        XCTAssertFalse(md.contains("<script"))
        XCTAssertEqual(markdownEscape("a|b\nc"), "a\\|b c")
        XCTAssertEqual(markdownEscape("<b>'x' & y</b>"), "&lt;b&gt;'x' &amp; y&lt;/b&gt;")
    }

    func testDeterministic() throws {
        let a = try MigrationReport.render(ReportModel(try load(), context: context), format: .all)
        let b = try MigrationReport.render(ReportModel(try load(), context: context), format: .all)
        XCTAssertEqual(a.map(\.name), ["report.md", "report.json", "report.html"])
        XCTAssertEqual(a.map(\.data), b.map(\.data))
        let json = try JSONSerialization.jsonObject(with: a[1].data) as! [String: Any]
        XCTAssertEqual(json["report_version"] as? Int, 1)
        let table = (json["tables"] as! [[String: Any]])[0]
        for field in ["table", "runs", "read", "written", "skipped", "dead_lettered", "dead_letter_reasons", "duration_s",
                      "items_per_s", "write_units", "cost_usd", "score"] {
            XCTAssertNotNil(table[field], field)
        }
        XCTAssertNotNil(json["totals"])
    }

    func testLatestValidationAndStaleness() throws {
        try writeValidation(run: "val-0", finished: "2026-01-01T10:01:00Z", missing: 5)
        XCTAssertEqual(ReportModel(try load(), context: context).tables[0].validationRun, "val-1", "the newest document wins")
        try writeValidation(run: "val-2", finished: "2026-01-01T10:03:00Z", missing: 1)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("validation/val-1.json"))
        let t = ReportModel(try load(), context: context).tables[0]
        XCTAssertEqual(t.validationRun, "val-2")
        XCTAssertEqual(t.score, 99)
        XCTAssertEqual(t.verdict, "failed")
        XCTAssertTrue(t.validationStale, "validated before the replay finished")
        // Compared as instants: the job may write fractional seconds, validate does not.
        var inputs = try load()
        inputs.tables[0].validation?.finishedAt = "2026-01-01T10:05:02Z"
        inputs.tables[0].runs[1].summary.finishedAt = "2026-01-01T10:05:02.500Z"
        XCTAssertTrue(ReportModel(inputs, context: context).tables[0].validationStale)
        inputs.tables[0].runs[1].summary.finishedAt = "2026-01-01T10:05:01.500Z"
        XCTAssertFalse(ReportModel(inputs, context: context).tables[0].validationStale)
    }

    /// Two validations in one second (the report's e2e test once ran validate, replay and
    /// validate again within one, and the report took the first document, by its random run
    /// id): validate writes milliseconds, and the newest is found by instant, also against a
    /// document of an earlier version written in whole seconds (as text "…:00Z" sorts after
    /// "…:00.500Z").
    func testTheNewestValidationIsFoundByInstantNotByText() throws {
        XCTAssertEqual(Validator.timestamp(Date(timeIntervalSince1970: 1.25)), "1970-01-01T00:00:01.250Z")
        try writeValidation(run: "val-20260101T100700Z-ffff", finished: "2026-01-01T10:07:00Z", missing: 5)
        try writeValidation(run: "val-20260101T100700Z-0000", finished: "2026-01-01T10:07:00.500Z", missing: 1)
        XCTAssertEqual(ReportModel(try load(), context: context).tables[0].validationRun, "val-20260101T100700Z-0000")
    }

    func testBadInputIsRefused() throws {
        try FileManager.default.removeItem(at: folder.appendingPathComponent("validation"))
        XCTAssertThrowsError(try load()) { XCTAssertTrue("\($0)".contains("no validation of table Users"), "\($0)") }
        try writeValidation(run: "val-1", finished: "2026-01-01T10:06:00Z", missing: 0)
        try write("Users/dead-letters/Users/r1/part-00002.jsonl", "{\"no reason\": 1}\n")
        XCTAssertThrowsError(try load()) { XCTAssertTrue("\($0)".contains("part-00002.jsonl line 1 is not a dead letter"), "\($0)") }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("Users/dead-letters/Users/r1/part-00002.jsonl"))
        try write("Users/reports/Users/r1.json", "{")
        XCTAssertThrowsError(try load()) { XCTAssertTrue("\($0)".contains("r1.json is not a run summary"), "\($0)") }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("Users"))
        XCTAssertThrowsError(try load()) { XCTAssertTrue("\($0)".contains("has no run summary yet"), "\($0)") }
    }

    func testFormats() {
        XCTAssertEqual(ReportFormat.count(1_234_567), "1,234,567")
        XCTAssertEqual(ReportFormat.count(450_000), "450,000")
        XCTAssertEqual(ReportFormat.duration(7_800), "2 h 10 min")
        XCTAssertEqual(ReportFormat.duration(185), "3 min 5 s")
        XCTAssertEqual(ReportFormat.duration(0.2), "under 1 s")
        XCTAssertEqual(ReportFormat.score(99.5), "99.5")
        XCTAssertEqual(ReportFormat.usd(0.00012625), "$0.000126")
        XCTAssertEqual(ReportActions.shellQuote("it's"), "'it'\\''s'")
    }
}
