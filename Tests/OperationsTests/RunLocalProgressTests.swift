import Foundation
import XCTest

/// `run-local` shows the running table's progress from the objects the job writes under
/// `<work>/<table>/reports/<table>/<run id>/progress/`. The job is replaced by a stand-in
/// (`DDBM_PYTHON` pointing at a script) that publishes three progress updates and a summary,
/// so no Spark or MySQL is needed.
final class RunLocalProgressTests: XCTestCase {
    func testRunLocalShowsProgressWhileTheJobRuns() throws {
        let root = CLI.tempDir(for: self)
        let dir = root.appendingPathComponent("modernizer")
        try FileManager.default.copyItem(at: CLI.repo.appendingPathComponent("generated/modernizer"), to: dir)
        // As `plan --mysql` would have recorded: 40 Users items expected.
        try Data(#"{"state_version": 1, "runs": [], "estimates": [{"table": "Users", "items": 40, "write_units": 40, "estimated_at": "2026-01-01T00:00:00Z"}]}"#.utf8)
            .write(to: dir.appendingPathComponent(".ddbm-state.json"))
        let fake = root.appendingPathComponent("fake-python")
        try """
        #!/bin/bash
        # Stands in for `python runtime/run_local.py SCRIPT ... --out OUT ... --job-run-id RUN ...`:
        # run-local names Glue's run id, never a --ddbm_run_id (a console start has none).
        script="$2"; shift 2
        while [ $# -gt 0 ]; do
            case "$1" in --out) out="$2"; shift 2 ;; --job-run-id) run="$2"; shift 2 ;; --ddbm_run_id) echo "unexpected --ddbm_run_id" >&2; exit 2 ;; *) shift ;; esac
        done
        table=$(basename "$script" .py)
        progress="$out/reports/$table/$run/progress"
        mkdir -p "$progress"
        for step in 1 2 3; do
            n=$((step * 10))
            printf '{"progress_version": 1, "table": "%s", "run_id": "%s", "phase": "writing", "partitions": 1}' "$table" "$run" > "$progress/driver.json"
            printf '{"progress_version": 1, "table": "%s", "run_id": "%s", "partition": 0, "updated_at": "2026-01-01T00:00:%02dZ", "done": false, "counters": {"read": %d, "written": %d, "skipped": 0, "dead_lettered": 0}, "consumed_write_units": %d, "throttled_retries": 0}' "$table" "$run" "$((step * 10))" "$n" "$n" "$n" > "$progress/part-00000.json.tmp"
            mv "$progress/part-00000.json.tmp" "$progress/part-00000.json"
            sleep 1.3
        done
        printf '{"summary_version": 1, "table": "%s", "run_id": "%s", "status": "succeeded", "counters": {"read": 40, "written": 40, "skipped": 0, "dead_lettered": 0}, "dead_letter_reasons": {}}' "$table" "$run" > "$out/reports/$table/$run.json"
        """.write(to: fake, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(fake.path, 0o755), 0)

        let r = try CLI.run(["run-local", dir.path, "--mysql", "mysql://migrator@127.0.0.1:3306/shop", "--dynamodb-endpoint", "http://127.0.0.1:9",
                             "--table", "Users", "--work", root.appendingPathComponent("work").path],
                            environment: ["DDBM_PYTHON": fake.path])
        XCTAssertEqual(r.status, 0, r.stderr + r.stdout)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let progress = lines.filter { $0.hasPrefix("Users  running/writing") }
        XCTAssertTrue(progress.contains { $0.contains("10/40 items (25%)") }, r.stdout)
        XCTAssertTrue(progress.contains { $0.contains("20/40 items (50%)") && $0.contains("1.0 items/s") && $0.contains("ETA 20s") }, r.stdout)
        let last = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("Users: succeeded in") }, r.stdout)
        let first = try XCTUnwrap(lines.firstIndex { $0.contains("10/40 items") })
        XCTAssertLessThan(first, last)
        XCTAssertTrue(r.stdout.contains("read 40, written 40"), r.stdout)
    }
}
