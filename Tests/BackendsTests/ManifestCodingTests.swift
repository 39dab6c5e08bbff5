import Foundation
import MigrationTarget
import XCTest
@testable import Backends

/// One manifest type for both sides: what `generate` encodes is what `GeneratedDirectory`
/// decodes (JSONDecoder, `.convertFromSnakeCase`), field for field and byte for byte.
final class ManifestCodingTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).appendingPathComponent("../../..").standardizedFileURL

    static func decode(_ data: Data) throws -> Manifest {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return try d.decode(Manifest.self, from: data)
    }

    /// Byte for byte, but for the order of keys inside `job_spec`: JSONDecoder does not keep the
    /// order of an object's keys, so a decoded spec comes back sorted (the same JSON value; the
    /// scripts embed the generator's order). The specs are compared as values instead.
    func testTheGoldenManifestsDecodeAndEncodeToTheSameBytes() throws {
        for name in ["modernizer", "coverage"] {
            let data = try Data(contentsOf: Self.repo.appendingPathComponent("generated/\(name)/manifest.json"))
            var manifest = try Self.decode(data)
            XCTAssertFalse(manifest.tables.isEmpty)
            let original = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let originalSpecs = try XCTUnwrap(original["jobs"] as? [[String: Any]]).map { $0["job_spec"] as? NSDictionary }
            let decodedSpecs = try manifest.jobs.map { try JSONSerialization.jsonObject(with: Data($0.jobSpec.rendered().utf8)) as? NSDictionary }
            XCTAssertEqual(decodedSpecs, originalSpecs, name)
            XCTAssertEqual(manifest.jobs.count, originalSpecs.count)

            for i in manifest.jobs.indices { manifest.jobs[i].jobSpec = .null }
            XCTAssertEqual(try manifest.rendered(), Self.withoutJobSpecs(String(decoding: data, as: UTF8.self)), name)
        }
    }

    /// The manifest text with each `"job_spec": {...}` (a member of a job, six spaces in) as `null`.
    static func withoutJobSpecs(_ text: String) -> String {
        var out: [Substring] = []
        var inSpec = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if inSpec {
                if line == "      }," { inSpec = false }
            } else if line == "      \"job_spec\": {" {
                out.append("      \"job_spec\": null,")
                inSpec = true
            } else {
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }

    func testNilIsNullDictionaryKeysStayAsWrittenAndBecomesWritesOnlyItsKind() throws {
        let table = TargetTable(name: "T", arn: "arn:aws:dynamodb:us-east-1:1:table/T", view: "v", writeMode: "if-absent",
                                partitionKey: .init(name: "PK", type: "S"), sortKey: nil, attributes: [], globalSecondaryIndexes: [])
        let text = try ManifestEncoder.encode(table).rendered(pretty: false)
        XCTAssertEqual(text, #"{"name":"T","arn":"arn:aws:dynamodb:us-east-1:1:table/T","view":"v","write_mode":"if-absent","partition_key":{"name":"PK","type":"S"},"sort_key":null,"attributes":[],"global_secondary_indexes":[]}"#)
        let validation = Manifest.Validation(name: "n", script: "s", scriptLocation: "l", extraPyFiles: "e",
                                             defaultArguments: ["--ddbm_region": "r", "--TempDir": "t", "CostCenter": "c"])
        XCTAssertEqual(try ManifestEncoder.encode(validation).rendered(pretty: false),
                       #"{"name":"n","script":"s","script_location":"l","extra_py_files":"e","default_arguments":{"--TempDir":"t","--ddbm_region":"r","CostCenter":"c"}}"#)
        XCTAssertEqual(try ManifestEncoder.encode(Manifest.Becomes(kind: .s3Object, bucket: "b", key: "k")).rendered(pretty: false),
                       #"{"kind":"s3-object","bucket":"b","key":"k"}"#)
        XCTAssertEqual(try ManifestEncoder.encode(Manifest.Becomes(kind: .documentation)).rendered(pretty: false), #"{"kind":"documentation"}"#)
        let decoded = try JSONDecoder().decode(Manifest.Becomes.self, from: Data(#"{"kind":"mysql-views","applied_by":"x"}"#.utf8))
        XCTAssertEqual(decoded.kind, .mysqlViews)
    }

    /// The job spec travels as a JSONDocument: its snake_case keys survive the decoder's strategy.
    func testTheJobSpecKeepsItsKeys() throws {
        let data = try Data(contentsOf: Self.repo.appendingPathComponent("generated/modernizer/manifest.json"))
        let spec = try XCTUnwrap(try Self.decode(data).jobs.first?.jobSpec)
        guard case .object(let members) = spec else { return XCTFail("\(spec)") }
        XCTAssertTrue(members.map(\.0).contains("spec_version"), "\(members.map(\.0))")
        XCTAssertTrue(members.map(\.0).contains("partition_column"))
    }
}
