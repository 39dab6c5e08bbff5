import Foundation
@testable import MCPServer
import XCTest

/// Paths must lie under --root, judged after `..` and every symbolic link are resolved.
final class RootDirectoryTests: XCTestCase {
    var base: URL!
    var root: RootDirectory!

    override func setUpWithError() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("ddbm-root-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base.appendingPathComponent("root/out"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: base.appendingPathComponent("outside"), withIntermediateDirectories: true)
        root = try RootDirectory(base.appendingPathComponent("root").path)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: base) }

    func refusal(_ path: String, allowRoot: Bool = true) -> String? {
        do { _ = try root.resolve(path, field: "arguments.dir", allowRoot: allowRoot); return nil } catch let e as ArgumentError { return e.message } catch {
            return "\(error)"
        }
    }

    func testRelativeAndAbsolutePathsUnderTheRoot() throws {
        XCTAssertEqual(try root.resolve("out", field: "f"), root.path + "/out")
        XCTAssertEqual(try root.resolve("./out/../out/views.sql", field: "f"), root.path + "/out/views.sql")
        XCTAssertEqual(try root.resolve(root.path + "/new/dir", field: "f"), root.path + "/new/dir")
        XCTAssertEqual(try root.resolve(".", field: "f"), root.path)
    }

    func testDotDotOutsideIsRefused() {
        XCTAssertEqual(refusal("../outside"), "arguments.dir '../outside' is outside the allowed directory (--root); give a path under it")
        XCTAssertNotNil(refusal("out/../../outside/x"))
        XCTAssertNotNil(refusal("../root-sibling"))
    }

    func testAbsolutePathOutsideIsRefused() {
        XCTAssertNotNil(refusal("/etc/passwd"))
        XCTAssertNotNil(refusal(base.appendingPathComponent("outside").path))
        // A prefix of the name is not containment: root-other is not under root.
        XCTAssertNotNil(refusal(root.path + "-other/x"))
    }

    func testSymlinkEscapesAreRefused() throws {
        let link = root.path + "/escape"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: base.appendingPathComponent("outside").path)
        XCTAssertNotNil(refusal("escape"))
        XCTAssertNotNil(refusal("escape/new-file"), "a file to be created through the link is judged by where it lands")
        // A link that stays inside is fine.
        try FileManager.default.createSymbolicLink(atPath: root.path + "/inside", withDestinationPath: root.path + "/out")
        XCTAssertEqual(try root.resolve("inside/x", field: "f"), root.path + "/out/x")
    }

    func testTheRootItselfIsRefusedAsAnOutput() {
        XCTAssertEqual(refusal(".", allowRoot: false), "arguments.dir '.' is the --root directory itself; give a directory under it")
        XCTAssertEqual(refusal("out/..", allowRoot: false), "arguments.dir 'out/..' is the --root directory itself; give a directory under it")
    }

    func testEmptyOrNULPathsAreRefused() {
        XCTAssertEqual(refusal(""), "arguments.dir must be a non-empty path")
        XCTAssertEqual(refusal("a\0b"), "arguments.dir must be a non-empty path")
    }

    func testAMissingRootDoesNotServe() {
        XCTAssertThrowsError(try RootDirectory(base.appendingPathComponent("nope").path))
    }

    func testResourcesAreOnlyFilesOfGeneratedDirectories() throws {
        try Data("{}".utf8).write(to: URL(fileURLWithPath: root.path + "/out/manifest.json"))
        try Data("CREATE VIEW v AS SELECT 1;".utf8).write(to: URL(fileURLWithPath: root.path + "/out/views.sql"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: root.path + "/notes.txt"))
        XCTAssertEqual(GeneratedResources.list(root: root).map(\.uri).sorted(),
                       ["ddbm://generated/out/manifest.json", "ddbm://generated/out/views.sql"])
        XCTAssertEqual(try GeneratedResources.read("ddbm://generated/out/views.sql", root: root).text, "CREATE VIEW v AS SELECT 1;")
        XCTAssertThrowsError(try GeneratedResources.read("ddbm://generated/notes.txt", root: root))
        XCTAssertThrowsError(try GeneratedResources.read("ddbm://generated/../outside/x", root: root))
        XCTAssertThrowsError(try GeneratedResources.read("file:///etc/passwd", root: root))
    }
}
