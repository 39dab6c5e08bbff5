import AWS
import Backends
import Foundation
import MigrationTarget
import Operations
import XCTest

/// The pure parts of deploy: region parsing, table shape and job comparisons, policy equality,
/// the state file.
final class DeployUnitTests: XCTestCase {
    func testRegionsFromARNsRDSHostsAndZones() {
        XCTAssertEqual(RegionCheck.disagreement(arn: "arn:aws:dynamodb:eu-west-1:123456789012:table/Users", region: "us-east-1"), "is in eu-west-1")
        XCTAssertNil(RegionCheck.disagreement(arn: "arn:aws:dynamodb:eu-west-1:123456789012:table/Users", region: "eu-west-1"))
        XCTAssertNil(RegionCheck.disagreement(arn: "Users", region: "eu-west-1"))
        XCTAssertEqual(RegionCheck.region(fromJDBCURL: "jdbc:mysql://shop.abc123.us-west-2.rds.amazonaws.com:3306/shop"), "us-west-2")
        XCTAssertEqual(RegionCheck.region(fromJDBCURL: "jdbc:mysql://db.cluster-ro-x.cn-north-1.rds.amazonaws.com.cn/shop"), "cn-north-1")
        XCTAssertNil(RegionCheck.region(fromJDBCURL: "jdbc:mysql://10.0.0.5:3306/shop"))
        XCTAssertNil(RegionCheck.region(fromJDBCURL: "jdbc:mysql://mysql.internal.example.com/shop"))
        XCTAssertEqual(RegionCheck.region(fromAvailabilityZone: "us-east-1a"), "us-east-1")
        XCTAssertEqual(RegionCheck.region(fromAvailabilityZone: "us-west-2-lax-1a"), "us-west-2")
        XCTAssertEqual(RegionCheck.region(fromAvailabilityZone: "us-gov-west-1b"), "us-gov-west-1")
        XCTAssertNil(RegionCheck.region(fromAvailabilityZone: "nonsense"))
    }

    func testPolicyDocumentsCompareAsJSON() {
        XCTAssertTrue(PolicyDocument.equal(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}"#,
                                           "{\n  \"Statement\": [ {\"Effect\": \"Allow\"} ],\n  \"Version\": \"2012-10-17\"\n}"))
        XCTAssertFalse(PolicyDocument.equal(#"{"Statement":[{"Effect":"Allow"}]}"#, #"{"Statement":[{"Effect":"Deny"}]}"#))
        XCTAssertFalse(PolicyDocument.equal("not json", "not json"))
    }

    func testJobDifferencesNameEachField() throws {
        let job = try JSONDecoder.snake.decode(Manifest.Job.self, from: Data(#"""
        {"name": "m-T", "table": "T", "script": "glue/T.py", "script_location": "s3://b/s/T.py", "extra_py_files": "s3://b/s/ddbm_core.py",
         "glue_version": "5.0", "worker_type": "G.1X", "number_of_workers": 4, "timeout_minutes": 600, "max_concurrent_runs": 1,
         "max_retries": 0, "connections": ["c"], "role_arn": "arn:aws:iam::1:role/r", "default_arguments": {"--a": "1"}, "tags": {"k": "v"},
         "job_spec": {"spec_version": 2, "table": "T"},
         "validation": {"name": "m-T-validate", "script": "glue/validate_T.py", "script_location": "s3://b/s/validate_T.py",
                        "extra_py_files": "s3://b/s/ddbm_core.py,s3://b/s/ddbm_validate.py", "default_arguments": {"--v": "1"}}}
        """#.utf8))
        let wanted = JobSpec.definition(job)
        var deployed = try JSONDecoder().decode(GlueClient.Job.self, from: JSONEncoder().encode(wanted))
        XCTAssertEqual(JobSpec.differences(deployed: deployed, wanted: wanted), [])
        deployed.NumberOfWorkers = 2
        deployed.DefaultArguments = ["--a": "2", "--old": "x"]
        XCTAssertEqual(JobSpec.differences(deployed: deployed, wanted: wanted),
                       ["NumberOfWorkers: 2 -> 4", "DefaultArguments[--a]: '2' -> '1'", "DefaultArguments[--old]: 'x' -> (unset)"])
    }

    /// The validation job is the load job's definition with its own script, arguments and
    /// description; both are what plan compares and deploy writes, by name, with the job's tags.
    func testTheValidationJobIsTheLoadJobsDefinitionWithItsOwnScriptAndArguments() throws {
        let job = try JSONDecoder.snake.decode(Manifest.Job.self, from: Data(#"""
        {"name": "m-T", "table": "T", "script": "glue/T.py", "script_location": "s3://b/s/T.py", "extra_py_files": "s3://b/s/ddbm_core.py",
         "glue_version": "5.0", "worker_type": "G.1X", "number_of_workers": 4, "timeout_minutes": 600, "max_concurrent_runs": 1,
         "max_retries": 0, "connections": ["c"], "role_arn": "arn:aws:iam::1:role/r", "default_arguments": {"--a": "1"}, "tags": {"k": "v"},
         "job_spec": {"spec_version": 2, "table": "T"},
         "validation": {"name": "m-T-validate", "script": "glue/validate_T.py", "script_location": "s3://b/s/validate_T.py",
                        "extra_py_files": "s3://b/s/ddbm_core.py,s3://b/s/ddbm_validate.py", "default_arguments": {"--v": "1"}}}
        """#.utf8))
        let load = JobSpec.definition(job), validation = JobSpec.validationDefinition(job)
        XCTAssertEqual(validation.Command?.ScriptLocation, "s3://b/s/validate_T.py")
        XCTAssertEqual(validation.DefaultArguments, ["--v": "1"])
        XCTAssertEqual(validation.Description?.hasPrefix("ddb-migrate: validates DynamoDB table T"), true)
        for (name, have, want) in [("Role", validation.Role, load.Role), ("GlueVersion", validation.GlueVersion, load.GlueVersion),
                                   ("WorkerType", validation.WorkerType, load.WorkerType)] {
            XCTAssertEqual(have, want, name)
        }
        XCTAssertEqual(validation.NumberOfWorkers, load.NumberOfWorkers)
        XCTAssertEqual(validation.Timeout, load.Timeout)
        XCTAssertEqual(validation.Connections, load.Connections)
        let all = JobSpec.definitions([job])
        XCTAssertEqual(all.map(\.name), ["m-T", "m-T-validate"])
        XCTAssertEqual(all.map(\.tags), [["k": "v"], ["k": "v"]])
        XCTAssertEqual(all[1].definition, validation)
    }

    func testTableShapeListsEveryDifference() throws {
        let table = try JSONDecoder.snake.decode(TargetTable.self, from: Data(#"""
        {"name": "T", "arn": "arn:aws:dynamodb:us-east-1:1:table/T", "view": "v", "write_mode": "if-absent",
         "partition_key": {"name": "PK", "type": "S"}, "sort_key": {"name": "SK", "type": "S"},
         "attributes": [{"name": "PK", "type": "S"}, {"name": "SK", "type": "S"}, {"name": "G1PK", "type": "S"}],
         "global_secondary_indexes": [{"name": "G1", "partition_key": {"name": "G1PK", "type": "S"}, "sort_key": null,
                                       "projection": "KEYS_ONLY", "projected_attributes": []}]}
        """#.utf8))
        let actual = try JSONDecoder().decode(DynamoDBClient.TableDescription.self, from: Data(#"""
        {"TableName": "T", "TableStatus": "ACTIVE",
         "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
         "AttributeDefinitions": [{"AttributeName": "PK", "AttributeType": "S"}, {"AttributeName": "SK", "AttributeType": "N"},
                                  {"AttributeName": "G1PK", "AttributeType": "S"}],
         "GlobalSecondaryIndexes": [{"IndexName": "G1", "KeySchema": [{"AttributeName": "G1PK", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "ALL"}}]}
        """#.utf8))
        XCTAssertEqual(TableShape.differences(expected: table, actual: actual),
                       ["sort key SK: expected type S, the table has N", "GSI G1 projection: expected KEYS_ONLY, the table has ALL"])
    }

    func testStateFileRoundTripsAtomicallyAndKeepsRecentRuns() throws {
        let dir = CLI.tempDir(for: self)
        var state = try DeployState.load(from: dir)
        XCTAssertEqual(state.runs, [])
        for i in 0..<(DeployState.runsKeptPerTable + 2) {
            state.record(.init(table: "T", job: "j", jobRunId: "jr_\(i)", ddbmRunId: "ddbm-\(i)", startedAt: "t"))
        }
        try state.save(to: dir)
        try state.save(to: dir)
        let loaded = try DeployState.load(from: dir)
        XCTAssertEqual(loaded.runs.count, DeployState.runsKeptPerTable)
        XCTAssertEqual(loaded.runs.first?.jobRunId, "jr_2")
        XCTAssertEqual(loaded.ddbmRunId(forJobRun: "jr_5"), "ddbm-5")
        let text = try String(contentsOf: dir.appendingPathComponent(DeployState.fileName), encoding: .utf8)
        XCTAssertTrue(text.contains("\"ddbm_run_id\""), text)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [DeployState.fileName])
    }

    func testRunIdsAreValidForTheJobAndUnique() {
        let a = RunCoordinator.newRunId(), b = RunCoordinator.newRunId()
        XCTAssertNotEqual(a, b)
        XCTAssertNotNil(a.range(of: "^[A-Za-z0-9_.-]{1,128}$", options: .regularExpression))
    }
}

extension JSONDecoder {
    static var snake: JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return d
    }
}

/// The manifest's `job_spec` and `validation` entries of a generated directory, read through
/// `GeneratedDirectory`: the spec is the very document both scripts of the table embed.
final class GeneratedDirectoryValidationTests: XCTestCase {
    /// JOB_SPEC_JSON's literal of a generated script, decoded (PythonLiteral: for ASCII JSON only
    /// `\"` and `\\` are escaped; anything else is refused rather than guessed).
    func embeddedSpec(_ script: String) throws -> (line: String, object: NSObject) {
        let line = try XCTUnwrap(script.split(separator: "\n").first { $0.hasPrefix("JOB_SPEC_JSON = \"") }.map(String.init))
        var literal = String(line.dropFirst("JOB_SPEC_JSON = \"".count).dropLast())
        XCTAssertFalse(literal.contains("\\u") || literal.contains("\\x") || literal.contains("\\n"), "a literal this test cannot decode")
        literal = literal.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
        return (line, try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(literal.utf8)) as? NSObject))
    }

    func testJobSpecAndValidationOfEveryTable() throws {
        let root = CLI.repo.appendingPathComponent("generated/modernizer")
        let directory = try GeneratedDirectory(root.path)
        XCTAssertEqual(directory.manifest.jobs.map(\.table), ["Categories", "Products", "Users"])
        for job in directory.manifest.jobs {
            let load = try embeddedSpec(String(decoding: try directory.data(job.script), as: UTF8.self))
            let validate = try embeddedSpec(String(decoding: try directory.data(job.validation.script), as: UTF8.self))
            XCTAssertEqual(validate.line, load.line, "\(job.table): both scripts embed one spec")
            let manifestSpec = try JSONSerialization.jsonObject(with: try directory.jobSpecJSON(table: job.table)) as? NSObject
            XCTAssertEqual(manifestSpec, load.object, job.table)
            XCTAssertEqual(job.validation.name, job.name + "-validate")
            XCTAssertEqual(job.validation.script, "glue/validate_\(job.table).py")
            XCTAssertEqual(job.validation.scriptLocation, "s3://shop-migration-artifacts/ddb-migrate/scripts/validate_\(job.table).py")
            XCTAssertEqual(job.validation.extraPyFiles, "s3://shop-migration-artifacts/ddb-migrate/scripts/ddbm_core.py,s3://shop-migration-artifacts/ddb-migrate/scripts/ddbm_validate.py")
            XCTAssertEqual(job.validation.defaultArguments["--extra-py-files"], job.validation.extraPyFiles)
            for name in ["--ddbm_connection", "--ddbm_region", "--ddbm_report_uri", "--ddbm_partitions", "--TempDir", "--job-bookmark-option"] {
                XCTAssertEqual(job.validation.defaultArguments[name], job.defaultArguments[name], "\(job.table) \(name)")
            }
            // Nothing of the load job's writes: the validation job writes no item and no dead letter.
            XCTAssertNil(job.validation.defaultArguments["--ddbm_dead_letter_uri"])
            XCTAssertNil(job.validation.defaultArguments["--ddbm_max_write_units_per_second"])
        }
        // Both modules and every script are uploaded as S3 objects.
        let objects = Set(directory.manifest.artifacts.filter { $0.becomes.kind == .s3Object }.map(\.path))
        XCTAssertTrue(objects.isSuperset(of: ["glue/ddbm_core.py", "glue/ddbm_validate.py", "glue/validate_Users.py", "glue/Users.py"]))
        XCTAssertThrowsError(try directory.jobSpecJSON(table: "Nope"))
    }
}
