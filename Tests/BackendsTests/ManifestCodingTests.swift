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
        let text = try ManifestEncoder.render(table, pretty: false)
        XCTAssertEqual(text, #"{"name":"T","arn":"arn:aws:dynamodb:us-east-1:1:table/T","view":"v","write_mode":"if-absent","partition_key":{"name":"PK","type":"S"},"sort_key":null,"attributes":[],"global_secondary_indexes":[]}"#)
        let validation = Manifest.Validation(name: "n", script: "s", scriptLocation: "l", extraPyFiles: "e",
                                             defaultArguments: ["--ddbm_region": "r", "--TempDir": "t", "CostCenter": "c"])
        XCTAssertEqual(try ManifestEncoder.render(validation, pretty: false),
                       #"{"name":"n","script":"s","script_location":"l","extra_py_files":"e","default_arguments":{"--TempDir":"t","--ddbm_region":"r","CostCenter":"c"}}"#)
        XCTAssertEqual(try ManifestEncoder.render(Manifest.Becomes(kind: .s3Object, bucket: "b", key: "k"), pretty: false),
                       #"{"kind":"s3-object","bucket":"b","key":"k"}"#)
        XCTAssertEqual(try ManifestEncoder.render(Manifest.Becomes(kind: .documentation), pretty: false), #"{"kind":"documentation"}"#)
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

/// The encoder writes text as values arrive and closes a container when its value is done or
/// when an enclosing container takes its next member: the layout must be `JSONDocument`'s.
final class ManifestEncoderLayoutTests: XCTestCase {
    /// Nested containers asked for by key (not through a nested value), empty ones, and a
    /// sibling after an unclosed nested container.
    struct Nested: Encodable {
        enum Keys: String, CodingKey { case outerName, inner, list, empty, emptyList, after }
        enum InnerKeys: String, CodingKey { case deepValue, flag }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode("o", forKey: .outerName)
            var inner = c.nestedContainer(keyedBy: InnerKeys.self, forKey: .inner)
            try inner.encode(1, forKey: .deepValue)
            try inner.encodeNil(forKey: .flag)
            var list = c.nestedUnkeyedContainer(forKey: .list)
            try list.encode("a")
            var item = list.nestedContainer(keyedBy: InnerKeys.self)
            try item.encode(true, forKey: .flag)
            try list.encode(2.5)
            _ = c.nestedContainer(keyedBy: InnerKeys.self, forKey: .empty)
            _ = c.nestedUnkeyedContainer(forKey: .emptyList)
            try c.encode(["z": 1, "a": 2], forKey: .after)
        }
    }

    static let expected = JSONDocument.object([
        ("outer_name", .string("o")),
        ("inner", .object([("deep_value", .int(1)), ("flag", .null)])),
        ("list", .array([.string("a"), .object([("flag", .bool(true))]), .double(2.5)])),
        ("empty", .object([])),
        ("empty_list", .array([])),
        ("after", .object([("a", .int(2)), ("z", .int(1))])),
    ])

    func testNestedAndEmptyContainersLayOutAsTheDocumentDoes() throws {
        XCTAssertEqual(try ManifestEncoder.render(Nested()), Self.expected.rendered())
        XCTAssertEqual(try ManifestEncoder.render(Nested(), pretty: false), Self.expected.rendered(pretty: false))
        XCTAssertEqual(try ManifestEncoder.render([Nested(), Nested()]), JSONDocument.array([Self.expected, Self.expected]).rendered())
    }

    /// An embedded document is indented at the depth it lands at.
    func testAnEmbeddedDocumentTakesItsDepth() throws {
        let spec = JSONDocument.object([("k", .array([.int(1), .string("é")]))])
        let jobs: [String: [JSONDocument]] = ["j": [spec]]
        XCTAssertEqual(try ManifestEncoder.render(jobs), JSONDocument.object([("j", .array([spec]))]).rendered())
    }

    /// Members encoded on their own, one level deep, and spliced into their place give the bytes
    /// of the whole encoded at once: for the golden manifests (their jobs with embedded specs and
    /// argument maps, their tables) and for a value with every kind of member.
    func testSplicedMembersGiveTheBytesOfTheWhole() throws {
        for name in ["modernizer", "coverage"] {
            let data = try Data(contentsOf: ManifestCodingTests.repo.appendingPathComponent("generated/\(name)/manifest.json"))
            let manifest = try ManifestCodingTests.decode(data)
            let whole = try ManifestEncoder.renderBytes(manifest)
            let spliced = try ManifestEncoder.renderBytes(manifest, splicing: [
                "jobs": try ManifestEncoder.renderBytes(manifest.jobs, depth: 1),
                "tables": try ManifestEncoder.renderBytes(manifest.tables, depth: 1),
            ])
            XCTAssertEqual(String(decoding: spliced, as: UTF8.self), String(decoding: whole, as: UTF8.self), name)
        }
        struct Parts: Encodable {
            var name = "n", list = [1, 2], map = ["b": "x", "a": "y"]
            var spec = JSONDocument.object([("k", .array([.int(1)]))]), after = true
        }
        let parts = Parts()
        let members = ["list": try ManifestEncoder.renderBytes(parts.list, depth: 1), "map": try ManifestEncoder.renderBytes(parts.map, depth: 1),
                       "spec": try ManifestEncoder.renderBytes(parts.spec, depth: 1)]
        XCTAssertEqual(try ManifestEncoder.renderBytes(parts, splicing: members), try ManifestEncoder.renderBytes(parts))
        let given = String(decoding: try ManifestEncoder.renderBytes(parts, splicing: ["list": Array(#"["given"]"#.utf8)]), as: UTF8.self)
        XCTAssertTrue(given.contains(#""list": ["given"],"#), "a member's text is written as given, in its place: \(given)")
        XCTAssertEqual(try ManifestEncoder.renderBytes([Optional(1), nil], depth: 2), Array("[\n      1,\n      null\n    ]".utf8))
    }

    /// The writer learns each type's shape once; an optional's shape is its value's: after a
    /// number, a nil is still null (and the other way round), at any depth.
    func testOptionalsAreTheirValuesShapeEveryTime() throws {
        XCTAssertEqual(try ManifestEncoder.render([Optional(3), nil, 4], pretty: false), "[3,null,4]")
        XCTAssertEqual(try ManifestEncoder.render([nil, Optional(3)], pretty: false), "[null,3]")
        XCTAssertEqual(try ManifestEncoder.render(["a": [Optional(UInt8(7)), nil]], pretty: false), #"{"a":[7,null]}"#)
        XCTAssertEqual(try ManifestEncoder.render([Optional(["k": 1]), nil], pretty: false), #"[{"k":1},null]"#)
    }

    func testSnakeCaseConvertsCapitalsOnly() {
        XCTAssertEqual(ManifestEncoder.snakeCase("roleArn"), "role_arn")
        XCTAssertEqual(ManifestEncoder.snakeCase("sha256"), "sha256")
        XCTAssertEqual(ManifestEncoder.snakeCase("globalSecondaryIndexes"), "global_secondary_indexes")
        // As before: a leading capital is kept (JSONEncoder's rule needs a lower-case letter before it).
        XCTAssertEqual(ManifestEncoder.snakeCase("Kind"), "Kind")
        XCTAssertEqual(ManifestEncoder.snakeCase("préNom"), "pré_nom")
    }
}
