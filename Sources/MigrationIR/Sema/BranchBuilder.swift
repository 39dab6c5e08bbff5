import ContractSyntax
import Diagnostics
import SourceSchema

/// Checks the attributes of one row source (a single-entity table, or one entity) and builds its
/// `RowSourceIR`: registers joins in the scope, resolves every fragment, computes each value.
final class BranchBuilder {
    let diagnostics: DiagnosticEngine
    let schema: SchemaSnapshot?
    let resolver: FragmentResolver
    var scope: Scope
    var joins: [JoinIR] = []
    /// The attribute declarations, and the position of each name's first declaration (for the
    /// table-level key checks; positions, so no declaration is copied into a dictionary).
    private var declarations: [AttributeDecl] = []
    private var declarationIndex: [String: Int] = [:]
    var attributes: [AttributeIR] = []
    /// The selected value of each join, by the join's location.
    var joinValueCache: [SourceLocation: ValueIR] = [:]
    /// Resolved filters (table and entity), ANDed.
    var filter: Expr?
    /// True once this branch reported an error of its own.
    var failed = false

    init(rowSource: RelationIR, diagnostics: DiagnosticEngine, schema: SchemaSnapshot?, resolver: FragmentResolver) {
        self.diagnostics = diagnostics
        self.schema = schema
        self.resolver = resolver
        self.scope = Scope(rowSource: rowSource)
    }

    var rowSource: RelationIR { scope.rowSource }

    func error(_ code: String, _ message: String, at loc: SourceLocation?, notes: [Note] = [], fixIts: [FixIt] = []) {
        failed = true
        diagnostics.error(code, message, at: loc, notes: notes, fixIts: fixIts)
    }

    /// Resolves a fragment; marks the branch failed when it does not resolve.
    func resolve(_ text: LocatedString, in s: Scope? = nil, defaultRelation: RelationIR) -> Expr? {
        failingOnError { resolver.resolve(text, in: s ?? scope, defaultRelation: defaultRelation) }
    }

    /// Resolves an already parsed fragment (a template placeholder, a dotted else_value).
    func resolve(_ f: Fragment, in s: Scope? = nil, defaultRelation: RelationIR) -> Expr? {
        failingOnError { resolver.resolve(f, in: s ?? scope, defaultRelation: defaultRelation) }
    }

    private func failingOnError(_ resolve: () -> Expr?) -> Expr? {
        let before = diagnostics.errorCount
        let e = resolve()
        if e == nil || diagnostics.errorCount > before { failed = true }
        return e
    }

    // MARK: declarations

    /// The first declaration of attribute `name`.
    func declaration(_ name: String) -> AttributeDecl? { declarationIndex[name].map { declarations[$0] } }
    func isDeclared(_ name: String) -> Bool { declarationIndex[name] != nil }
    /// Where the type of attribute `name` is written.
    func typeLocation(of name: String) -> SourceLocation? { declarationIndex[name].flatMap { declarations[$0].type?.location } }
    var declaredNames: Dictionary<String, Int>.Keys { declarationIndex.keys }

    // MARK: attributes

    /// Checks every attribute. Joins are registered first (a join adds its relations to the
    /// whole row scope, docs/CONTRACT.md §4), then values are resolved against the complete scope.
    func build(_ decls: [AttributeDecl]) {
        declarations = decls
        // Sized once: growing the index by doubling rehashed it ~5 times per branch (1 % of check).
        declarationIndex.reserveCapacity(decls.count)
        attributes.reserveCapacity(decls.count)
        // Positions of the declarations that count: the first of each name.
        var counted: [Int] = []
        counted.reserveCapacity(decls.count)
        for (i, d) in decls.enumerated() {
            guard let name = d.name else { continue }
            if name.value == "_entity_type" || name.value == "_partition_key" {
                error("reserved-attribute", "'\(name.value)' is reserved for the view's own column", at: name.location,
                      notes: [Note("_entity_type and _partition_key are computed by the tool and never written to DynamoDB")])
            } else if let first = declarationIndex[name.value] {
                error("duplicate-attribute", "attribute '\(name.value)' is declared twice", at: name.location,
                      notes: [Note("first declared here", at: decls[first].name?.location)])
                continue
            }
            declarationIndex[name.value] = i
            counted.append(i)
        }
        for i in counted {
            guard let j = decls[i].join else { continue }
            if let v = registerJoin(j, attribute: decls[i]) { joinValueCache[j.location] = v }
        }
        for i in counted {
            guard let name = decls[i].name, let type = decls[i].type else { continue }
            if let v = value(of: decls[i], type: type.value) {
                attributes.append(AttributeIR(name: name.value, type: type.value, value: v, location: decls[i].location))
            }
        }
    }

    /// The relation unqualified names of an attribute bind to: its `source_table`'s relation,
    /// else the row source.
    func defaultRelation(of d: AttributeDecl) -> RelationIR {
        guard let st = d.sourceTable?.value else { return rowSource }
        return scope.relation(named: st) ?? scope.first { $0.table == st } ?? rowSource
    }

    /// The value of an attribute by the precedence of docs/CONTRACT.md §4.
    func value(of d: AttributeDecl, type: DynamoType) -> ValueIR? {
        // A part the decoder rejected has been reported; no value is built from the rest.
        if d.rejectsValue { failed = true; return nil }
        let rel = defaultRelation(of: d)
        // The JSON Schema allows a string or an array on every attribute. Where a join, calculation
        // or transformation gives the value the array is informational (e.g. a multi-column join
        // naming both join columns); what reads the column itself asks for one (`joinOrColumn`).
        // Only a plain attribute, whose value *is* the column, is wrong with an array.
        if case let .multiple(cols, at) = d.sourceColumn, d.join == nil, d.calculation == nil, d.transformation == nil {
            error("source-column-array", "a plain attribute takes a single source_column; an array is read by a concat calculation",
                  at: at, notes: [Note("this attribute's value is its column: name one")],
                  fixIts: cols.first.map { [FixIt(message: "use one column, e.g. \"\($0.value)\"")] } ?? [])
        }
        let joinValue = d.join.flatMap { joinValueCache[$0.location] }
        if let t = d.transformation {
            // A transformation formats the calculation's value, else the join's, else the column.
            let calc = d.calculation.flatMap { calculation($0, attribute: d, relation: rel) }
            return transformation(t, attribute: d, type: type, relation: rel,
                                  input: { calc ?? joinValue ?? self.joinOrColumn(d, relation: rel, owner: "this transformation") })
        }
        if let c = d.calculation { return calculation(c, attribute: d, relation: rel) }
        if d.join != nil { return joinValue }
        return plainColumn(d, relation: rel)
    }

    /// `source_table.source_column`; that relation must be in scope.
    func plainColumn(_ d: AttributeDecl, relation: RelationIR) -> ValueIR? {
        guard case let .single(col)? = d.sourceColumn else {
            if d.sourceColumn == nil { failed = true } // the decoder requires source_column
            return nil
        }
        if let st = d.sourceTable, scope.relation(named: st.value) == nil, scope.first(where: { $0.table == st.value }) == nil {
            let names = scope.relations.map(\.name)
            error("unknown-relation", "source_table '\(st.value)' is not a relation in this row's scope", at: st.location,
                  notes: [Note("the row source is '\(rowSource.name)'; a join adds its target_table or join_alias")],
                  fixIts: DidYouMean.suggestion(for: st.value, at: st.location.advanced(by: 1), among: names)?.fixIts ?? [])
            return nil
        }
        // A byte search: `String.contains(".")` with Foundation loaded is its locale-aware
        // substring search, a measurable share of Sema when run for every attribute.
        var qualifier: String?, name = col.value
        if col.value.utf8.contains(UInt8(ascii: ".")) {
            let parts = col.value.split(separator: ".", maxSplits: 1).map(String.init)
            // "." alone splits into nothing: an empty relation name, diagnosed below (it trapped).
            qualifier = parts.first ?? ""
            name = parts.count > 1 ? parts[1] : ""
        }
        // Resolved as the column reference it is, without parsing or building a fragment tree.
        var ok = true
        guard let rel = resolver.relation(ofColumn: name, qualifier: qualifier, at: col.location(ofScalar: 0), in: scope,
                                          defaultRelation: relation, ok: &ok), ok else { failed = true; return nil }
        return .column(relation: rel.name, name: name)
    }

    // MARK: shared helpers

    /// An integer from a JSON number, or a diagnostic.
    func integer(_ v: Located<Double>?, _ what: String, minimum: Int = Int.min) -> Int? {
        guard let v else { return nil }
        guard v.value.rounded() == v.value, abs(v.value) < 1e15, Int(v.value) >= minimum else {
            error("bad-number", "\(what) must be a whole number\(minimum == 0 ? " ≥ 0" : "")", at: v.location)
            return nil
        }
        return Int(v.value)
    }
}
