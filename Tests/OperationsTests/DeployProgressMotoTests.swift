import Foundation
import XCTest

/// Live progress against moto: a run is held RUNNING (tests/moto_ext: `--ddbm_test_hold_file`)
/// while the test publishes progress objects into moto's S3, as the job does every few seconds;
/// `deploy --wait` and `status --watch` must show them before the run ends.
final class DeployProgressMotoTests: DeployMotoTestCase {
    var holdFile = URL(fileURLWithPath: "/")

    override func setUpWithError() throws {
        try super.setUpWithError()
        holdFile = dir.deletingLastPathComponent().appendingPathComponent("hold-\(UUID().uuidString)")
        XCTAssertTrue(FileManager.default.createFile(atPath: holdFile.path, contents: Data()))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: holdFile)
    }

    /// What `plan --mysql` would have left: Users is expected to have 400 items.
    func recordEstimate() throws {
        let state: [String: Any] = ["state_version": 1, "runs": [[String: Any]](),
                                    "estimates": [["table": "Users", "items": 400, "write_units": 500, "estimated_at": "2026-01-01T00:00:00Z"]]]
        try JSONSerialization.data(withJSONObject: state).write(to: dir.appendingPathComponent(".ddbm-state.json"))
    }

    /// The `--ddbm_run_id` deploy gave the Users run (from the state file), once it is there.
    func usersRunId(timeout: TimeInterval = 30) throws -> String {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if let data = try? Data(contentsOf: dir.appendingPathComponent(".ddbm-state.json")),
               let state = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               let run = (state["runs"] as? [[String: Any]])?.last(where: { $0["table"] as? String == "Users" }),
               let id = run["ddbm_run_id"] as? String {
                return id
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("deploy never recorded the Users run in .ddbm-state.json")
        throw CocoaError(.fileReadNoSuchFile)
    }

    func publish(runId: String, parts: [(partition: Int, written: Int, skipped: Int, done: Bool, throttled: Int)], second: Int) throws {
        let prefix = "ddb-migrate/reports/Users/\(runId)/progress/"
        let stamp = String(format: "2026-01-01T00:00:%02dZ", second)
        let driver = #"{"progress_version": 1, "table": "Users", "run_id": "\#(runId)", "phase": "writing", "partitions": 2, "started_at": "2026-01-01T00:00:00Z", "updated_at": "\#(stamp)"}"#
        try server.fixture(["put-object", bucket, prefix + "driver.json", driver])
        for p in parts {
            let part = #"{"progress_version": 1, "table": "Users", "run_id": "\#(runId)", "partition": \#(p.partition), "updated_at": "\#(stamp)", "done": \#(p.done), "counters": {"read": \#(p.written + p.skipped), "written": \#(p.written), "skipped": \#(p.skipped), "dead_lettered": 0}, "consumed_write_units": \#(p.written), "throttled_retries": \#(p.throttled)}"#
            try server.fixture(["put-object", bucket, prefix + String(format: "part-%05d.json", p.partition), part])
        }
    }

    func testDeployWaitShowsProgressPublishedMidRunBeforeTheRunEnds() throws {
        try seed(pitr: true)
        try recordEstimate()
        let run = try BackgroundCLI(["deploy", dir.path, "--config", config, "--run", "--wait", "--table", "Users",
                                     "--poll-seconds", "0.2", "--progress-seconds", "0.1",
                                     "--run-argument=--ddbm_test_hold_file=\(holdFile.path)"], environment: try server.cliEnvironment)
        XCTAssertTrue(run.waitFor("started shop-migrate-Users"), run.stdout + run.stderr)
        let runId = try usersRunId()
        try publish(runId: runId, parts: [(0, 60, 10, false, 3), (1, 30, 0, false, 1)], second: 10)
        XCTAssertTrue(run.waitFor("Users  RUNNING/writing  100/400 items (25%)"), run.stdout)
        try publish(runId: runId, parts: [(0, 150, 10, true, 3), (1, 90, 0, false, 2)], second: 20)
        // 150 more items in 10 s of the job's clock: 15 items/s, 150 left: ETA 10s.
        XCTAssertTrue(run.waitFor("250/400 items (62%)  15.0 items/s  ETA 10s  1/2 partitions done  5 throttled retries"), run.stdout)
        let beforeEnd = run.stdout
        XCTAssertFalse(beforeEnd.contains("Users: SUCCEEDED"), beforeEnd)

        try FileManager.default.removeItem(at: holdFile)
        let result = run.finish()
        XCTAssertEqual(result.status, 0, result.stderr)
        let progress = try XCTUnwrap(result.stdout.range(of: "250/400 items"))
        let succeeded = try XCTUnwrap(result.stdout.range(of: "Users: SUCCEEDED"), result.stdout)
        XCTAssertLessThan(progress.lowerBound, succeeded.lowerBound)
        // Not a terminal: plain lines, no cursor movement.
        XCTAssertFalse(result.stdout.contains("\u{1B}["), result.stdout)
    }

    func testStatusWatchFollowsARunningRunUntilItEnds() throws {
        try seed(pitr: true)
        let started = try cli(["deploy", dir.path, "--config", config, "--run", "--table", "Users",
                               "--run-argument=--ddbm_test_hold_file=\(holdFile.path)"])
        XCTAssertEqual(started.status, 0, started.stderr)
        let runId = try usersRunId()
        let watch = try BackgroundCLI(["status", dir.path, "--config", config, "--watch", "--poll-seconds", "0.2", "--progress-seconds", "0.1"],
                                      environment: try server.cliEnvironment)
        XCTAssertTrue(watch.waitFor("Users  RUNNING"), watch.stdout + watch.stderr)
        try publish(runId: runId, parts: [(0, 40, 2, false, 0)], second: 5)
        XCTAssertTrue(watch.waitFor("RUNNING/writing  42 items"), watch.stdout)
        try FileManager.default.removeItem(at: holdFile)
        let result = watch.finish()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Users  SUCCEEDED/writing  42 items"), result.stdout)
        // Then the usual status table.
        XCTAssertTrue(result.stdout.contains("run id"), result.stdout)
    }
}
