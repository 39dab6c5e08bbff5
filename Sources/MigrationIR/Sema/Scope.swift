import ContractSyntax
import Diagnostics
import SourceSchema

/// The relations a fragment may name (docs/CONTRACT.md §3): the row source, the joined relations,
/// and, inside a correlated aggregate or JSON array, its inner relation.
struct Scope {
    /// The relation the row comes from; named after its table.
    var rowSource: RelationIR
    /// Joined relations by name, in declaration order.
    var joined: [(relation: RelationIR, declared: SourceLocation)] = []
    /// The inner relation of a correlated subquery being resolved, if any.
    var inner: RelationIR?

    init(rowSource: RelationIR) { self.rowSource = rowSource }

    /// Every relation visible here, innermost first (for diagnostics; lookups use `first(where:)`).
    var relations: [RelationIR] {
        (inner.map { [$0] } ?? []) + [rowSource] + joined.map(\.relation)
    }

    /// The first relation, innermost first, that `match` accepts. Walks the parts in place: a
    /// lookup per column reference must not build the `relations` array.
    func first(where match: (RelationIR) -> Bool) -> RelationIR? {
        if let inner, match(inner) { return inner }
        if match(rowSource) { return rowSource }
        for j in joined where match(j.relation) { return j.relation }
        return nil
    }

    func relation(named name: String) -> RelationIR? {
        if let exact = first(where: { $0.name == name }) { return exact }
        let folded = name.lowercased()
        return first { $0.name.lowercased() == folded }
    }

    /// The same scope with `relation` as the inner relation of a correlated subquery.
    func entering(_ relation: RelationIR) -> Scope {
        var s = self
        s.inner = relation
        return s
    }
}

/// Resolves the names in fragments against a scope and (when there is one) the schema snapshot,
/// and checks that every node is something the SQL lowering can render safely.
struct FragmentResolver {
    let diagnostics: DiagnosticEngine
    let schema: SchemaSnapshot?
    let parse: FragmentParsing

    /// Deeper trees than this are rejected rather than walked recursively.
    static let maximumDepth = 128

    /// Parses and resolves a fragment. `defaultRelation` is the relation unqualified names bind
    /// to. Returns nil (after diagnosing) when the fragment is unusable.
    func resolve(_ text: LocatedString, in scope: Scope, defaultRelation: RelationIR) -> Expr? {
        guard let fragment = parse(text, diagnostics) else { return nil }
        return resolve(fragment, in: scope, defaultRelation: defaultRelation)
    }

    func resolve(_ fragment: Fragment, in scope: Scope, defaultRelation: RelationIR) -> Expr? {
        var ok = true
        let e = resolved(fragment.expr, fragment: fragment, scope: scope, defaultRelation: defaultRelation, depth: 0, ok: &ok)
        return ok ? e ?? fragment.expr : nil
    }

    /// The node with its names resolved, or nil when resolving changes nothing in it (every
    /// column already names its relation as the scope spells it): an unchanged subtree is
    /// shared with the parsed one instead of being rebuilt node by node.
    private func resolved(_ e: Expr, fragment: Fragment, scope: Scope, defaultRelation: RelationIR,
                          depth: Int, ok: inout Bool) -> Expr? {
        guard depth < Self.maximumDepth else {
            if ok {
                diagnostics.error("fragment-too-deep", "expression nests deeper than \(Self.maximumDepth) levels",
                                  at: fragment.location(of: e))
            }
            ok = false
            return nil
        }
        let here = fragment.location(of: e)
        switch e.kind {
        case let .column(qualifier, name):
            guard let rel = relation(ofColumn: name, qualifier: qualifier, at: here, in: scope, defaultRelation: defaultRelation, ok: &ok),
                  rel.name != qualifier else { return nil }
            return Expr(.column(qualifier: rel.name, name: name), start: e.start, end: e.end)
        case let .number(text):
            if !text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "+" || $0 == "-" }) {
                diagnostics.error("bad-number", "'\(text)' is not a number literal", at: here); ok = false
            }
        case let .function(name, _, _, _):
            if !PlainIdentifier.isValid(name) {
                diagnostics.error("bad-function", "'\(name)' is not a function name", at: here); ok = false
            }
        case let .interval(_, unit):
            if DateUnit(rawValue: unit.lowercased()) == nil && !Self.compoundUnits.contains(unit.uppercased()) {
                diagnostics.error("bad-interval-unit", "'\(unit)' is not an INTERVAL unit", at: here); ok = false
            }
        case let .cast(_, type):
            if !Self.isCastType(type) {
                diagnostics.error("bad-cast-type", "'\(type)' is not a type CAST accepts", at: here); ok = false
            }
        case .string, .null, .boolean, .unary, .binary, .isNull, .inList, .between, .like, .caseWhen:
            break
        }
        return e.replacingChildren {
            resolved($0, fragment: fragment, scope: scope, defaultRelation: defaultRelation, depth: depth + 1, ok: &ok)
        }
    }

    /// The relation column reference `qualifier.name` (at `here`) binds to: `defaultRelation`
    /// when it is unqualified, else the scope's relation of that name; nil (diagnosed) when no
    /// relation has that name. Also checks the column against the schema (`ok` false when it is
    /// missing). Shared by fragments and plain `source_column`s, which need no tree for it.
    func relation(ofColumn name: String, qualifier: String?, at here: SourceLocation, in scope: Scope,
                  defaultRelation: RelationIR, ok: inout Bool) -> RelationIR? {
        guard let qualifier else {
            checkColumn(name, of: defaultRelation, at: here, ok: &ok)
            return defaultRelation
        }
        guard let rel = scope.relation(named: qualifier) else {
            let names = scope.relations.map(\.name)
            var notes = [Note("relations in scope here: " + names.map { "'\($0)'" }.joined(separator: ", "))]
            let fixes = DidYouMean.suggestion(for: qualifier, at: here, among: names)?.fixIts ?? []
            if fixes.isEmpty {
                notes.append(Note("a relation is in scope when it is the row source, a join's join_alias or target_table, or a target_alias"))
            }
            diagnostics.error("unknown-relation", "no relation named '\(qualifier)' is in scope", at: here, notes: notes, fixIts: fixes)
            ok = false
            return nil
        }
        checkColumn(name, of: rel, at: here.advanced(by: qualifier.unicodeScalars.count + 1), ok: &ok)
        return rel
    }

    /// With a schema: the column must exist in the relation's table (did-you-mean otherwise).
    private func checkColumn(_ name: String, of rel: RelationIR, at loc: SourceLocation, ok: inout Bool) {
        guard let schema, let table = schema.table(named: rel.table) else { return }
        guard table.column(named: name) == nil else { return }
        let names = table.columns.map(\.name)
        diagnostics.error("unknown-column", "table '\(table.name)' has no column '\(name)'" +
                          (rel.name == rel.table ? "" : " (relation '\(rel.name)')"), at: loc,
                          fixIts: DidYouMean.suggestion(for: name, at: loc, among: names)?.fixIts ?? [])
        ok = false
    }

    static let compoundUnits: Set<String> = [
        "MICROSECOND", "SECOND_MICROSECOND", "MINUTE_MICROSECOND", "MINUTE_SECOND", "HOUR_MICROSECOND",
        "HOUR_SECOND", "HOUR_MINUTE", "DAY_MICROSECOND", "DAY_SECOND", "DAY_MINUTE", "DAY_HOUR", "YEAR_MONTH",
    ]

    /// CAST targets: a type keyword with an optional `(n[,m])` and an optional CHARACTER SET name.
    static func isCastType(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || " (),_".unicodeScalars.contains($0)) }
            && !s.isEmpty
    }
}

/// Parses one SQL fragment (ContractSyntax's `FragmentParser.parse`), diagnosing syntax errors.
public typealias FragmentParsing = (LocatedString, DiagnosticEngine) -> Fragment?
