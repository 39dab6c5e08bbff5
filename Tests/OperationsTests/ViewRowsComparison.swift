import XCTest
import Foundation
import Backends
import ContractSyntax
import Diagnostics
import MigrationIR
import MySQL
import Operations
import SQLText

/// The machinery shared by the live view tests (`ExpectedViewRowsTests`, `ConstructCasesTests`):
/// load a contract folder (`contract.json`, `schema.sql`, `seed.sql`, optional `schema.json`) into
/// a fresh MariaDB database, create the generated views, and compare every view row with the rows
/// written by hand in `expected/<view>.json` (format: contracts/README.md, "Expected rows").
///
/// Comparison returns messages instead of asserting, so a caller can name the case that failed.
enum ViewRowsComparison {
    /// A loaded folder: its database (drop it when done) and the IR its views were made from.
    struct Loaded {
        var database: TestDatabase
        var ir: MigrationIR
    }

    enum Failure: Error, CustomStringConvertible {
        case contract(String)
        case views([String])
        case file(String)

        var description: String {
            switch self {
            case .contract(let text): return "the contract does not compile:\n" + text
            case .views(let errors): return "views failed: " + errors.joined(separator: "; ")
            case .file(let text): return text
            }
        }
    }

    /// The live server from `DDBM_TEST_MYSQL_URL`, or an XCTSkip when it is unset.
    static func liveServer() throws -> MySQLURL {
        guard let server = try TestDatabase.serverURL() else {
            throw XCTSkip("DDBM_TEST_MYSQL_URL is unset; make test starts a private MariaDB")
        }
        return server
    }

    /// Generates the folder's contract (with `schema.json` when the folder has one) into a
    /// temporary directory, loads the schema and seed into a fresh database and creates the views
    /// as `apply-views` does (`ViewApplication`). The database is dropped again when any step fails.
    static func load(folder dir: URL, server: MySQLURL, dialect: SQLDialect) throws -> Loaded {
        let snapshot = dir.appendingPathComponent("schema.json").path
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ddbm-view-rows-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("generated").path
        let compiled = Compiler.run(.init(contract: dir.appendingPathComponent("contract.json").path,
                                          schema: FileManager.default.fileExists(atPath: snapshot) ? snapshot : nil,
                                          dialect: dialect, stage: .generate(out: out)))
        guard let ir = compiled.ir, compiled.artifacts != nil else {
            throw Failure.contract(compiled.writeError ?? TextRenderer.render(compiled.diagnostics.sorted))
        }
        let db = try TestDatabase(server: server, prefix: dir.lastPathComponent)
        do {
            try db.run(sqlFile: dir.appendingPathComponent("schema.sql").path)
            try db.run(sqlFile: dir.appendingPathComponent("seed.sql").path)
            let outcome = try ViewApplication.apply(try ViewApplication.open(out), on: db.connection)
            if let failure = outcome.failure { throw Failure.views(failure.problems) }
        } catch {
            db.drop()
            throw error
        }
        return Loaded(database: db, ir: ir)
    }

    /// Every difference between the views of `loaded` and `dir/expected/`, as readable messages
    /// (empty when all rows match). A view without an expected file is a difference too.
    static func differences(_ loaded: Loaded, expectedDir: URL) throws -> [String] {
        var messages: [String] = []
        for table in loaded.ir.tables {
            let file = expectedDir.appendingPathComponent(table.viewName + ".json")
            guard let data = try? Data(contentsOf: file),
                  let expected = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                messages.append("\(table.viewName): no readable expected file \(file.path)")
                continue
            }
            guard let orderBy = expected["order_by"] as? [String], let expectedRows = expected["rows"] as? [[String: Any]] else {
                messages.append("\(file.path): needs \"order_by\" (array of names) and \"rows\" (array of objects)")
                continue
            }
            let actual = try loaded.database.connection.query("SELECT * FROM \(SQLIdentifier.quote(table.viewName))")
            let types = Dictionary(table.columns.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
            let unordered = setLikeColumns(table)
            var rows: [[String: String]] = actual.rows.map { values in
                var row: [String: String] = [:]
                for (i, col) in actual.columns.enumerated() where col.name != "_partition_key" {
                    row[col.name] = canonical(actual: values[i], type: types[col.name], sorted: unordered.contains(col.name))
                }
                return row
            }
            rows.sort { a, b in lessThan(a, b, orderBy) }
            let want: [[String: String]] = expectedRows.map { r in
                var row: [String: String] = [:]
                for (k, v) in r { row[k] = canonical(expected: v, type: types[k], sorted: unordered.contains(k)) }
                return row
            }
            if rows.count != want.count {
                messages.append("\(table.viewName): \(rows.count) rows, expected \(want.count)")
            }
            for (i, (got, exp)) in zip(rows, want).enumerated() {
                for key in Set(got.keys).union(exp.keys).sorted() where got[key] != exp[key] {
                    messages.append("\(table.viewName) row \(i) (\(orderBy.map { display(exp[$0]) }.joined(separator: ", "))) column \(key): got \(display(got[key])), expected \(display(exp[key]))")
                }
            }
        }
        return messages
    }

    // MARK: - canonical text of values

    /// Columns whose value is a set-like JSON array (lookup-table SS/NS/L, or any SS/NS/BS):
    /// compared order-free.
    static func setLikeColumns(_ t: TableIR) -> Set<String> {
        var names = Set(t.columns.filter { $0.type == .SS || $0.type == .NS || $0.type == .BS }.map(\.name))
        for b in t.branches { for a in b.attributes { if case .distinctArray = a.value { names.insert(a.name) } } }
        return names
    }

    /// Stands for SQL NULL / JSON null in canonical rows; cannot collide with a real text value.
    static let nullMark = "\u{0}NULL"

    private static func display(_ v: String?) -> String {
        guard let v else { return "<missing column>" }
        return v == nullMark ? "NULL" : v
    }

    static func canonical(actual v: MySQLValue?, type: DynamoType?, sorted: Bool) -> String {
        guard let v else { return nullMark }
        switch type {
        case .B?, .BS?: return "base64:" + Data(v.bytes).base64EncodedString()
        case .M?, .L?, .SS?, .NS?:
            guard let any = try? JSONSerialization.jsonObject(with: Data(v.bytes), options: [.fragmentsAllowed]) else { return "invalid JSON: " + v.text }
            return canon(any, sortArrays: sorted)
        default: return v.text
        }
    }

    static func canonical(expected v: Any, type: DynamoType?, sorted: Bool) -> String {
        if v is NSNull { return nullMark }
        switch type {
        case .B?, .BS?: return "base64:" + (((v as? [String: Any])?["base64"] as? String) ?? "\(v)")
        case .M?, .L?, .SS?, .NS?: return canon(v, sortArrays: sorted)
        default: return (v as? String) ?? "\(v)"
        }
    }

    /// Stable text of a JSON value: keys sorted, numbers by value, arrays sorted when set-like.
    static func canon(_ v: Any, sortArrays: Bool) -> String {
        switch v {
        case let d as [String: Any]:
            return "{" + d.keys.sorted().map { "\($0):\(canon(d[$0] ?? NSNull(), sortArrays: false))" }.joined(separator: ",") + "}"
        case let a as [Any]:
            var items = a.map { canon($0, sortArrays: false) }
            if sortArrays { items.sort() }
            return "[" + items.joined(separator: ",") + "]"
        case is NSNull: return "null"
        case let s as String: return "\"" + s + "\""
        case let n as NSNumber:
            if String(describing: type(of: n)).contains("Boolean") { return n.boolValue ? "true" : "false" }
            return "\(n.doubleValue)"
        default: return "\(v)"
        }
    }

    /// Row order of expected files: by `keys`, NULL first, then code-point order.
    static func lessThan(_ a: [String: String], _ b: [String: String], _ keys: [String]) -> Bool {
        for k in keys {
            let x = a[k] ?? nullMark, y = b[k] ?? nullMark
            if x == y { continue }
            if x == nullMark { return true }
            if y == nullMark { return false }
            return Array(x.unicodeScalars.map(\.value)).lexicographicallyPrecedes(Array(y.unicodeScalars.map(\.value)))
        }
        return false
    }
}
