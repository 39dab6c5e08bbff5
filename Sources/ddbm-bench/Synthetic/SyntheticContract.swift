import Foundation

/// A large synthetic contract for timing `generate`: `tables` DynamoDB tables, every one
/// different in its source names and using, between them, every join kind, calculation and
/// transformation of docs/CONTRACT.md §4 (so the timing covers the whole checker and lowering, not
/// one fast path). Every third table is multi-entity. Deterministic: table i always looks the
/// same, so timings of two runs compare.
enum SyntheticContract {
    /// The contract as JSON text (keys sorted, so the file is byte-stable).
    static func json(tables: Int) throws -> Data {
        let document: [String: Any] = ["tables": (1...max(tables, 1)).map(table)]
        return try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
    }

    static func table(_ i: Int) -> [String: Any] {
        let gsis: [[String: Any]] = [
            ["index_name": "GSI1", "pk": "GSI1PK", "sk": "GSI1SK", "projection": "ALL"],
            ["index_name": "GSI2", "pk": "GSI2PK", "projection": "KEYS_ONLY"],
        ]
        var table: [String: Any] = [
            "table": String(format: "Synth%04d", i),
            "pk": "PK", "sk": "SK", "gsis": gsis,
            "satisfies": ["AP\(i)"],
            "estimated_item_size_bytes": 512 + i % 2048,
        ]
        let names = Names(i)
        if i % 3 == 0 {
            table["type"] = "multi-entity"
            table["source_table"] = names.row
            table["entities"] = [headerEntity(names), lineEntity(names)]
        } else {
            table["type"] = "single-entity"
            table["source_table"] = names.row
            table["attributes"] = rowAttributes(names)
            if i % 2 == 0 { table["filter"] = "\(names.row).deleted_at IS NULL" }
            if i % 5 == 0 { table["write"] = ["mode": "if-newer", "version_attribute": "version"] }
        }
        return table
    }

    /// The relation names one table uses: its row source and the tables it joins.
    struct Names {
        let row: String, lines: String, owner: String, status: String, tags: String, city: String, region: String
        init(_ i: Int) {
            row = "t\(i)"
            lines = "t\(i)_lines"
            owner = "users\(i % 50)"
            status = "statuses\(i % 20)"
            tags = "tags\(i % 30)"
            city = "cities\(i % 40)"
            region = "regions\(i % 10)"
        }
    }

    static func plain(_ name: String, _ type: String, _ table: String, _ column: String) -> [String: Any] {
        ["name": name, "type": type, "source_table": table, "source_column": column]
    }

    static func with(_ base: [String: Any], _ key: String, _ value: [String: Any]) -> [String: Any] {
        var out = base
        out[key] = value
        return out
    }

    static func rowAttributes(_ n: Names) -> [[String: Any]] {
        let t = n.row
        let ownerJoin: [String: Any] = ["type": "foreign-key", "target_table": n.owner,
                                        "join_condition": "\(n.owner).id = \(t).owner_id", "select_column": "\(n.owner).email"]
        return [
            with(plain("PK", "S", t, "id"), "transformation", ["type": "string-format", "format": "\(t.uppercased())#{id}"]),
            with(plain("SK", "S", t, "id"), "transformation", ["type": "string-format", "format": "#META"]),
            plain("name", "S", t, "name"),
            plain("amount", "N", t, "amount"),
            plain("version", "N", t, "version"),
            plain("is_active", "BOOL", t, "is_active"),
            with(plain("amount_text", "S", t, "amount"), "transformation", ["type": "number-format", "format": "0.00"]),
            with(plain("sort_id", "S", t, "id"), "transformation", ["type": "number-format", "format": "00000000"]),
            with(plain("created", "S", t, "created_at"), "transformation", ["type": "date-format", "format": "YYYY-MM-DDTHH:mm:ss"]),
            with(plain("created_day", "S", t, "created_epoch"), "transformation",
                 ["type": "date-format", "format": "YYYY-MM-DD", "source_format": "epoch"]),
            with(plain("expires_at", "N", t, "created_at"), "calculation", ["type": "date-math", "operation": "epoch", "add_seconds": 86400 * 90]),
            with(plain("due", "S", t, "created_at"), "calculation", ["type": "date-math", "operation": "add", "unit": "day", "amount": 30]),
            with(plain("age_days", "N", t, "created_at"), "calculation",
                 ["type": "date-math", "operation": "diff", "unit": "day", "other_column": "updated_at"]),
            with(plain("owner_email", "S", t, "owner_id"), "join", ownerJoin),
            with(with(plain("owner_label", "S", t, "owner_id"), "join", ownerJoin), "transformation",
                 ["type": "string-format", "format": "OWNER#{\(n.owner).email}#{\(t).id}"]),
            with(plain("status_label", "S", t, "status_id"), "join",
                 ["type": "conditional", "target_table": n.status, "join_condition": "\(n.status).id = \(t).status_id",
                  "condition": "\(t).status_id IS NULL", "select_column": "'NONE'", "else_value": "\(n.status).label"]),
            with(plain("parent_name", "S", t, "parent_id"), "join",
                 ["type": "self-join", "join_alias": "parent", "join_condition": "parent.id = \(t).parent_id",
                  "select_column": "parent.name", "null_value": ""]),
            with(plain("line_count", "N", t, "id"), "calculation",
                 ["type": "aggregate", "target_table": n.lines, "join_condition": "\(n.lines).parent_id = \(t).id",
                  "operation": "COUNT", "select_column": "\(n.lines).id"]),
            with(plain("line_total", "N", t, "id"), "calculation",
                 ["type": "aggregate", "target_table": n.lines, "join_condition": "\(n.lines).parent_id = \(t).id",
                  "operation": "SUM", "select_column": "\(n.lines).quantity * \(n.lines).price"]),
            with(plain("lines", "L", t, "id"), "join",
                 ["type": "json-construction", "target_table": n.lines, "join_condition": "\(n.lines).parent_id = \(t).id",
                  "construction": ["type": "array", "select_columns": ["sku": "sku", "quantity": "quantity", "price": "price"],
                                   "order_by": "\(n.lines).id", "limit": 25] as [String: Any]]),
            with(plain("profile", "M", t, "id"), "join",
                 ["type": "json-construction", "target_table": t,
                  "construction": ["type": "object", "select_columns": ["first": "first_name", "last": "last_name"]]]),
            with(plain("tier", "S", t, "amount"), "calculation",
                 ["type": "case", "cases": [["when": "\(t).amount >= 1000", "then": "'gold'"],
                                            ["when": "\(t).amount >= 100", "then": "'silver'"]],
                  "else": "'basic'"]),
            with(plain("full_name", "S", t, "first_name"), "calculation",
                 ["type": "concat", "parts": ["\(t).first_name", "' '", "\(t).last_name"]]),
            with(["name": "code", "type": "S", "source_table": t, "source_column": ["prefix", "id"]] as [String: Any],
                 "calculation", ["type": "concat", "separator": "-"]),
            with(plain("tags", "SS", t, "id"), "join",
                 ["type": "lookup-table", "target_table": n.tags, "join_condition": "\(n.tags).item_id = \(t).id",
                  "select_column": "\(n.tags).tag"]),
            with(plain("place", "S", t, "city_id"), "join",
                 ["type": "chain", "chain_separator": " / ",
                  "joins": [["target_table": n.city, "join_condition": "\(n.city).id = \(t).city_id", "select_column": "\(n.city).name"],
                            ["target_table": n.region, "join_condition": "\(n.region).id = \(n.city).region_id",
                             "select_column": "\(n.region).name"]]] as [String: Any]),
            with(plain("warehouse", "S", t, "warehouse_id"), "join",
                 ["type": "multi-column", "target_table": "stock\(t)",
                  "join_conditions": ["stock\(t).warehouse_id = \(t).warehouse_id", "stock\(t).item_id = \(t).id"],
                  "select_column": "stock\(t).bin"]),
            plain("GSI1PK", "S", t, "category"),
            plain("GSI1SK", "S", t, "created_at"),
            with(plain("GSI2PK", "S", t, "owner_id"), "transformation", ["type": "string-format", "format": "OWNER#{owner_id}"]),
        ]
    }

    static func headerEntity(_ n: Names) -> [String: Any] {
        // PK and SK come from the templates, so the template path is timed too.
        let attributes = rowAttributes(n).filter { ($0["name"] as? String).map { !["PK", "SK"].contains($0) } ?? false }
        return ["entity_type": "HEADER", "source_table": n.row,
                "pk_template": "\(n.row.uppercased())#{id}", "sk_template": "#META", "attributes": attributes]
    }

    static func lineEntity(_ n: Names) -> [String: Any] {
        let l = n.lines
        return ["entity_type": "LINE", "source_table": l,
                "pk_template": "\(n.row.uppercased())#{\(l).parent_id}", "sk_template": "LINE#{\(l).id}",
                "filter": "\(l).quantity > 0",
                "attributes": [
                    plain("sku", "S", l, "sku"),
                    plain("quantity", "N", l, "quantity"),
                    plain("price", "N", l, "price"),
                    with(plain("parent_name", "S", l, "parent_id"), "join",
                         ["type": "foreign-key", "target_table": n.row, "join_condition": "\(n.row).id = \(l).parent_id",
                          "select_column": "\(n.row).name"]),
                    with(plain("line_value", "N", l, "price"), "calculation",
                         ["type": "case", "cases": [["when": "\(l).quantity IS NULL", "then": "0"]],
                          "else": "\(l).quantity * \(l).price"]),
                    with(plain("GSI2PK", "S", l, "sku"), "transformation", ["type": "string-format", "format": "SKU#{sku}"]),
                ] as [[String: Any]]]
    }
}
