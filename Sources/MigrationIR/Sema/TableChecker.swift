import ContractSyntax
import Diagnostics
import SourceSchema

/// Checks one table declaration (docs/CONTRACT.md §2, §5, §6) and builds its `TableIR`.
final class TableChecker {
    let decl: TableDecl
    let diagnostics: DiagnosticEngine
    let schema: SchemaSnapshot?
    let resolver: FragmentResolver
    private var failed = false

    /// DynamoDB's item size limit.
    static let maximumItemSize = 400 * 1024
    static let maximumGSIs = 20

    init(decl: TableDecl, diagnostics: DiagnosticEngine, schema: SchemaSnapshot?, resolver: FragmentResolver) {
        self.decl = decl; self.diagnostics = diagnostics; self.schema = schema; self.resolver = resolver
    }

    private func error(_ code: String, _ message: String, at loc: SourceLocation?, notes: [Note] = [], fixIts: [FixIt] = []) {
        failed = true
        diagnostics.error(code, message, at: loc, notes: notes, fixIts: fixIts)
    }

    func check() -> TableIR? {
        guard let name = decl.name, let kind = decl.kind?.value else { return nil }
        if let size = decl.estimatedItemSizeBytes, size.value > Double(Self.maximumItemSize) {
            // Shown as written when it is beyond Int: `Int(1e300)` traps (found by the conformance suite).
            let shown = size.value < 1e15 ? String(Int(size.value)) : String(size.value)
            error("item-too-large", "estimated_item_size_bytes \(shown) exceeds DynamoDB's 400 KB item limit (\(Self.maximumItemSize) bytes)",
                  at: size.location)
        }
        let built: [(BranchBuilder, EntityDecl?)]
        switch kind {
        case .singleEntity:
            if let e = decl.entities {
                error("entities-on-single-entity", "a single-entity table takes \"attributes\", not \"entities\"", at: e.first?.location ?? decl.location,
                      fixIts: [FixIt(message: "use \"type\": \"multi-entity\", or move the attributes up")])
            }
            guard let attrs = decl.attributes else {
                return nil // reported by the decoder
            }
            guard let src = decl.sourceTable else {
                return nil // reported by the decoder
            }
            built = [(branch(source: src, attributes: attrs, filters: [decl.filter]), nil)]
        case .multiEntity:
            if let a = decl.attributes {
                error("attributes-on-multi-entity", "a multi-entity table declares attributes per entity, not at table level",
                      at: a.first?.location ?? decl.location)
            }
            guard let entities = decl.entities, !entities.isEmpty else {
                if decl.entities != nil { error("missing-entities", "multi-entity table '\(name.value)' lists no entity", at: decl.location) }
                return nil
            }
            var types: [String: SourceLocation] = [:]
            var list: [(BranchBuilder, EntityDecl?)] = []
            for e in entities {
                guard let et = e.entityType else { continue }
                if let first = types[et.value] {
                    error("duplicate-entity-type", "entity_type '\(et.value)' is declared twice", at: et.location, notes: [Note("first declared here", at: first)])
                }
                types[et.value] = et.location
                guard let src = e.sourceTable else { failed = true; continue } // reported by the decoder
                list.append((branch(source: src, attributes: e.attributes, filters: [decl.filter, e.filter]), e))
            }
            built = list
        }
        guard let pk = decl.pk else { return nil } // reported by the decoder
        for (b, e) in built { if let e { applyTemplates(b, entity: e) } }
        let branches = built.map { $0.0 }
        let pkKey = tableKey(pk, branches: branches, role: "pk")
        let skKey = decl.sk.flatMap { tableKey($0, branches: branches, role: "sk") }
        let gsis = checkGSIs(branches)
        let columns = unionColumns(branches, keys: [pk.value] + (decl.sk.map { [$0.value] } ?? []))
        let write = checkWrite(branches)
        let bookmark = decl.incremental.flatMap { inc -> String? in
            guard let b = inc.bookmarkAttribute else { failed = true; return nil } // reported by the decoder
            checkBookmark(b, branches: branches, write: write)
            return b.value
        }
        if schema != nil { schemaChecks(branches, keys: [decl.pk?.value, decl.sk?.value].compactMap { $0 }) }
        guard !failed, !branches.contains(where: \.failed), let pkKey, decl.sk == nil || skKey != nil else { return nil }
        let irBranches = zip(branches, built.map(\.1)).map { b, e in
            RowSourceIR(entityType: e?.entityType?.value, relation: b.rowSource, partitionKey: partitionKey(b),
                        joins: b.joins, attributes: b.attributes, filter: b.filter)
        }
        return TableIR(name: name.value, viewName: ViewNames.base(for: name.value), kind: kind, pk: pkKey, sk: skKey,
                       gsis: gsis, columns: columns, branches: irBranches, write: write, bookmarkAttribute: bookmark,
                       satisfies: decl.satisfies.map(\.value), estimatedItemSize: decl.estimatedItemSizeBytes.flatMap { Int(exactly: $0.value.rounded()) },
                       location: decl.location)
    }

    /// Builds one branch: the row source, its attributes, and its filters (ANDed).
    private func branch(source: LocatedString, attributes: [AttributeDecl], filters: [LocatedString?]) -> BranchBuilder {
        let b = BranchBuilder(rowSource: RelationIR(table: source.value, name: source.value), diagnostics: diagnostics,
                              schema: schema, resolver: resolver)
        b.checkTableExists(source)
        b.build(attributes)
        let parts = filters.compactMap { $0 }.compactMap { b.resolve($0, defaultRelation: b.rowSource) }
        b.filter = ExprUtilities.and(parts)
        return b
    }

    /// `_partition_key`: the row source's integer primary key. With a schema it is exact;
    /// without one, `id` is assumed when the contract reads the row source's `id` column.
    private func partitionKey(_ b: BranchBuilder) -> PartitionKeyIR {
        if let schema {
            guard let t = schema.table(named: b.rowSource.table), t.primaryKey.count == 1,
                  let c = t.column(named: t.primaryKey[0]),
                  ["tinyint", "smallint", "mediumint", "int", "integer", "bigint"].contains(c.dataType.lowercased()) else { return .none }
            return .column(c.name)
        }
        return b.readsRowSourceColumn("id") ? .column("id") : .none
    }

    // MARK: keys

    /// The table key `role` must be an attribute of every branch, with a key type.
    private func tableKey(_ key: LocatedString, branches: [BranchBuilder], role: String) -> KeyAttributeIR? {
        var type: DynamoType?
        var firstLocation: SourceLocation?
        for b in branches where !b.failed || b.attribute(key.value) != nil {
            guard let a = b.attribute(key.value) else {
                if b.isDeclared(key.value) { continue } // declared but unusable: already diagnosed
                let names = b.declaredNames.sorted()
                error("unknown-key-attribute",
                      "\(role) '\(key.value)' is not an attribute\(branches.count > 1 ? " of entity source '\(b.rowSource.name)'" : "")",
                      at: key.location,
                      notes: decl.kind?.value == .multiEntity ? [Note("a multi-entity entity without this attribute needs a \(role)_template")] : [],
                      fixIts: DidYouMean.suggestion(for: key.value, at: key.location.advanced(by: 1), among: names)?.fixIts ?? [])
                continue
            }
            if !checkKeyType(a, b: b, role: role) { continue }
            if let t = type, t != a.type {
                error("key-type-conflict", "\(role) '\(key.value)' is \(a.type.rawValue) here but \(t.rawValue) in another entity",
                      at: b.typeLocation(of: a.name) ?? a.location, notes: [Note("first typed here", at: firstLocation)])
            }
            if type == nil { type = a.type; firstLocation = b.typeLocation(of: a.name) ?? a.location }
        }
        return type.map { KeyAttributeIR(name: key.value, type: $0) }
    }

    private func checkKeyType(_ a: AttributeIR, b: BranchBuilder, role: String) -> Bool {
        guard [.S, .N, .B].contains(a.type) else {
            error("bad-key-type", "key attribute '\(a.name)' (\(role)) must be of type S, N or B, not \(a.type.rawValue)",
                  at: b.typeLocation(of: a.name) ?? a.location)
            return false
        }
        return true
    }

    private func checkGSIs(_ branches: [BranchBuilder]) -> [GSIIR] {
        var out: [GSIIR] = []
        var names: [String: SourceLocation] = [:]
        for (i, g) in decl.gsis.enumerated() {
            if i == Self.maximumGSIs {
                error("too-many-gsis", "a table has at most \(Self.maximumGSIs) global secondary indexes (this is number \(i + 1))", at: g.location)
            }
            guard let name = g.indexName else { continue }
            if let first = names[name.value] {
                error("duplicate-index", "index '\(name.value)' is declared twice", at: name.location, notes: [Note("first declared here", at: first)])
            }
            names[name.value] = name.location
            guard let pkName = g.pk else { failed = true; continue } // reported by the decoder
            let pk = gsiKey(pkName, branches: branches)
            let sk = g.sk.flatMap { gsiKey($0, branches: branches) }
            let projection = g.projection?.value ?? .all
            if projection == .include && g.projectedAttributes.isEmpty {
                error("missing-projected-attributes", "an INCLUDE projection needs \"projected_attributes\"",
                      at: g.projection?.location ?? g.location, fixIts: [FixIt(message: "list the attributes, or use \"ALL\" / \"KEYS_ONLY\"")])
            }
            if projection != .include, let p = g.projectedAttributes.first {
                diagnostics.warning("ignored-key", "projected_attributes only apply to an INCLUDE projection", at: p.location)
            }
            for p in g.projectedAttributes where !branches.contains(where: { $0.isDeclared(p.value) }) {
                error("unknown-attribute", "projected attribute '\(p.value)' is not an attribute of this table", at: p.location)
            }
            if let pk, g.sk == nil || sk != nil {
                out.append(GSIIR(name: name.value, pk: pk, sk: sk, projection: projection,
                                 projectedAttributes: projection == .include ? g.projectedAttributes.map(\.value) : []))
            }
        }
        return out
    }

    /// An index key must be an attribute of at least one branch (indexes are sparse).
    private func gsiKey(_ key: LocatedString, branches: [BranchBuilder]) -> KeyAttributeIR? {
        let found = branches.compactMap { b in b.attribute(key.value).map { (b, $0) } }
        guard let (b, a) = found.first else {
            if branches.contains(where: { $0.isDeclared(key.value) }) { return nil }
            let names = Set(branches.flatMap { $0.declaredNames }).sorted()
            error("unknown-key-attribute", "index key '\(key.value)' is not an attribute of this table", at: key.location,
                  fixIts: DidYouMean.suggestion(for: key.value, at: key.location.advanced(by: 1), among: names)?.fixIts ?? [])
            return nil
        }
        guard checkKeyType(a, b: b, role: "index key") else { return nil }
        for (ob, oa) in found.dropFirst() where oa.type != a.type {
            error("key-type-conflict", "index key '\(key.value)' is \(oa.type.rawValue) here but \(a.type.rawValue) in another entity",
                  at: ob.typeLocation(of: oa.name) ?? oa.location)
        }
        return KeyAttributeIR(name: key.value, type: a.type)
    }

    private func checkWrite(_ branches: [BranchBuilder]) -> WriteIR {
        guard let w = decl.write else { return WriteIR(mode: .ifAbsent, versionAttribute: nil) }
        let mode = w.mode?.value ?? .ifAbsent
        if mode == .ifNewer {
            guard let v = w.versionAttribute else {
                failed = true // reported by the decoder
                return WriteIR(mode: mode, versionAttribute: nil)
            }
            requireEverywhere(v, branches: branches, role: "version_attribute")
            for b in branches {
                if let a = b.attribute(v.value), a.type != .N && a.type != .S {
                    error("bad-version-type", "version_attribute '\(v.value)' must be N or S, not \(a.type.rawValue)", at: v.location,
                          notes: [Note("declared here", at: b.typeLocation(of: v.value))])
                }
            }
            return WriteIR(mode: mode, versionAttribute: v.value)
        }
        if let v = w.versionAttribute {
            diagnostics.warning("ignored-key", "version_attribute is only used by write mode if-newer", at: v.location)
        }
        return WriteIR(mode: mode, versionAttribute: nil)
    }

    /// The job reads rows whose bookmark is at least the last successful run's high-water mark
    /// (templates/glue/README.md "Incremental runs"): the attribute must be on every item and
    /// ordered (N, or S such as a timestamp rendered in one format). Rows read again are written
    /// by the table's write mode, so under `if-absent` an updated row never reaches its item.
    private func checkBookmark(_ b: LocatedString, branches: [BranchBuilder], write: WriteIR) {
        requireEverywhere(b, branches: branches, role: "bookmark_attribute")
        for branch in branches {
            if let a = branch.attribute(b.value), a.type != .N && a.type != .S {
                error("bad-bookmark-type", "bookmark_attribute '\(b.value)' must be N or S, not \(a.type.rawValue)", at: b.location,
                      notes: [Note("the job compares it with the last run's high-water mark, so it needs an order", at: branch.typeLocation(of: b.value))])
            }
        }
        if write.mode == .ifAbsent {
            diagnostics.warning("incremental-if-absent", "incremental runs re-read updated rows, but write mode if-absent skips every item that exists, so updates never arrive",
                                at: b.location,
                                notes: [Note("inserts arrive; to carry updates too, use write mode if-newer with a version_attribute, or overwrite")])
        }
    }

    /// An attribute every item must carry (version, bookmark).
    private func requireEverywhere(_ name: LocatedString, branches: [BranchBuilder], role: String) {
        for b in branches where !b.isDeclared(name.value) {
            let names = b.declaredNames.sorted()
            error("unknown-attribute", "\(role) '\(name.value)' is not an attribute\(branches.count > 1 ? " of the entity from '\(b.rowSource.name)'" : "")",
                  at: name.location,
                  fixIts: DidYouMean.suggestion(for: name.value, at: name.location.advanced(by: 1), among: names)?.fixIts ?? [])
        }
    }

    // MARK: columns

    /// Keys first, then every attribute in order of first appearance; one type per column.
    private func unionColumns(_ branches: [BranchBuilder], keys: [String]) -> [ViewColumn] {
        // The columns in first-seen order, and each name's place among them with the branch that
        // first gave it; where it was typed is looked up only for a conflict's diagnostic, not for
        // every attribute. Sized once for every attribute: growing the table rehashed it ~5 times
        // per table.
        var columns: [(column: ViewColumn, branch: Int, location: SourceLocation)] = []
        var place: [String: Int] = [:]
        let attributes = branches.reduce(0) { $0 + $1.attributes.count }
        columns.reserveCapacity(attributes)
        place.reserveCapacity(attributes)
        for (i, b) in branches.enumerated() {
            for a in b.attributes {
                if let k = place[a.name] {
                    let first = columns[k]
                    if first.column.type != a.type {
                        let firstLoc = branches[first.branch].typeLocation(of: a.name) ?? first.location
                        error("attribute-type-conflict", "attribute '\(a.name)' is \(a.type.rawValue) here but \(first.column.type.rawValue) in another entity",
                              at: b.typeLocation(of: a.name) ?? a.location,
                              notes: [Note("first typed here", at: firstLoc),
                                      Note("one view column carries the attribute for every entity, so its type must agree")])
                    }
                } else {
                    place[a.name] = columns.count
                    columns.append((ViewColumn(name: a.name, type: a.type), i, a.location))
                }
            }
        }
        // The keys first, in key order, then the rest in first-seen order.
        let keyPlaces = keys.compactMap { place[$0] }
        return keyPlaces.map { columns[$0].column }
            + columns.lazy.map(\.column).filter { !keys.contains($0.name) }
    }

    private func schemaChecks(_ branches: [BranchBuilder], keys: [String]) {
        for b in branches {
            for a in b.attributes {
                let typeLoc = b.typeLocation(of: a.name) ?? a.location
                b.checkColumnType(a, typeLocation: typeLoc)
                if keys.contains(a.name), let col = b.schemaColumn(of: a.value), col.nullable {
                    diagnostics.warning("nullable-key", "key attribute '\(a.name)' reads nullable column '\(col.name)'; rows where it is NULL go to the dead-letter output (missing-key)",
                                        at: b.declaration(a.name)?.sourceColumn.map { if case let .single(s) = $0 { return s.location } else { return a.location } } ?? a.location)
                }
            }
        }
    }
}

extension BranchBuilder {
    func attribute(_ name: String) -> AttributeIR? { attributes.first { $0.name == name } }

    /// True when some value or join condition reads `column` of the row source.
    func readsRowSourceColumn(_ column: String) -> Bool {
        let name = rowSource.name
        func reads(_ relation: String, _ c: String) -> Bool { relation == name && c.lowercased() == column }
        return joins.contains { ExprUtilities.containsColumn($0.condition) { reads($0 ?? "", $1) } }
            || filter.map { ExprUtilities.containsColumn($0) { reads($0 ?? "", $1) } } ?? false
            || attributes.contains { ValueWalker.containsColumn($0.value, where: reads) }
    }
}
