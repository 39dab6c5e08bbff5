import AWS
import Backends
import Foundation
import Operations
import XCTest

/// `CleanupPlanner` and `CleanupExecutor` against moto (with tests/moto_ext): ownership by the
/// marker tag, the order of the actions, keep / --all, absent resources, and deploy's drift
/// detection of the marker. The views are covered by tests/python/test_e2e_cleanup.py (MariaDB).
final class CleanupMotoTests: DeployMotoTestCase {
    let marker = (key: "ddb-migrate:migration", value: "shop-ddb-migrate-glue")

    func services() throws -> AWSServices {
        try AWSServices.fromEnvironment(region: "us-east-1", variables: try server.cliEnvironment)
    }

    func plan(all: Bool = false) async throws -> CleanupPlan {
        try await CleanupPlanner(directory: try GeneratedDirectory(dir.path), services: try services(), mysql: nil, all: all).plan()
    }

    func deploy() throws {
        try seed()
        let r = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    /// The kind of each action, in plan order, with repeats collapsed: the execution order.
    func kinds(_ plan: CleanupPlan) -> [String] {
        var out: [String] = []
        for a in plan.actions {
            let kind: String
            switch a.resource {
            case .glueJob: kind = "job"
            case .script: kind = "script"
            case .prefix: kind = "prefix"
            case .rolePolicy: kind = "policy"
            case .role: kind = "role"
            case .view: kind = "view"
            case .bucket: kind = "bucket"
            case .dynamoDBTable: kind = "table"
            }
            if out.last != kind { out.append(kind) }
        }
        return out
    }

    func testAfterDeployEverythingOursIsDeletedInOrderAndTheTablesAreKept() async throws {
        try deploy()
        let p = try await plan()
        XCTAssertFalse(p.refused, p.refusal.joined(separator: "\n"))
        XCTAssertEqual(kinds(p), ["job", "script", "prefix", "policy", "role", "view", "bucket", "table"])
        XCTAssertEqual(p.deletions.compactMap { if case .glueJob(let n) = $0.resource { return n } else { return nil } }.sorted(), jobs.sorted())
        XCTAssertEqual(p.deletions.filter { if case .script = $0.resource { return true } else { return false } }.count, 8)
        XCTAssertTrue(p.deletions.contains { $0.resource == .rolePolicy(role: role, policy: policy) })
        XCTAssertTrue(p.deletions.contains { $0.resource == .role(name: role) })
        // Without --mysql the views are kept, in reverse creation order (the union view first).
        let views = p.actions.compactMap { a -> String? in if case .view(let v) = a.resource { return v.name } else { return nil } }
        XCTAssertEqual(views.first, "ddb_users_view")
        XCTAssertEqual(views.last, "ddb_categories_view")
        for a in p.actions {
            switch a.resource {
            case .dynamoDBTable, .bucket, .view: XCTAssertNotEqual(a.disposition, .delete, a.label)
            default: break
            }
        }
        XCTAssertTrue(p.tablesNotice.contains("  aws dynamodb delete-table --region us-east-1 --table-name Users"), "\(p.tablesNotice)")

        try await CleanupExecutor(services: try services(), mysql: nil).execute(p) { _ in }
        let s = try snapshot()
        XCTAssertEqual((s["objects"] as? [String: Any])?.count, 0)
        XCTAssertTrue(s["role"] is NSNull)
        XCTAssertEqual((s["jobs"] as? [String: Any])?.count, 0)
        for table in ["Categories", "Products", "Users"] {
            let description = try await services().dynamoDB.describeTable(table)
            XCTAssertNotNil(description, table)
        }

        let again = try await plan()
        XCTAssertTrue(again.deletions.isEmpty, again.render())
        XCTAssertFalse(again.refused)
    }

    func testNothingDeployedIsAbsent() async throws {
        try seed()
        let p = try await plan(all: true)
        XCTAssertTrue(p.deletions.isEmpty, p.render())
        XCTAssertFalse(p.refused)
        for a in p.actions {
            switch a.resource {
            case .glueJob, .script, .prefix, .rolePolicy, .role: XCTAssertEqual(a.disposition, .absent, a.label)
            default: break
            }
        }
    }

    func testRunOutputsAreKeptUnlessAll() async throws {
        try deploy()
        let deadLetter = "ddb-migrate/dead-letters/Users/run-1/part-0.jsonl", report = "ddb-migrate/reports/Users/run-1.json"
        try server.fixture(["put-object", bucket, deadLetter, "{}"])
        try server.fixture(["put-object", bucket, report, "{}"])
        func prefixes(_ p: CleanupPlan) -> [String: (CleanupAction.Disposition, [String])] {
            var out: [String: (CleanupAction.Disposition, [String])] = [:]
            for a in p.actions { if case .prefix(_, let prefix, _, let keys) = a.resource { out[prefix] = (a.disposition, keys) } }
            return out
        }
        let kept = prefixes(try await plan())
        XCTAssertEqual(kept["ddb-migrate/dead-letters/"]?.0, .keep("kept without --all"))
        XCTAssertEqual(kept["ddb-migrate/dead-letters/"]?.1, [deadLetter])
        XCTAssertEqual(kept["ddb-migrate/reports/"]?.1, [report])
        XCTAssertEqual(kept["ddb-migrate/temp/"]?.0, .absent)
        let all = try await plan(all: true)
        XCTAssertEqual(prefixes(all)["ddb-migrate/reports/"]?.0, .delete)
        try await CleanupExecutor(services: try services(), mysql: nil).execute(all) { _ in }
        XCTAssertEqual((try snapshot()["objects"] as? [String: Any])?.count, 0)
    }

    func testResourcesWithoutOurMarkerAreRefusedAndNothingIsDeleted() async throws {
        try deploy()
        let aws = try services()
        // A script replaced by hand (no tags), a job whose marker names another migration.
        try server.fixture(["put-object", bucket, "ddb-migrate/scripts/Users.py", "print('mine')"])
        let arn = try GeneratedDirectory(dir.path).manifest.jobARN("shop-migrate-Products")
        try await aws.glue.tagResource(resourceARN: arn, tags: [marker.key: "another-migration"])
        let before = try snapshot() as NSDictionary
        let p = try await plan()
        XCTAssertTrue(p.refused)
        XCTAssertEqual(p.notOurs.map(\.label).sorted(), ["Glue job shop-migrate-Products", "S3 object s3://\(bucket)/ddb-migrate/scripts/Users.py"])
        let text = p.refusal.joined(separator: "\n")
        XCTAssertTrue(text.contains("tag ddb-migrate:migration is 'another-migration', this migration's is 'shop-ddb-migrate-glue'"), text)
        XCTAssertTrue(text.contains("Users.py: no ddb-migrate:migration tag"), text)
        do {
            try await CleanupExecutor(services: aws, mysql: nil).execute(p) { _ in }
            XCTFail("a refused plan was executed")
        } catch let failure as DeployFailure {
            XCTAssertEqual(failure.kind, .targetWrong)
        }
        XCTAssertEqual(try snapshot() as NSDictionary, before, "a refused cleanup changed something")
    }

    func testARoleWithAForeignInlinePolicyIsRefused() async throws {
        try deploy()
        try await services().iam.putRolePolicy(role, policyName: "added-by-hand", policyDocument: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#)
        let p = try await plan()
        XCTAssertEqual(p.notOurs.map(\.label), ["IAM role \(role)"])
        XCTAssertTrue(p.refusal.joined().contains("inline policy added-by-hand"), p.refusal.joined())
    }

    /// moto, like IAM, refuses DeleteRole while the inline policy is there: the executor's order matters.
    func testDeleteRoleFailsWhileThePolicyIsAttached() async throws {
        try deploy()
        do {
            try await services().iam.deleteRole(role)
            XCTFail("DeleteRole succeeded with an inline policy attached")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "DeleteConflict")
        }
    }

    /// Deploy's drift detection knows the marker: a job made by hand without tags and a script
    /// uploaded without the tag show as tag updates, and deploy adds the tags.
    func testPlanShowsAMissingMarkerAndDeployAddsIt() async throws {
        try seed()
        let directory = try GeneratedDirectory(dir.path)
        let aws = try services()
        let job = try XCTUnwrap(JobSpec.definitions(directory.manifest.jobs).first { $0.name == "shop-migrate-Users" })
        try await aws.glue.createJob(name: job.name, definition: job.definition)
        let artifact = try XCTUnwrap(directory.manifest.artifacts.first { $0.path == "glue/Users.py" })
        try await aws.s3.putObject(bucket: bucket, key: "ddb-migrate/scripts/Users.py", body: try directory.data(artifact.path),
                                   metadata: [DeployPlanner.hashMetadataKey: artifact.sha256])
        let plan = try cli(["plan", dir.path, "--config", config])
        XCTAssertTrue(plan.stdout.contains("~ update    Glue job shop-migrate-Users tags\n      ddb-migrate:migration: (unset) -> 'shop-ddb-migrate-glue'"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("~ update    s3://\(bucket)/ddb-migrate/scripts/Users.py\n      tag ddb-migrate:migration: (unset) -> 'shop-ddb-migrate-glue'"), plan.stdout)
        let r = try cli(["deploy", dir.path, "--config", config])
        XCTAssertEqual(r.status, 0, r.stderr)
        let tags = try await aws.glue.getTags(resourceARN: directory.manifest.jobARN("shop-migrate-Users"))
        XCTAssertEqual(tags, ["ddb-migrate:migration": "shop-ddb-migrate-glue", "project": "shop-modernization", "owner": "data-platform"])
        let objectTags = try await aws.s3.getObjectTagging(bucket: bucket, key: "ddb-migrate/scripts/Users.py")
        XCTAssertEqual(objectTags, [marker.key: marker.value])
        let after = try cli(["plan", dir.path, "--config", config])
        XCTAssertTrue(after.stdout.contains("no changes"), after.stdout)
        let p = try await self.plan()
        XCTAssertFalse(p.refused, p.refusal.joined(separator: "\n"))
    }
}
