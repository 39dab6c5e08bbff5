import Diagnostics

/// Contract bytes → `ContractAST`, with every structural problem reported at the value it concerns:
/// wrong JSON types, missing required keys (per the contract's JSON Schema and, for joins,
/// calculations and transformations, per kind), misspelt enumeration values and unknown keys
/// (warnings, with "did you mean" and a fix-it). It parses the small languages inside strings
/// (templates, `order_by`, `else_value`, number and date formats: ParsedForms.swift) but neither
/// resolves names nor parses SQL fragments: that is Sema's job, over the located strings this keeps.
public enum ContractParser {
    /// The AST, or nil only when the bytes are not readable JSON (the reason is in `diagnostics`).
    /// Structural errors leave the offending field nil and decoding continues.
    ///
    /// Each table is decoded as soon as the reader has read it (`JSONReader.read`'s
    /// `tableElements`), and its JSON is freed then, so the whole JSON tree is never in memory
    /// at once beside the AST. What the decoder reports meanwhile is held back and emitted only
    /// when the whole file is JSON: a file with a syntax error reports that error alone, as if
    /// nothing had been decoded.
    public static func parse(bytes: [UInt8], file: String, diagnostics: DiagnosticEngine) -> ContractAST? {
        let held = DiagnosticEngine(limit: diagnostics.limit)
        var tables: [TableDecl] = []
        guard let document = parse(bytes: bytes, file: file, syntaxDiagnostics: diagnostics, diagnostics: held,
                                   eachTable: { tables.append($0) }) else { return nil }
        for d in held.diagnostics { diagnostics.emit(d) }
        return ContractAST(document, tables: tables)
    }

    /// The streaming form: each table's declaration goes to `eachTable` as soon as it is decoded,
    /// in contract order, so a caller that checks it there (`Sema.Session`, which reports into the
    /// same `diagnostics`) never has the whole AST in memory either. Syntax errors go to
    /// `syntaxDiagnostics`; decoding's findings to `diagnostics`, which the caller holds back and
    /// emits only when the result is not nil (a file with a syntax error reports that alone).
    public static func parse(bytes: [UInt8], file: String, syntaxDiagnostics: DiagnosticEngine, diagnostics: DiagnosticEngine,
                             eachTable: (consuming TableDecl) -> Void) -> ContractDocument? {
        let decoder = ContractDecoder(diagnostics: diagnostics)
        // The reader keeps its callback only while it reads.
        let root = withoutActuallyEscaping(eachTable) { eachTable in
            JSONReader.read(bytes: bytes, file: file, diagnostics: syntaxDiagnostics) { element, index in
                if let table = decoder.decodeTable(element, index: index) { eachTable(table) }
            }
        }
        guard let root else { return nil }
        return decoder.decodeDocument(root, file: file)
    }
}

/// Key lists used for "unknown key" checks, in the order the contract reference lists them.
enum ContractKeys {
    static let document = ["tables"]
    static let table = ["table", "type", "source_table", "pk", "sk", "gsis", "attributes", "entities", "satisfies",
                        "estimated_item_size_bytes", "filter", "write", "incremental"]
    static let gsi = ["index_name", "pk", "sk", "projection", "projected_attributes"]
    static let entity = ["entity_type", "source_table", "pk_template", "sk_template", "attributes", "filter"]
    static let write = ["mode", "version_attribute"]
    static let incremental = ["bookmark_attribute"]
    static let attribute = ["name", "type", "source_table", "source_column", "join", "calculation", "transformation",
                            "denormalized", "justification"]
}

/// The decoding pass proper: one method per contract object kind, each reading its keys with
/// `ContractReading` and recording what it could type.
struct ContractDecoder {
    let diagnostics: DiagnosticEngine
    var read: ContractReading { ContractReading(diagnostics: diagnostics) }

    init(diagnostics: DiagnosticEngine) { self.diagnostics = diagnostics }

    /// The document around `tables`, whose elements `decodeTable` decoded while the reader read
    /// them (the tree holds nulls in their place).
    func decodeDocument(_ root: JSONValue, file: String) -> ContractDocument {
        let location = root.location
        if root.arrayElements != nil {
            return ContractDocument(file: file, isBareArray: true)
        }
        if let members = root.objectMembers {
            checkDocument(ContractObject(members: members, location: location, subject: .phrase("the contract")))
        } else {
            diagnostics.error("wrong-type", "a contract must be an object {\"tables\": [...]} or an array of tables, found \(root.typeName)",
                              at: location)
        }
        return ContractDocument(file: file, isBareArray: false)
    }

    /// The document's own keys; a `tables` that is not an array is reported here.
    private func checkDocument(_ doc: ContractObject) {
        read.checkKeys(doc, allowed: ContractKeys.document)
        read.require(doc, ["tables"])
        _ = read.array(doc, "tables", of: "tables")
    }

    /// Element `index` of the table array, or nil (reported) when it is not an object.
    func decodeTable(_ element: JSONValue, index: Int) -> TableDecl? {
        let subject = Subject.element(noun: "table", name: element["table"]?.stringValue?.value, index: index)
        return read.object(element, role: "each table", subject: subject).map(decodeTable)
    }

    private func decodeTable(_ o: ContractObject) -> TableDecl {
        read.checkKeys(o, allowed: ContractKeys.table)
        var t = TableDecl(location: o.location)
        t.name = read.string(o, "table")
        t.kind = read.enumeration(o, "type", TableKind.self, describing: "a table type")
        t.sourceTable = read.string(o, "source_table")
        t.pk = read.string(o, "pk")
        t.sk = read.string(o, "sk", nullable: true)
        t.filter = read.string(o, "filter")
        read.require(o, ["table", "type", "pk"])
        // Carried into reports only: their absence loses nothing the migration needs, so it is a
        // warning even though the workflow's JSON Schema lists them as required.
        read.require(o, ["satisfies", "estimated_item_size_bytes"], reason: "by the contract's JSON Schema (used in reports)",
                     severity: .warning)
        switch t.kind?.value {
        case .singleEntity:
            read.require(o, ["source_table", "attributes"], reason: "for a single-entity table")
        case .multiEntity:
            read.require(o, ["entities"], reason: "for a multi-entity table")
        case nil:
            break
        }
        if let gsis = read.array(o, "gsis", of: "index definitions") {
            t.gsis = gsis.enumerated().compactMap { index, element in
                let subject = Subject.element(noun: "index", name: element["index_name"]?.stringValue?.value, index: index)
                return read.object(element, role: "each entry of 'gsis'", subject: subject).map(decodeGSI)
            }
        }
        if let attributes = read.array(o, "attributes", of: "attributes") {
            t.attributes = decodeAttributes(attributes)
        }
        if let entities = read.array(o, "entities", of: "entities") {
            t.entities = entities.enumerated().compactMap { index, element in
                let subject = Subject.element(noun: "entity", name: element["entity_type"]?.stringValue?.value, index: index)
                return read.object(element, role: "each entry of 'entities'", subject: subject).map(decodeEntity)
            }
        }
        t.satisfies = read.stringArray(o, "satisfies") ?? []
        t.estimatedItemSizeBytes = read.number(o, "estimated_item_size_bytes")
        if let w = o["write"], let wo = read.object(w, role: "'write'", subject: .phrase("'write'")) {
            t.write = decodeWrite(wo)
        }
        if let inc = o["incremental"], let io = read.object(inc, role: "'incremental'", subject: .phrase("'incremental'")) {
            read.checkKeys(io, allowed: ContractKeys.incremental)
            read.require(io, ["bookmark_attribute"])
            var decl = IncrementalDecl(location: io.location)
            decl.bookmarkAttribute = read.string(io, "bookmark_attribute")
            t.incremental = decl
        }
        return t
    }

    private func decodeGSI(_ o: ContractObject) -> GSIDecl {
        read.checkKeys(o, allowed: ContractKeys.gsi)
        read.require(o, ["index_name", "pk"])
        var g = GSIDecl(location: o.location)
        g.indexName = read.string(o, "index_name")
        g.pk = read.string(o, "pk")
        g.sk = read.string(o, "sk", nullable: true)
        g.projection = read.enumeration(o, "projection", Projection.self, describing: "a projection")
        g.projectedAttributes = read.stringArray(o, "projected_attributes") ?? []
        return g
    }

    private func decodeEntity(_ o: ContractObject) -> EntityDecl {
        read.checkKeys(o, allowed: ContractKeys.entity)
        read.require(o, ["entity_type", "source_table", "pk_template", "sk_template", "attributes"])
        var e = EntityDecl(location: o.location)
        e.entityType = read.string(o, "entity_type")
        e.sourceTable = read.string(o, "source_table")
        for (key, path) in [("pk_template", \EntityDecl.pkTemplate), ("sk_template", \EntityDecl.skTemplate)] {
            guard let text = read.string(o, key) else { continue }
            e[keyPath: path] = FormParsers.template(text, diagnostics: diagnostics)
            if e[keyPath: path] == nil { e.rejectsTemplate = true }
        }
        e.filter = read.string(o, "filter")
        e.attributes = read.array(o, "attributes", of: "attributes").map(decodeAttributes) ?? []
        return e
    }

    private func decodeWrite(_ o: ContractObject) -> WriteDecl {
        read.checkKeys(o, allowed: ContractKeys.write)
        read.require(o, ["mode"])
        var w = WriteDecl(location: o.location)
        w.mode = read.enumeration(o, "mode", WriteMode.self, describing: "a write mode")
        w.versionAttribute = read.string(o, "version_attribute")
        if w.mode?.value == .ifNewer {
            read.require(o, ["version_attribute"], reason: "by the 'if-newer' write mode")
        }
        return w
    }

    private func decodeAttributes(_ elements: JSONArrayElements) -> [AttributeDecl] {
        var attributes: [AttributeDecl] = []
        attributes.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            let subject = Subject.element(noun: "attribute", name: element["name"]?.stringValue?.value, index: index)
            if let o = read.object(element, role: "each attribute", subject: subject) { attributes.append(decodeAttribute(o)) }
        }
        return attributes
    }
}
