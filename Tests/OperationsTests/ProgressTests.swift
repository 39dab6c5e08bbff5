import Foundation
import Operations
import XCTest

/// Live progress: reading the objects, the math (done, rate, ETA), the line, the redraw.
final class ProgressTests: XCTestCase {
    func part(_ partition: Int, written: Int, skipped: Int = 0, dead: Int = 0, at second: Int, done: Bool = false,
              throttled: Int = 0, runId: String = "r1") -> ProgressObjects.Part {
        ProgressObjects.Part(table: "Users", runId: runId, partition: partition, updatedAt: String(format: "2026-01-01T00:00:%02dZ", second), done: done,
                             counters: .init(read: written + skipped + dead, written: written, skipped: skipped, deadLettered: dead),
                             consumedWriteUnits: Double(written), throttledRetries: throttled)
    }

    func testObjectsDecodeOnlyForVersionOneAndTheirRun() {
        let part = #"{"progress_version": 1, "table": "Users", "run_id": "r1", "partition": 3, "updated_at": "2026-01-01T00:00:05Z", "done": false, "counters": {"read": 9, "written": 7, "skipped": 1, "dead_lettered": 1}, "consumed_write_units": 7.5, "throttled_retries": 2}"#
        guard case .part(let p)? = ProgressObjects.decode(Data(part.utf8), name: "part-00003.json", runId: "r1") else { return XCTFail("not decoded") }
        XCTAssertEqual(p.partition, 3)
        XCTAssertEqual(p.counters.deadLettered, 1)
        XCTAssertEqual(p.consumedWriteUnits, 7.5)
        XCTAssertNil(ProgressObjects.decode(Data(part.utf8), name: "part-00003.json", runId: "another-run"))
        XCTAssertNil(ProgressObjects.decode(Data(part.replacingOccurrences(of: "\"progress_version\": 1", with: "\"progress_version\": 2").utf8),
                                            name: "part-00003.json", runId: "r1"))
        XCTAssertNil(ProgressObjects.decode(Data("{\"progress".utf8), name: "part-00003.json", runId: "r1"))
        let driver = #"{"progress_version": 1, "table": "Users", "run_id": "r1", "phase": "reading", "partitions": 8, "started_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:04Z"}"#
        XCTAssertEqual(ProgressObjects.decode(Data(driver.utf8), name: "driver.json", runId: "r1"),
                       .driver(.init(table: "Users", runId: "r1", phase: "reading", partitions: 8, startedAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:04Z")))
        XCTAssertEqual(ProgressObjects.prefix(reports: "ddb-migrate/reports/", table: "Users", runId: "r1"), "ddb-migrate/reports/Users/r1/progress/")
        XCTAssertNotNil(ProgressObjects.date("2026-01-01T00:00:04.250Z"))
    }

    func testSnapshotSumsThePartitions() {
        let s = ProgressSnapshot(driver: nil, parts: [part(1, written: 10, skipped: 2, dead: 1, at: 5, done: true, throttled: 4),
                                                      part(0, written: 5, at: 7, throttled: 1)])
        XCTAssertEqual(s.parts.map(\.partition), [0, 1])
        XCTAssertEqual(s.done, 18)
        XCTAssertEqual(s.read, 18)
        XCTAssertEqual(s.throttledRetries, 5)
        XCTAssertEqual(s.partsDone, 1)
        XCTAssertEqual(s.consumedWriteUnits, 15)
        XCTAssertEqual(s.updatedAt, ProgressObjects.date("2026-01-01T00:00:07Z"))
    }

    func testRateAndETAFollowTheJobsClock() {
        var t = ProgressTracker(table: "Users", expected: 1000, state: "RUNNING")
        let now = Date()
        XCTAssertNil(t.rate)
        t.record(ProgressSnapshot(parts: [part(0, written: 100, at: 10)]), observedAt: now)
        XCTAssertNil(t.rate, "one sample gives no rate")
        XCTAssertNil(t.eta)
        // The same time again (a poll with nothing new) adds no sample.
        t.record(ProgressSnapshot(parts: [part(0, written: 100, at: 10)]), observedAt: now.addingTimeInterval(1))
        XCTAssertEqual(t.samples.count, 1)
        t.record(ProgressSnapshot(parts: [part(0, written: 300, at: 20)]), observedAt: now.addingTimeInterval(2))
        XCTAssertEqual(t.rate, 20)
        XCTAssertEqual(t.eta, 35)  // 700 left at 20/s
        XCTAssertEqual(t.percent, 30)
        t.record(ProgressSnapshot(parts: [part(0, written: 1200, at: 30)]), observedAt: now.addingTimeInterval(3))
        XCTAssertEqual(t.eta, 0)
        XCTAssertEqual(t.percent, 100, "capped: the view grew since the estimate")
    }

    func testRateIsOverTheLastMinuteOnly() {
        var t = ProgressTracker(table: "Users")
        let now = Date()
        // 1000 items in the first 10 s, then 10 items/s for two minutes.
        t.record(ProgressSnapshot(parts: [part(0, written: 0, at: 0)]), observedAt: now)
        var done = 1000
        t.record(ProgressSnapshot(parts: [part(0, written: done, at: 10)]), observedAt: now)
        for step in 1...12 {
            done += 100
            let p = ProgressObjects.Part(table: "Users", runId: "r1", partition: 0,
                                         updatedAt: ISO8601DateFormatter().string(from: ProgressObjects.date("2026-01-01T00:00:10Z")!.addingTimeInterval(Double(step * 10))),
                                         done: false, counters: .init(read: done, written: done))
            t.record(ProgressSnapshot(parts: [p]), observedAt: now)
        }
        XCTAssertEqual(try XCTUnwrap(t.rate), 10, accuracy: 0.001)
        XCTAssertNil(t.eta, "no expected count")
    }

    func testLinesAlignTablesAndShowWhatIsKnown() {
        var users = ProgressTracker(table: "Users", expected: 400, state: "RUNNING")
        users.record(ProgressSnapshot(driver: .init(table: "Users", runId: "r1", phase: "writing", partitions: 2),
                                      parts: [part(0, written: 60, skipped: 10, at: 10, throttled: 3), part(1, written: 30, at: 10, throttled: 1)]), observedAt: Date())
        users.record(ProgressSnapshot(driver: .init(table: "Users", runId: "r1", phase: "writing", partitions: 2),
                                      parts: [part(0, written: 150, skipped: 10, at: 20, done: true, throttled: 3), part(1, written: 90, dead: 2, at: 20, throttled: 2)]),
                     observedAt: Date())
        let categories = ProgressTracker(table: "Categories", state: "STARTING")
        XCTAssertEqual(ProgressLine.lines([users, categories]), [
            "Users       RUNNING/writing  252/400 items (63%)  15.2 items/s  ETA 10s  1/2 partitions done  5 throttled retries  2 dead-lettered",
            "Categories  STARTING  (no progress published yet)",
        ])
        XCTAssertEqual(ProgressLine.line(ProgressTracker(table: "Users", expected: 400, state: "RUNNING")),
                       "Users  RUNNING  (no progress published yet)  400 items expected")
        var finished = users
        finished.state = "SUCCEEDED"
        XCTAssertFalse(ProgressLine.line(finished).contains("ETA"))
        var fast = ProgressTracker(table: "T")
        fast.record(ProgressSnapshot(parts: [part(0, written: 0, at: 0)]), observedAt: Date())
        fast.record(ProgressSnapshot(parts: [part(0, written: 12345, at: 10)]), observedAt: Date())
        XCTAssertEqual(ProgressLine.line(fast), "T  STARTING  12345 items  1235 items/s  0 throttled retries")
    }

    func testTerminalRedrawMovesUpAndClearsEachLine() {
        XCTAssertEqual(LiveDisplay.frame(previousLines: 0, lines: ["a", "b"]), "\r\u{1B}[2Ka\n\r\u{1B}[2Kb\n")
        XCTAssertEqual(LiveDisplay.frame(previousLines: 2, lines: ["c", "d"]), "\u{1B}[2A\r\u{1B}[2Kc\n\r\u{1B}[2Kd\n")
        // A shorter block clears the lines it no longer uses and returns below itself.
        XCTAssertEqual(LiveDisplay.frame(previousLines: 3, lines: ["e"]), "\u{1B}[3A\r\u{1B}[2Ke\n\r\u{1B}[2K\n\r\u{1B}[2K\n\u{1B}[2A")
    }

    func testDisplayOnATerminalKeepsLogLinesAboveTheBlock() {
        let out = Collected()
        let display = LiveDisplay(isTerminal: true) { out.append($0) }
        display.show(["Users  RUNNING  1 items"])
        display.show(["Users  RUNNING  1 items"])  // unchanged: nothing written
        display.log("Users: SUCCEEDED after 3s")
        display.show(["Users  SUCCEEDED  2 items"])
        XCTAssertEqual(out.text, "\r\u{1B}[2KUsers  RUNNING  1 items\n"
                       + "\u{1B}[1A\r\u{1B}[2KUsers: SUCCEEDED after 3s\n\r\u{1B}[2KUsers  RUNNING  1 items\n"
                       + "\u{1B}[1A\r\u{1B}[2KUsers  SUCCEEDED  2 items\n")
    }

    func testDisplayElsewherePrintsEachChangedLineOnce() {
        let out = Collected()
        let display = LiveDisplay(isTerminal: false) { out.append($0) }
        display.show(["Users  RUNNING  1 items", "Orders  STARTING"])
        display.show(["Users  RUNNING  1 items", "Orders  RUNNING  5 items"])
        display.log("done")
        XCTAssertEqual(out.text, "Users  RUNNING  1 items\nOrders  STARTING\nOrders  RUNNING  5 items\ndone\n")
    }

    func testFileSourceReadsTheRunsFolderAndRereadsChangedFiles() throws {
        let reports = CLI.tempDir(for: self).appendingPathComponent("reports")
        let folder = reports.appendingPathComponent("Users/r1/progress")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func write(_ name: String, _ text: String) throws { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        let source = FileProgressSource(reportsFolder: reports, table: "Users", runId: "r1")
        XCTAssertTrue(source.read().isEmpty)
        try write("part-00000.json", #"{"progress_version": 1, "table": "Users", "run_id": "r1", "partition": 0, "updated_at": "2026-01-01T00:00:01Z", "done": false, "counters": {"read": 3, "written": 3, "skipped": 0, "dead_lettered": 0}, "consumed_write_units": 3, "throttled_retries": 0}"#)
        try write("driver.json", #"{"progress_version": 1, "table": "Users", "run_id": "r1", "phase": "writing", "partitions": 1}"#)
        try write("notes.txt", "ignored")
        XCTAssertEqual(source.read().done, 3)
        XCTAssertEqual(source.read().driver?.phase, "writing")
        try write("part-00000.json", #"{"progress_version": 1, "table": "Users", "run_id": "r1", "partition": 0, "updated_at": "2026-01-01T00:00:02Z", "done": true, "counters": {"read": 30, "written": 30, "skipped": 0, "dead_lettered": 0}, "consumed_write_units": 3, "throttled_retries": 0}"#)
        XCTAssertEqual(source.read().done, 30)
    }
}

/// Output collected from a display.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [String] = []
    func append(_ s: String) { lock.lock(); parts.append(s); lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return parts.joined() }
}
