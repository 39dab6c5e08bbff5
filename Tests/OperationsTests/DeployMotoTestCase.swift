import Foundation
import XCTest

/// The moto-backed deploy tests' common ground: a moto server with the project's extension
/// (tests/moto_ext/server.py) per test class, a fresh copy of generated/modernizer per test,
/// and helpers to seed the fake account (fixture.py), inspect it and run the CLI.
class DeployMotoTestCase: XCTestCase {
    nonisolated(unsafe) static var moto: MotoExtServer?
    var dir = URL(fileURLWithPath: "/")
    var config = CLI.repo.appendingPathComponent("contracts/modernizer/config.json").path
    let bucket = "shop-migration-artifacts"
    let role = "shop-ddb-migrate-glue"
    let policy = "shop-ddb-migrate-glue-policy"
    /// Every Glue job of the directory: each table's load job and its validation job.
    let jobs = ["Categories", "Products", "Users"].flatMap { ["shop-migrate-\($0)", "shop-migrate-\($0)-validate"] }

    override class func tearDown() {
        moto?.stop()
        moto = nil
    }

    var server: MotoExtServer {
        get throws {
            if let m = Self.moto { return m }
            let m = try MotoExtServer()
            Self.moto = m
            return m
        }
    }

    override func setUpWithError() throws {
        try server.reset()
        dir = CLI.tempDir(for: self).appendingPathComponent("modernizer")
        try FileManager.default.copyItem(at: CLI.repo.appendingPathComponent("generated/modernizer"), to: dir)
    }

    // MARK: helpers

    var manifest: [String: Any] {
        get throws {
            try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("manifest.json"))) as? [String: Any] ?? [:]
        }
    }

    /// The network ids fixture.py created (vpc, subnet, route_table, other_route_table, security_group).
    struct NetworkIds: Decodable {
        var vpc: String?, subnet: String?, route_table: String?, other_route_table: String?, security_group: String?
    }

    /// Tables exactly as the manifest wants them, a bucket, and a connection in a VPC whose
    /// subnet reaches DynamoDB and S3 by gateway endpoints (unless `network` says otherwise);
    /// `edit` may change or drop tables.
    @discardableResult
    func seed(pitr: Bool = true, jdbcURL: String = "jdbc:mysql://shop.abc123.us-east-1.rds.amazonaws.com:3306/shop",
              zone: String = "us-east-1a", connection: Bool = true, network: [String: Any] = [:],
              connectionExtras: [String: Any] = [:], bucketRegion: String? = "us-east-1",
              edit: (inout [[String: Any]]) -> Void = { _ in }) throws -> NetworkIds {
        var tables: [[String: Any]] = []
        for t in try manifest["tables"] as? [[String: Any]] ?? [] {
            func key(_ k: Any?) -> Any { (k as? [String: String]).map { [$0["name"] ?? "", $0["type"] ?? ""] } ?? NSNull() }
            tables.append([
                "name": t["name"] ?? "", "pk": key(t["partition_key"]), "sk": key(t["sort_key"]),
                "gsis": (t["global_secondary_indexes"] as? [[String: Any]] ?? []).map {
                    ["name": $0["name"] ?? "", "pk": key($0["partition_key"]), "sk": key($0["sort_key"]), "projection": $0["projection"] ?? "ALL"]
                },
            ])
        }
        edit(&tables)
        var spec: [String: Any] = ["region": "us-east-1", "bucket": bucket, "tables": tables, "pitr": pitr, "network": network,
                                   "bucket_region": bucketRegion.map { $0 as Any } ?? NSNull()]
        if connection {
            var c: [String: Any] = ["name": "shop-mysql", "jdbc_url": jdbcURL, "availability_zone": zone]
            for (k, v) in connectionExtras { c[k] = v }
            spec["connection"] = c
        }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let out = try server.fixture(["seed", json])
        let last = out.split(separator: "\n").last.map(String.init) ?? "{}"
        return try JSONDecoder().decode(NetworkIds.self, from: Data(last.utf8))
    }

    func snapshot() throws -> [String: Any] {
        let text = try server.fixture(["snapshot", "us-east-1", bucket, role, policy] + jobs)
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    func cli(_ args: [String], env: [String: String] = [:]) throws -> CLIResult {
        var environment = try server.cliEnvironment
        for (k, v) in env { environment[k] = v }
        return try CLI.run(args, environment: environment)
    }

    func assertNothingWritten(_ file: StaticString = #filePath, line: UInt = #line) throws {
        let s = try snapshot()
        XCTAssertEqual((s["objects"] as? [String: Any])?.count ?? 0, 0, "S3 objects written", file: file, line: line)
        XCTAssertTrue(s["role"] is NSNull, "IAM role written", file: file, line: line)
        XCTAssertEqual((s["jobs"] as? [String: Any])?.count, 0, "Glue jobs written", file: file, line: line)
    }

    func json(_ text: String) -> NSObject? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSObject
    }

    /// A config like the example's with `edit` applied to its JSON object, and a directory
    /// generated from it (replacing `dir`).
    func regenerate(editConfig edit: (inout [String: Any]) -> Void) throws {
        let example = CLI.repo.appendingPathComponent("contracts/modernizer")
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: example.appendingPathComponent("config.json"))) as? [String: Any] ?? [:]
        edit(&object)
        let edited = dir.deletingLastPathComponent().appendingPathComponent("edited-config.json")
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]).write(to: edited)
        try? FileManager.default.removeItem(at: dir)
        let r = try CLI.run(["generate", example.appendingPathComponent("contract.json").path, "--config", edited.path,
                             "--schema", example.appendingPathComponent("schema.json").path, "--out", dir.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        config = edited.path
    }
}
