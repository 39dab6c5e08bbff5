import XCTest
import ContractSyntax
import Diagnostics
import SourceSchema
@testable import MigrationIR

/// Runs the real contract decoder and Sema over a contract written inline.
struct SemaRun {
    let ir: MigrationIR?
    let diagnostics: [Diagnostic]
    /// "severity code" per diagnostic, in file order. Positions are pinned by the folder cases
    /// (Tests/Cases/diagnostics/), which show them as the tool prints them.
    var summary: [String] { diagnostics.map { "\($0.severity.rawValue) \($0.code)" } }

    init(_ json: String, schema: SchemaSnapshot? = nil, file: StaticString = #filePath, line: UInt = #line) {
        let engine = DiagnosticEngine()
        guard let ast = ContractParser.parse(bytes: Array(json.utf8), file: "c.json", diagnostics: engine) else {
            XCTFail("contract does not parse: \(engine.diagnostics)", file: file, line: line)
            ir = nil; diagnostics = engine.sorted; return
        }
        ir = Sema.check(ast, schema: schema, diagnostics: engine)
        diagnostics = engine.sorted
    }
}

/// A single-entity table around the given attributes (one per line, starting at line 4).
/// Each attribute gets `"source_table": "users"` (and `"source_column": "id"` when it has none),
/// which the contract schema requires.
func singleTable(_ attributes: [String], extra: String = "", source: String = "users", pk: String = "PK", size: Int = 100) -> String {
    let attrs = attributes.map { a -> String in
        var a = a
        if !a.contains("\"source_column\"") { a = a.replacingOccurrences(of: "{\"name\"", with: "{\"source_column\": \"id\", \"name\"") }
        return "    " + a.replacingOccurrences(of: "{\"source_column\"", with: "{\"source_table\": \"\(source)\", \"source_column\"")
             .replacingOccurrences(of: "{\"name\"", with: "{\"source_table\": \"\(source)\", \"name\"")
    }
    return """
    {"tables": [{"table": "Users", "type": "single-entity", "source_table": "\(source)", "pk": "\(pk)",\(extra)
      "satisfies": [], "estimated_item_size_bytes": \(size),
      "attributes": [
        {"name": "PK", "type": "S", "source_table": "\(source)", "source_column": "email"}\(attrs.isEmpty ? "" : ",")
    \(attrs.joined(separator: ",\n"))
      ]}]}
    """
}

/// A schema snapshot of the modernizer's shop (schema.sql), for schema checks.
let shopSchema: SchemaSnapshot = {
    func col(_ n: String, _ t: String, null: Bool = false) -> ColumnSchema {
        ColumnSchema(name: n, dataType: t, columnType: t, nullable: null, autoIncrement: n == "id")
    }
    return SchemaSnapshot(database: "shop", serverVersion: "10.11", tables: [
        TableSchema(name: "users", columns: [col("id", "int"), col("username", "varchar"), col("email", "varchar"),
                                              col("first_name", "varchar", null: true), col("is_seller", "tinyint", null: true),
                                              col("created_at", "timestamp", null: true)],
                    primaryKey: ["id"], uniqueKeys: [["username"], ["email"]], foreignKeys: [], estimatedRows: 2),
        TableSchema(name: "orders", columns: [col("id", "int"), col("user_id", "int"), col("total_amount", "decimal"),
                                               col("status", "enum", null: true)],
                    primaryKey: ["id"], uniqueKeys: [], foreignKeys: [], estimatedRows: 2),
        TableSchema(name: "order_items", columns: [col("id", "int"), col("order_id", "int"), col("product_id", "int"), col("quantity", "int")],
                    primaryKey: ["id"], uniqueKeys: [], foreignKeys: [], estimatedRows: 2),
    ])
}()
