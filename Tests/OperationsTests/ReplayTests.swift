@testable import AWS
import Foundation
import XCTest
@testable import MySQL
@testable import Operations
import Validation

/// `replay`'s pure parts (docs/REPLAY.md): how a dead letter's row is addressed, what a
/// dead-letter file must look like, how a put's answer becomes an outcome, and that
/// replayed.jsonl is the same whatever order the dead letters came in.
final class ReplayTests: XCTestCase {
    private let single = ItemShape(table: "Parcels", view: "ddb_parcels_view", pk: "PK", sk: "SK",
                                   attributes: [.init(name: "PK", type: .S), .init(name: "SK", type: .S), .init(name: "n", type: .N)],
                                   sources: [.init(entity: nil, view: "ddb_parcels_view", columns: ["PK", "SK", "n"], bounds: nil)])
    private let multi = ItemShape(table: "Shop", view: "ddb_shop_view", pk: "PK", sk: "SK",
                                  attributes: [.init(name: "PK", type: .S), .init(name: "SK", type: .N), .init(name: "blob", type: .B)],
                                  entityColumn: "_entity_type",
                                  sources: [.init(entity: "USER", view: "ddb_shop__user_view", columns: ["PK", "SK"], bounds: nil),
                                            .init(entity: "ORDER", view: "ddb_shop__order_view", columns: ["PK", "SK", "blob"], bounds: nil)])

    private func letter(_ line: String, table: String = "Parcels", run: String = "jr_1") throws -> SourceDeadLetter {
        try XCTUnwrap(DeadLetterParser.parse(Data(line.utf8), file: "part-00000.jsonl", table: table, runId: run).first)
    }

    private func row(_ json: String, table: String = "Parcels") throws -> SourceDeadLetter {
        try letter("{\"table\":\"\(table)\",\"run_id\":\"jr_1\",\"reason\":\"invalid-json\",\"row\":\(json)}", table: table)
    }

    // MARK: Addressing

    func testAPartitionKeyAddressesTheRowInItsEntityView() throws {
        guard case let .partitionKey(source, value) = ReplayAddress.of(try row(#"{"_partition_key": 42, "PK": "X"}"#), shape: single) else {
            return XCTFail("a row with a partition key is addressed by it")
        }
        XCTAssertEqual(source, 0)
        XCTAssertEqual(value, .integer(42))
        // BIGINT UNSIGNED arrives as Spark's Decimal, which the job writes as a string.
        guard case let .partitionKey(_, big) = ReplayAddress.of(try row(#"{"_partition_key": "18446744073709551615"}"#), shape: single) else {
            return XCTFail("an unsigned partition key as text")
        }
        XCTAssertEqual(big, .unsigned(UInt64.max))
        guard case let .partitionKey(order, _) = ReplayAddress.of(
            try row(#"{"_entity_type": "ORDER", "_partition_key": 7}"#, table: "Shop"), shape: multi) else {
            return XCTFail("a multi-entity row is addressed in its entity's view")
        }
        XCTAssertEqual(multi.sources[order].view, "ddb_shop__order_view")
    }

    func testWithoutAPartitionKeyTheTableKeyAddressesTheRow() throws {
        guard case let .key(_, conditions, key) = ReplayAddress.of(try row(##"{"_partition_key": null, "PK": "USER#1", "SK": "#META"}"##),
                                                                   shape: single) else {
            return XCTFail("a row with its key attributes is addressed by them")
        }
        XCTAssertEqual(conditions.map(\.column), ["PK", "SK"])
        XCTAssertEqual(conditions.map(\.values), [[.text("USER#1")], [.text("#META")]])
        XCTAssertEqual(key, ["PK": .s("USER#1"), "SK": .s("#META")])

        // N by value (decimals arrive as strings); B decoded, and looked for as bytes or as its text.
        guard case let .key(_, numbered, numberKey) = ReplayAddress.of(
            try row(#"{"_entity_type": "USER", "PK": "U", "SK": "1.50"}"#, table: "Shop"), shape: multi) else {
            return XCTFail("an N key attribute")
        }
        XCTAssertEqual(numberKey["SK"], .n("1.5"))
        XCTAssertEqual(numbered[1].values, [.text("1.5")])
        XCTAssertEqual(ReplayAddress.keyValue(.string("AAE="), type: .B)?.1, [.bytes([0, 1]), .text("AAE=")])
    }

    func testARowWithNeitherIsUnaddressable() throws {
        for (json, shape, table, why) in [
            (#"{"_partition_key": null, "PK": "USER#1"}"#, single, "Parcels", "key attribute 'SK'"),
            (#"{"PK": "", "SK": "x"}"#, single, "Parcels", "key attribute 'PK'"),
            (#"{"_partition_key": 1.5, "PK": null, "SK": "x"}"#, single, "Parcels", "key attribute 'PK'"),
            (#"{"_partition_key": 3}"#, multi, "Shop", "no _entity_type"),
            (#"{"_entity_type": "CART", "_partition_key": 3}"#, multi, "Shop", "'CART' is not among"),
        ] {
            guard case let .unaddressable(detail) = ReplayAddress.of(try row(json, table: table), shape: shape) else {
                XCTFail("\(json) cannot be addressed"); continue
            }
            XCTAssertTrue(detail.contains(why), detail)
        }
    }

    // MARK: Dead-letter files

    func testDeadLetterFilesThatTheJobDidNotWriteAreRefused() {
        let cases: [(String, String)] = [
            ("not json", "is not JSON"),
            ("[1, 2]", "is not a JSON object"),
            (#"{"table": "Parcels", "run_id": "jr_1", "row": {}}"#, "lacks table, run_id, reason or row"),
            (#"{"table": "Parcels", "run_id": "jr_1", "reason": "x", "row": [1]}"#, "lacks table, run_id, reason or row"),
            (#"{"table": "Other", "run_id": "jr_1", "reason": "x", "row": {}}"#, "of table Other, run jr_1"),
            (#"{"table": "Parcels", "run_id": "jr_2", "reason": "x", "row": {}}"#, "changed by hand"),
        ]
        for (line, message) in cases {
            let text = #"{"table": "Parcels", "run_id": "jr_1", "reason": "ok", "row": {}}"# + "\n\n" + line + "\n"
            XCTAssertThrowsError(try DeadLetterParser.parse(Data(text.utf8), file: "part-00003.jsonl", table: "Parcels", runId: "jr_1")) { error in
                let description = "\(error)"
                XCTAssertTrue(description.hasPrefix("part-00003.jsonl:3 "), "names file and line: \(description)")
                XCTAssertTrue(description.contains(message), description)
            }
        }
        XCTAssertThrowsError(try DeadLetterParser.parse(Data([0xff, 0xfe]), file: "p", table: "Parcels", runId: "jr_1"))
    }

    func testDeadLetterNumbersStayExact() throws {
        let l = try row(#"{"_partition_key": 9007199254740993, "n": "12345678901234567890.5"}"#)
        XCTAssertEqual(ReplayJSON(try XCTUnwrap(l.value("_partition_key"))).text, "9007199254740993")
        XCTAssertEqual(ReplayAddress.integer(try XCTUnwrap(l.value("_partition_key"))), .integer(9_007_199_254_740_993))
        XCTAssertNil(l.value("missing"))
    }

    // MARK: Outcomes of a put

    private func aws(_ code: String, _ status: Int = 400) -> AWSError {
        AWSError(code: code, message: "m", statusCode: status, service: "DynamoDB", operation: "PutItem")
    }

    func testPutFailuresAreClassifiedAsTheJobClassifiesThem() {
        func kind(_ e: Error) -> String {
            switch DynamoDBClient.PutItemFailure.classify(e) {
            case .conditionFailed?: return "skipped"
            case .throttled?: return "throttled"
            case .transient?: return "transient"
            case .rejected?: return "rejected"
            case nil: return "other"
            }
        }
        XCTAssertEqual(kind(aws("ConditionalCheckFailedException")), "skipped")
        for code in ["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"] {
            XCTAssertEqual(kind(aws(code)), "throttled", code)
        }
        XCTAssertEqual(kind(aws("InternalServerError", 500)), "transient")
        XCTAssertEqual(kind(aws("Whatever", 503)), "transient")
        XCTAssertEqual(kind(AWSTransportError(service: "DynamoDB", operation: "PutItem", message: "refused", isTimeout: false, isRetryable: true)), "transient")
        XCTAssertEqual(kind(aws("ValidationException")), "rejected", "item too large, malformed item")
        XCTAssertEqual(kind(aws("AccessDeniedException")), "rejected")
        XCTAssertEqual(kind(AWSClientError("bad")), "other")
    }

    /// A put that answers from a script, counting attempts and the waits between them.
    final class Script: @unchecked Sendable {
        var answers: [Result<Double?, Error>]
        var requests: [ReplayWriter.PutRequest] = []
        var sleeps: [Double] = []
        init(_ answers: [Result<Double?, Error>]) { self.answers = answers }
        func send(_ r: ReplayWriter.PutRequest) async throws -> Double? {
            requests.append(r)
            return try answers.removeFirst().get()
        }
    }

    private func writer(_ script: Script, attempts: Int = 8, shape: ItemShape? = nil) -> ReplayWriter {
        var w = ReplayWriter(shape: shape ?? single)
        w.maxAttempts = attempts
        w.random = { 1.0 }
        w.sleep = { seconds in script.sleeps.append(seconds) }
        return w
    }

    func testThrottledPutsAreRetriedWithBackoffAndCounted() async throws {
        let throttled = DynamoDBClient.PutItemFailure.throttled("ProvisionedThroughputExceededException: slow down")
        let script = Script([.failure(throttled), .failure(DynamoDBClient.PutItemFailure.transient("InternalServerError")),
                             .failure(throttled), .success(1.0)])
        let result = try await writer(script).put(["PK": .s("a"), "SK": .s("b")], send: script.send)
        XCTAssertEqual(result, ReplayWriter.Result(outcome: .written, attempts: 4, throttledRetries: 2, consumedUnits: 1.0))
        XCTAssertEqual(script.sleeps, [0.05, 0.1, 0.2], "full jitter's upper bounds: 50 ms · 2^(n-1)")
        XCTAssertEqual(script.requests.count, 4)
    }

    func testPutOutcomes() async throws {
        let item: DynamoDBItem = ["PK": .s("a"), "SK": .s("b")]
        let skipped = Script([.failure(DynamoDBClient.PutItemFailure.conditionFailed)])
        let s = try await writer(skipped).put(item, send: skipped.send)
        XCTAssertEqual(s.outcome, .skipped)

        let rejected = Script([.failure(DynamoDBClient.PutItemFailure.rejected("ValidationException: Item size has exceeded the maximum allowed size"))])
        let r = try await writer(rejected).put(item, send: rejected.send)
        XCTAssertEqual(r.outcome, .failed(reason: "write-rejected", lastError: "ValidationException: Item size has exceeded the maximum allowed size"))
        XCTAssertEqual(r.attempts, 1)

        let throttled = DynamoDBClient.PutItemFailure.throttled("ThrottlingException: x")
        let exhausted = Script([.failure(throttled), .failure(throttled), .failure(throttled)])
        let e = try await writer(exhausted, attempts: 3).put(item, send: exhausted.send)
        XCTAssertEqual(e, ReplayWriter.Result(outcome: .failed(reason: "retries-exhausted", lastError: "ThrottlingException: x"),
                                              attempts: 3, throttledRetries: 2, consumedUnits: 0))

        struct Down: Error {}
        let down = Script([.failure(Down())])
        do { _ = try await writer(down).put(item, send: down.send); XCTFail("not a write outcome: the replay stops") } catch is Down {}
    }

    func testConditionPerWriteModeIsTheJobs() {
        let item: DynamoDBItem = ["PK": .s("a"), "SK": .s("b"), "n": .n("3")]
        let ifAbsent = ReplayWriter(shape: single).request(item)
        XCTAssertEqual(ifAbsent.condition, "attribute_not_exists(#pk)")
        XCTAssertEqual(ifAbsent.names, ["#pk": "PK"])
        var newer = single
        newer.writeMode = .ifNewer
        newer.versionAttribute = "n"
        let ifNewer = ReplayWriter(shape: newer).request(item)
        XCTAssertEqual(ifNewer.condition, "attribute_not_exists(#pk) OR #v < :v")
        XCTAssertEqual(ifNewer.names, ["#pk": "PK", "#v": "n"])
        XCTAssertEqual(ifNewer.values, [":v": .n("3")])
        var overwrite = single
        overwrite.writeMode = .overwrite
        let plain = ReplayWriter(shape: overwrite).request(item)
        XCTAssertNil(plain.condition)
        XCTAssertNil(plain.names)
    }

    // MARK: replayed.jsonl

    func testReplayedLinesAreSortedAndTheSameForTheSameDeadLetters() {
        func line(_ entity: String?, _ pk: ReplayJSON, _ key: String?, _ outcome: ReplayedLine.Outcome) -> ReplayedLine {
            ReplayedLine(sourceRun: "jr_1", sourceReason: "invalid-json", entity: entity, partitionKey: pk,
                         key: key.map { ["PK": .s($0), "SK": .n("1")] }, outcome: outcome)
        }
        let lines = [line("USER", .int(10), "U#10", .written), line("ORDER", .int(2), "O#2", .notFound),
                     line("USER", .int(9), "U#9", .skipped), line("ORDER", .null, "O#1", .deadLettered),
                     line(nil, .null, nil, .deadLettered)]
        func rendered(_ ls: [ReplayedLine]) -> String {
            ls.sorted { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }.map { $0.json.text + "\n" }.joined()
        }
        let text = rendered(lines)
        XCTAssertEqual(rendered(lines.reversed()), text)
        XCTAssertEqual(rendered(lines.shuffled()), text)
        let first = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(first[0], #"{"entity":"ORDER","key":{"PK":{"S":"O#2"},"SK":{"N":"1"}},"outcome":"not-found","partition_key":2,"source_reason":"invalid-json","source_run":"jr_1"}"#)
        // By canonical text: a named entity's text starts with '"' (34), before "null" ('n', 110).
        XCTAssertEqual(first.map { $0.contains("\"entity\":null") }, [false, false, false, false, true])
        XCTAssertTrue(first[1].contains("O#1") && first[2].contains("U#10") && first[3].contains("U#9"),
                      "within an entity by partition key text (\"10\" < \"9\" < null): \(first)")
    }

    func testRowsAreWrittenAsTheJobWritesThem() {
        let columns = [MySQLColumn(name: "_partition_key", type: .long), MySQLColumn(name: "price", type: .decimal),
                       MySQLColumn(name: "big", type: .longLong, isUnsigned: true), MySQLColumn(name: "at", type: .dateTime),
                       MySQLColumn(name: "raw", type: .blob, isBinary: true), MySQLColumn(name: "name", type: .varString),
                       MySQLColumn(name: "gone", type: .varString)]
        func v(_ s: String) -> MySQLValue { MySQLValue(bytes: Array(s.utf8)) }
        let values: [MySQLValue?] = [v("7"), v("1.50"), v("18446744073709551615"), v("2024-03-01 10:00:00"), MySQLValue(bytes: [0, 255]),
                                     v("a\"b\n"), nil]
        let json = ReplayOutputs.rowJSON(MySQLRow(columns: columns, values: values)).text
        XCTAssertEqual(json, #"{"_partition_key":7,"at":"2024-03-01T10:00:00","big":"18446744073709551615","gone":null,"name":"a\"b\n","price":"1.50","raw":"AP8="}"#)
    }

    // MARK: The plan

    func testDeadLettersReadAgainToOneKeyAreAllKeyCollisionsAsInTheJob() throws {
        let columns = [MySQLColumn(name: "_partition_key", type: .long), MySQLColumn(name: "PK", type: .varString)]
        func found(_ id: Int, _ pk: String) throws -> (letter: SourceDeadLetter, found: ReplayPlanner.Found, key: DynamoDBItem?) {
            let item: DynamoDBItem = ["PK": .s(pk), "SK": .s("#META")]
            let r = MySQLRow(columns: columns, values: [MySQLValue(String(id)), MySQLValue(pk)])
            return (try row("{\"_partition_key\": \(id)}"), .row(r, .item(item, size: 10)), item)
        }
        let steps = ReplayPlanner.plan([try found(6, "D1"), try found(8, "E1"), try found(7, "D1"),
                                        (try row(#"{"_partition_key": 5}"#), .none(nil), nil),
                                        (try row(#"{"_partition_key": 9}"#), .row(MySQLRow(columns: [], values: []),
                                                                                  .deadLetter(reason: "invalid-json", detail: "d")), nil)],
                                       shape: single, sourceRun: "jr_1")
        func summary(_ step: ReplayPlanner.Step) -> String {
            switch step.action {
            case .notFound: return "not-found"
            case let .deadLetter(reason, _, _): return reason
            case let .write(item, _): return "write \(item["PK"]!)"
            }
        }
        XCTAssertEqual(steps.map(summary), ["key-collision", "write s(\"E1\")", "key-collision", "not-found", "invalid-json"],
                       "neither D1 row is written: which one should win is not the replay's to say")
        guard case let .deadLetter(_, detail, rowJSON) = steps[0].action else { return XCTFail() }
        XCTAssertEqual(detail, "2 rows share one table key")
        XCTAssertEqual(rowJSON.text, #"{"PK":"D1","_partition_key":6}"#, "the row as it is now")
    }

    func testAccountingCountsAReplayAsARunOfItsOwn() {
        let load = Accounting.Run(runId: "jr_1", status: "succeeded", read: 8, written: 3, skipped: 0, deadLettered: 5,
                                  deadLetterReasons: ["invalid-json": 1, "missing-key": 1, "item-too-large": 1, "key-collision": 2])
        let replay = Accounting.Run(runId: "replay-20261201T100000000Z", status: "succeeded", read: 4, written: 4, skipped: 0,
                                    deadLettered: 0, deadLetterReasons: [:], replayOf: "jr_1")
        let books = Accounting(runs: [replay, load])
        XCTAssertTrue(books.balanced)
        XCTAssertEqual(books.runs, 2)
        XCTAssertEqual(books.replays, 1)
        XCTAssertEqual(books.written, 7, "a replay's written items are items of the table")
        let summary = RunSummary.decode(Data(#"{"status": "succeeded", "kind": "replay", "replay_of": "jr_1", "counters": {"read": 1, "written": 1, "skipped": 0, "dead_lettered": 0}}"#.utf8))
        XCTAssertEqual(summary?.isReplay, true)
        XCTAssertEqual(summary?.replayOf, "jr_1")
        XCTAssertEqual(RunSummary.decode(Data(#"{"counters": {"read": 0, "written": 0, "skipped": 0, "dead_lettered": 0}}"#.utf8))?.isReplay, false)
    }

    // MARK: Bound values

    func testPlaceholdersAreBoundOutsideQuotesOnly() throws {
        let quote: (String) throws -> String = { "'" + $0.replacingOccurrences(of: "'", with: "\\'") + "'" }
        let sql = try BoundStatement.render("SELECT `a?b`, '?' FROM `v` WHERE `x` = ? AND (`y` = ? OR `y` = ?) AND `z` = ?",
                                            [.text("it's"), .integer(-3), .unsigned(UInt64.max), .bytes([0xab, 0x01])], quote: quote)
        XCTAssertEqual(sql, "SELECT `a?b`, '?' FROM `v` WHERE `x` = 'it\\'s' AND (`y` = -3 OR `y` = 18446744073709551615) AND `z` = X'ab01'")
        XCTAssertThrowsError(try BoundStatement.render("? ?", [.integer(1)], quote: quote))
        XCTAssertThrowsError(try BoundStatement.render("?", [.integer(1), .integer(2)], quote: quote))
    }
}
