import Foundation
import XCTest

/// `plan`, `deploy` and `status` through the real CLI against a moto server (with the Glue
/// extension in tests/moto_ext): the generated modernizer directory, config account 123456789012.
final class DeployMotoTests: DeployMotoTestCase {
    // MARK: tests

    func testDeployCreatesEverythingThenSecondDeployChangesNothing() throws {
        try seed()
        let before = try cli(["plan", dir.path, "--config", config])
        XCTAssertEqual(before.status, 0, before.stderr)
        XCTAssertTrue(before.stdout.contains("+ create    Glue job shop-migrate-Users\n"), before.stdout)
        XCTAssertTrue(before.stdout.contains("+ create    Glue job shop-migrate-Users-validate\n"), before.stdout)
        XCTAssertTrue(before.stdout.contains("+ create    s3://\(bucket)/ddb-migrate/scripts/validate_Users.py"), before.stdout)
        XCTAssertTrue(before.stdout.contains("+ create    s3://\(bucket)/ddb-migrate/scripts/ddbm_validate.py"), before.stdout)
        // 8 scripts (3 load, 3 validation, 2 modules), role, policy, tags, 6 jobs and their tags; the bucket exists.
        XCTAssertTrue(before.stdout.contains("23 to create, 0 to update, 1 unchanged"), before.stdout)
        try assertNothingWritten()

        let first = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("deployed: 23 created"), first.stdout)

        let s = try snapshot()
        let objects = s["objects"] as? [String: [String: Any]] ?? [:]
        for artifact in try manifest["artifacts"] as? [[String: Any]] ?? [] {
            guard let becomes = artifact["becomes"] as? [String: String], becomes["kind"] == "s3-object", let key = becomes["key"] else { continue }
            XCTAssertEqual(objects[key]?["sha256"] as? String, artifact["sha256"] as? String, key)
            XCTAssertEqual((objects[key]?["metadata"] as? [String: String])?["ddbm-sha256"], artifact["sha256"] as? String, key)
        }
        XCTAssertEqual(objects.count, 8)
        let trustFile = try String(contentsOf: dir.appendingPathComponent("iam/trust-policy.json"), encoding: .utf8)
        let policyFile = try String(contentsOf: dir.appendingPathComponent("iam/\(policy).json"), encoding: .utf8)
        let roleInfo = s["role"] as? [String: Any]
        XCTAssertEqual((roleInfo?["trust"] as? NSObject), json(trustFile))
        XCTAssertEqual(roleInfo?["tags"] as? [String: String], ["project": "shop-modernization", "owner": "data-platform",
                                                                "ddb-migrate:migration": role])
        XCTAssertEqual(s["policy"] as? NSObject, json(policyFile))
        let deployedJobs = s["jobs"] as? [String: [String: Any]] ?? [:]
        for job in try manifest["jobs"] as? [[String: Any]] ?? [] {
            let name = job["name"] as? String ?? ""
            let j = try XCTUnwrap(deployedJobs[name], name)
            XCTAssertEqual(j["GlueVersion"] as? String, "5.0")
            XCTAssertEqual(j["WorkerType"] as? String, "G.1X")
            XCTAssertEqual(j["NumberOfWorkers"] as? Int, 4)
            XCTAssertEqual(j["Timeout"] as? Int, 600)
            XCTAssertEqual(j["Role"] as? String, "arn:aws:iam::123456789012:role/shop-ddb-migrate-glue")
            XCTAssertEqual((j["Command"] as? [String: String])?["ScriptLocation"], job["script_location"] as? String)
            XCTAssertEqual((j["Connections"] as? [String: [String]])?["Connections"], ["shop-mysql"])
            XCTAssertEqual(j["DefaultArguments"] as? [String: String], job["default_arguments"] as? [String: String])
            // Its validation job: the same role, Glue version, workers, timeout and connection, its own
            // script and arguments, and a description that says what it does.
            let validation = try XCTUnwrap(job["validation"] as? [String: Any])
            let v = try XCTUnwrap(deployedJobs[validation["name"] as? String ?? ""], name + "-validate")
            for field in ["Role", "GlueVersion", "WorkerType", "NumberOfWorkers", "Timeout", "Connections", "MaxRetries"] {
                XCTAssertEqual(v[field] as? NSObject, j[field] as? NSObject, "\(name)-validate \(field)")
            }
            XCTAssertEqual((v["Command"] as? [String: String])?["ScriptLocation"], validation["script_location"] as? String)
            XCTAssertEqual(v["DefaultArguments"] as? [String: String], validation["default_arguments"] as? [String: String])
            XCTAssertEqual((v["DefaultArguments"] as? [String: String])?["--job-bookmark-option"], "job-bookmark-disable")
            XCTAssertTrue((v["Description"] as? String ?? "").contains("validates DynamoDB table \(job["table"] as? String ?? "")"), "\(v)")
        }

        let second = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("no changes"), second.stdout)
        XCTAssertEqual(try snapshot() as NSDictionary, s as NSDictionary, "a second deploy wrote something")

        let after = try cli(["plan", dir.path, "--config", config])
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertTrue(after.stdout.contains("no changes: the account matches the directory (24 resources unchanged)"), after.stdout)
    }

    func testPlanShowsDriftAndDeployRepairsOnlyIt() throws {
        try seed()
        XCTAssertEqual(try cli(["deploy", dir.path, "--config", config]).status, 0)
        let key = "ddb-migrate/scripts/Users.py"
        try server.fixture(["put-object", bucket, key, "print('edited in the console')"])
        let jobsBefore = try snapshot()["jobs"] as? NSDictionary

        let plan = try cli(["plan", dir.path, "--config", config])
        XCTAssertTrue(plan.stdout.contains("~ update    s3://\(bucket)/\(key)"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("sha256 (not recorded) -> "), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("1 to create, 1 to update") == false && plan.stdout.contains("0 to create, 1 to update, 23 unchanged"), plan.stdout)

        let repair = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(repair.status, 0, repair.stderr)
        XCTAssertTrue(repair.stdout.contains("updated s3://\(bucket)/\(key)"), repair.stdout)
        XCTAssertTrue(repair.stdout.contains("deployed: 0 created, 1 updated, 23 unchanged"), repair.stdout)
        XCTAssertEqual(try snapshot()["jobs"] as? NSDictionary, jobsBefore, "jobs were rewritten although unchanged")
    }

    /// A setting both jobs of a table share (the read partitions) changed in the config: plan shows
    /// each job's differing argument, deploy updates the validation jobs in place like the load jobs.
    func testAValidationJobIsUpdatedInPlaceWhenItsArgumentsChange() throws {
        try seed()
        XCTAssertEqual(try cli(["deploy", dir.path, "--config", config]).status, 0)
        try regenerate { config in
            var writes = config["writes"] as? [String: Any] ?? [:]
            writes["read_partitions"] = 3
            config["writes"] = writes
        }
        let plan = try cli(["plan", dir.path, "--config", config])
        XCTAssertEqual(plan.status, 0, plan.stderr)
        for table in ["Categories", "Products", "Users"] {
            XCTAssertTrue(plan.stdout.contains("~ update    Glue job shop-migrate-\(table)-validate\n      DefaultArguments[--ddbm_partitions]: '8' -> '3'\n"), plan.stdout)
            XCTAssertTrue(plan.stdout.contains("~ update    Glue job shop-migrate-\(table)\n"), plan.stdout)
        }
        let deploy = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(deploy.status, 0, deploy.stderr)
        XCTAssertTrue(deploy.stdout.contains("updated Glue job shop-migrate-Users-validate"), deploy.stdout)
        let deployed = try snapshot()["jobs"] as? [String: [String: Any]] ?? [:]
        let users = try XCTUnwrap(deployed["shop-migrate-Users-validate"])
        XCTAssertEqual((users["DefaultArguments"] as? [String: String])?["--ddbm_partitions"], "3")
        XCTAssertTrue((try cli(["plan", dir.path, "--config", config])).stdout.contains("no changes"))
    }

    func testRunWaitReportsRunsAndStatusShowsSummaryCounters() throws {
        try seed(pitr: true)
        let run = try cli(["deploy", dir.path, "--config", config, "--run", "--wait", "--poll-seconds", "0.1", "--max-parallel-runs", "2"])
        XCTAssertEqual(run.status, 0, run.stderr + run.stdout)
        for table in ["Categories", "Products", "Users"] {
            XCTAssertTrue(run.stdout.contains("started shop-migrate-\(table) (table \(table))"), run.stdout)
            XCTAssertTrue(run.stdout.contains("\(table): SUCCEEDED"), run.stdout)
        }
        let state = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(".ddbm-state.json"))) as? [String: Any]
        let runs = state?["runs"] as? [[String: String]] ?? []
        XCTAssertEqual(runs.count, 3)
        let users = try XCTUnwrap(runs.first { $0["table"] == "Users" })
        let runId = try XCTUnwrap(users["ddbm_run_id"] ?? users["ddbmRunId"])
        XCTAssertTrue(runId.hasPrefix("ddbm-"))
        // The state file is not an artifact: the directory still opens (hashes verified).
        XCTAssertEqual(try cli(["plan", dir.path, "--config", config]).status, 0)

        let summary = #"{"summary_version": 1, "table": "Users", "run_id": "\#(runId)", "status": "succeeded", "counters": {"read": 1200, "written": 1190, "skipped": 7, "dead_lettered": 3}, "dead_letter_reasons": {"invalid-value": 3}, "error": null, "started_at": "2026-01-01T00:00:00Z", "finished_at": "2026-01-01T00:02:00Z"}"#
        try server.fixture(["put-object", bucket, "ddb-migrate/reports/Users/\(runId).json", summary])
        let status = try cli(["status", dir.path, "--config", config])
        XCTAssertEqual(status.status, 0, status.stderr)
        let usersLine = status.stdout.split(separator: "\n").first { $0.hasPrefix("Users") }.map(String.init) ?? ""
        XCTAssertTrue(usersLine.contains("SUCCEEDED") && usersLine.contains("1200") && usersLine.contains("1190") && usersLine.contains(runId), status.stdout)

        let statusJSON = try cli(["status", dir.path, "--config", config, "--json"])
        let parsed = try JSONSerialization.jsonObject(with: Data(statusJSON.stdout.utf8)) as? [String: Any]
        let usersJob = (parsed?["jobs"] as? [[String: Any]])?.first { $0["table"] as? String == "Users" }
        let latest = (usersJob?["runs"] as? [[String: Any]])?.first
        XCTAssertEqual(latest?["run_id"] as? String, runId)
        XCTAssertEqual((latest?["counters"] as? [String: Int])?["dead_lettered"], 3)
    }

    /// Regression: the tail was read from stream `<run id>` in /aws-glue/jobs/error, where Glue
    /// 5.0 writes nothing; its driver streams are `<run id>-driver` in .../error and .../output.
    func testFailedRunExitsThreeWithTheGlue5DriverLogTailAndHint() throws {
        try seed(pitr: true)
        let run = try cli(["deploy", dir.path, "--config", config, "--run", "--wait", "--poll-seconds", "0.1", "--table", "Users",
                           "--run-argument=--ddbm_test_outcome=FAILED"])
        XCTAssertEqual(run.status, 3, run.stdout)
        XCTAssertTrue(run.stderr.contains("Users: run jr_") && run.stderr.contains("FAILED: An error occurred"), run.stderr)
        let runId = try XCTUnwrap(run.stderr.range(of: "jr_[0-9a-f]+", options: .regularExpression).map { String(run.stderr[$0]) })
        XCTAssertTrue(run.stderr.contains("last lines of /aws-glue/jobs/error/\(runId)-driver and /aws-glue/jobs/output/\(runId)-driver"), run.stderr)
        // Both groups' lines, merged in time order: Spark's error and the job's own log line.
        let spark = try XCTUnwrap(run.stderr.range(of: "Communications link failure"), run.stderr)
        let job = try XCTUnwrap(run.stderr.range(of: "ddb-migrate job for Users failed"), run.stderr)
        XCTAssertLessThan(spark.lowerBound, job.lowerBound)
        XCTAssertTrue(run.stderr.contains("hint: the job could not reach MySQL"), run.stderr)
    }

    /// `--custom-logGroup-prefix` / `--custom-logStream-prefix` move the driver log; the tail follows.
    func testFailedRunLogTailHonoursCustomLogPrefixes() throws {
        try seed(pitr: true)
        let run = try cli(["deploy", dir.path, "--config", config, "--run", "--wait", "--poll-seconds", "0.1", "--table", "Users",
                           "--run-argument=--ddbm_test_outcome=FAILED", "--run-argument=--custom-logGroup-prefix=/ddbm/custom/",
                           "--run-argument=--custom-logStream-prefix=users-migration"])
        XCTAssertEqual(run.status, 3, run.stdout)
        XCTAssertTrue(run.stderr.contains("last lines of /ddbm/custom/error/users-migration-driver and /ddbm/custom/output/users-migration-driver"), run.stderr)
        XCTAssertTrue(run.stderr.contains("Communications link failure"), run.stderr)
    }

    func testPointInTimeRecoveryOffRefusesRunUnlessAllowed() throws {
        try seed(pitr: false)
        let refused = try cli(["deploy", dir.path, "--config", config, "--run"])
        XCTAssertEqual(refused.status, 1, refused.stdout)
        XCTAssertTrue(refused.stderr.contains("point-in-time recovery is off on Categories, Products, Users"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--allow-no-pitr"), refused.stderr)
        try assertNothingWritten()

        let allowed = try cli(["deploy", dir.path, "--config", config, "--run", "--allow-no-pitr"])
        XCTAssertEqual(allowed.status, 0, allowed.stderr)
        XCTAssertTrue(allowed.stdout.contains("runs started"), allowed.stdout)
    }

    func testRegionMismatchNamesBothRegions() throws {
        try seed(jdbcURL: "jdbc:mysql://shop.abc123.eu-west-1.rds.amazonaws.com:3306/shop", zone: "eu-west-1b",
                 network: ["subnet_zone": "us-east-1a"])
        let r = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stderr.contains("region mismatch: the config's region is us-east-1, Glue connection 'shop-mysql' points at an RDS host in eu-west-1"), r.stderr)
        XCTAssertTrue(r.stderr.contains("availability zone eu-west-1b (eu-west-1)"), r.stderr)
        try assertNothingWritten()
    }

    func testMissingTableAndMissingConnection() throws {
        try seed { tables in tables.removeAll { $0["name"] as? String == "Users" } }
        let r = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stderr.contains("DynamoDB table Users does not exist in us-east-1"), r.stderr)
        try assertNothingWritten()

        try server.reset()
        try seed(connection: false)
        let noConnection = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(noConnection.status, 1)
        XCTAssertTrue(noConnection.stderr.contains("Glue connection 'shop-mysql' does not exist"), noConnection.stderr)
        try assertNothingWritten()
    }

    func testTableKeyMismatchListsEveryDifference() throws {
        try seed { tables in
            guard let i = tables.firstIndex(where: { $0["name"] as? String == "Categories" }) else { return }
            tables[i]["sk"] = ["SK", "N"]
            tables[i]["gsis"] = []
        }
        let r = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stderr.contains("DynamoDB table Categories: sort key SK: expected type S, the table has N"), r.stderr)
        XCTAssertTrue(r.stderr.contains("DynamoDB table Categories: GSI GSI1: missing"), r.stderr)
        try assertNothingWritten()
    }

    func testWrongAccountNamesBothAccounts() throws {
        try seed()
        // The same directory and config, but for account 111122223333 (moto answers 123456789012).
        let manifestURL = dir.appendingPathComponent("manifest.json")
        let text = try String(contentsOf: manifestURL, encoding: .utf8).replacingOccurrences(of: "123456789012", with: "111122223333")
        try text.write(to: manifestURL, atomically: true, encoding: .utf8)
        let otherConfig = dir.deletingLastPathComponent().appendingPathComponent("config.json")
        try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "123456789012", with: "111122223333")
            .write(to: otherConfig, atomically: true, encoding: .utf8)
        let r = try cli(["deploy", dir.path, "--config", otherConfig.path])
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stderr.contains("wrong AWS account") && r.stderr.contains("account 123456789012") && r.stderr.contains("111122223333"), r.stderr)
        try assertNothingWritten()
    }

    func testMissingCredentialsExitThree() throws {
        try seed()
        let r = try cli(["deploy", dir.path, "--config", config], env: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""])
        XCTAssertEqual(r.status, 3, r.stdout + r.stderr)
        XCTAssertTrue(r.stderr.contains("credentials"), r.stderr)
        try assertNothingWritten()
    }

    /// A key AWS rejects (deleted, mistyped): exit 3 with a message that says so, nothing written.
    func testRejectedCredentialsExitThree() throws {
        try seed()
        let r = try cli(["deploy", dir.path, "--config", config],
                        env: ["AWS_ACCESS_KEY_ID": "AKIAREJECTEDBYTEST00", "AWS_SECRET_ACCESS_KEY": "not-the-secret"])
        XCTAssertEqual(r.status, 3, r.stdout + r.stderr)
        XCTAssertTrue(r.stderr.contains("InvalidClientTokenId"), r.stderr)
        XCTAssertFalse((r.stdout + r.stderr).contains("not-the-secret"))
        try assertNothingWritten()
    }

    func testConfigOtherThanTheGeneratedOneIsRefused() throws {
        try seed()
        let otherConfig = dir.deletingLastPathComponent().appendingPathComponent("config.json")
        try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "shop-migration-artifacts", with: "another-bucket")
            .write(to: otherConfig, atomically: true, encoding: .utf8)
        let r = try cli(["deploy", dir.path, "--config", otherConfig.path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("s3.bucket: the config says 'another-bucket', the directory was generated with 'shop-migration-artifacts'"), r.stderr)
        try assertNothingWritten()
    }
}
