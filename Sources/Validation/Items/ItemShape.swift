/// A DynamoDB attribute type, as the job spec names it (`ddbm_core.ATTRIBUTE_TYPES`).
public enum AttributeType: String, Codable, Sendable, CaseIterable {
    case S, N, B, BOOL, NULL, M, L, SS, NS, BS

    /// The types a table or GSI key may have (`ddbm_core.KEY_TYPES`).
    public var isKeyType: Bool { self == .S || self == .N || self == .B }
}

/// How the job writes an item (`write.mode`, CONTRACT.md §6).
public enum WriteMode: String, Codable, Sendable {
    case ifAbsent = "if-absent"
    case ifNewer = "if-newer"
    case overwrite
}

/// What it takes to turn a view row into the item the job writes (CONTRACT.md §5): decoded from
/// the job spec that `generate` embeds in `glue/<Table>.py` (templates/glue/README.md, "Job spec",
/// `spec_version` 2), so `validate` expects exactly what the job was told to write.
///
/// Decoding is as strict as `ddbm_core.JobSpec.from_dict`: an unknown `spec_version`, an unknown
/// field anywhere, a field of the wrong type, or a spec the job would refuse (a key that is not
/// an S/N/B attribute, an if-newer table without a version attribute, a reserved column used as an
/// attribute, ...) is a `DecodingError` naming the field.
public struct ItemShape: Sendable, Equatable {
    public struct Attribute: Sendable, Equatable {
        public var name: String
        public var type: AttributeType
        public init(name: String, type: AttributeType) { self.name = name; self.type = type }
    }

    /// One MySQL view the job reads (`sources[]`): an entity's view, or the single-entity table's.
    public struct Source: Sendable, Equatable {
        public var entity: String?
        public var view: String
        public var columns: [String]
        /// The row-source table and integer key column of the view's `_partition_key`, if any.
        public var bounds: (table: String, column: String)?

        public init(entity: String?, view: String, columns: [String], bounds: (table: String, column: String)?) {
            self.entity = entity; self.view = view; self.columns = columns; self.bounds = bounds
        }

        public static func == (a: Source, b: Source) -> Bool {
            a.entity == b.entity && a.view == b.view && a.columns == b.columns
                && a.bounds?.table == b.bounds?.table && a.bounds?.column == b.bounds?.column
        }
    }

    public static let specVersion = 2

    public var table: String
    /// The table's whole view (people, preflight); the job reads `sources`.
    public var view: String
    public var pk: String
    public var sk: String?
    /// Every attribute the job may write, in spec order.
    public var attributes: [Attribute]
    /// Every attribute that is a key of some GSI: NULL or empty S/B is left out (sparse).
    public var gsiKeys: [String]
    public var writeMode: WriteMode
    /// The if-newer version attribute; nil for the other modes (the job ignores it there).
    public var versionAttribute: String?
    public var bookmarkAttribute: String?
    /// `_entity_type`, or nil for a single-entity table.
    public var entityColumn: String?
    /// `_partition_key`.
    public var partitionColumn: String
    public var sources: [Source]

    /// The table key attribute names, pk first.
    public var keyNames: [String] { [pk] + (sk.map { [$0] } ?? []) }

    public func attribute(named name: String) -> Attribute? { attributes.first { $0.name == name } }

    public init(table: String, view: String, pk: String, sk: String? = nil, attributes: [Attribute],
                gsiKeys: [String] = [], writeMode: WriteMode = .ifAbsent, versionAttribute: String? = nil,
                bookmarkAttribute: String? = nil, entityColumn: String? = nil,
                partitionColumn: String = "_partition_key", sources: [Source] = []) {
        self.table = table; self.view = view; self.pk = pk; self.sk = sk; self.attributes = attributes
        self.gsiKeys = gsiKeys; self.writeMode = writeMode; self.versionAttribute = versionAttribute
        self.bookmarkAttribute = bookmarkAttribute; self.entityColumn = entityColumn
        self.partitionColumn = partitionColumn; self.sources = sources
    }
}

extension ItemShape: Decodable {
    private struct Key: CodingKey, Hashable {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private static let specFields: Set<String> = ["spec_version", "table", "view", "pk", "sk", "gsi_keys", "attributes",
                                                   "write", "bookmark_attribute", "entity_column", "partition_column", "sources"]

    public init(from decoder: Decoder) throws {
        let doc = try decoder.container(keyedBy: Key.self)
        let specVersion = try doc.decodeIfPresent(Int.self, forKey: Key("spec_version"))
        guard specVersion == Self.specVersion else {
            throw Self.invalid(doc, "unsupported spec_version \(specVersion.map(String.init) ?? "null") (validate reads \(Self.specVersion)): "
                + "regenerate the directory with this ddb-migrate")
        }
        try Self.onlyKeys(doc, Self.specFields, "the job spec")

        func name(_ field: String, optional: Bool = false) throws -> String? {
            guard let value = try doc.decodeIfPresent(String.self, forKey: Key(field)) else {
                if optional { return nil }
                throw Self.invalid(doc, "spec field '\(field)' is missing")
            }
            guard !value.isEmpty, value.count <= 255 else {
                throw Self.invalid(doc, "spec field '\(field)' must be a non-empty string of at most 255 characters")
            }
            return value
        }

        let table = try name("table")!, view = try name("view")!, pk = try name("pk")!
        let sk = try name("sk", optional: true)
        let entityColumn = try name("entity_column", optional: true), partitionColumn = try name("partition_column")!
        guard entityColumn != partitionColumn else {
            throw Self.invalid(doc, "spec fields 'entity_column' and 'partition_column' must differ")
        }
        let bookmark = try name("bookmark_attribute", optional: true)

        var attributesContainer = try doc.nestedUnkeyedContainer(forKey: Key("attributes"))
        var attributes: [Attribute] = []
        while !attributesContainer.isAtEnd {
            let index = attributes.count
            let raw = try attributesContainer.nestedContainer(keyedBy: Key.self)
            try Self.onlyKeys(raw, ["name", "type"], "attributes[\(index)]")
            let attrName = try raw.decode(String.self, forKey: Key("name"))
            let typeName = try raw.decode(String.self, forKey: Key("type"))
            guard !attrName.isEmpty else { throw Self.invalid(raw, "attributes[\(index)].name must be a non-empty string") }
            guard let type = AttributeType(rawValue: typeName) else {
                throw Self.invalid(raw, "attributes[\(index)] ('\(attrName)') has unknown type '\(typeName)'")
            }
            guard attrName != entityColumn, attrName != partitionColumn else {
                throw Self.invalid(raw, "attribute '\(attrName)' uses a reserved column name")
            }
            guard !attributes.contains(where: { $0.name == attrName }) else {
                throw Self.invalid(raw, "attribute '\(attrName)' is listed twice")
            }
            attributes.append(Attribute(name: attrName, type: type))
        }
        guard !attributes.isEmpty else { throw Self.invalid(doc, "spec field 'attributes' must be a non-empty array") }
        let byName = Dictionary(uniqueKeysWithValues: attributes.map { ($0.name, $0.type) })

        for (field, key) in [("pk", pk), ("sk", sk)] {
            guard let key else { continue }
            guard let type = byName[key] else { throw Self.invalid(doc, "key attribute '\(key)' (\(field)) is not in 'attributes'") }
            guard type.isKeyType else { throw Self.invalid(doc, "key attribute '\(key)' must be S, N or B, not \(type.rawValue)") }
        }
        let gsiKeys = try doc.decodeIfPresent([String].self, forKey: Key("gsi_keys")) ?? []
        for key in gsiKeys {
            guard let type = byName[key] else { throw Self.invalid(doc, "GSI key attribute '\(key)' is not in 'attributes'") }
            guard type.isKeyType else { throw Self.invalid(doc, "GSI key attribute '\(key)' must be S, N or B") }
        }

        var mode = WriteMode.ifAbsent
        var version: String?
        if doc.contains(Key("write")), try !doc.decodeNil(forKey: Key("write")) {
            let write = try doc.nestedContainer(keyedBy: Key.self, forKey: Key("write"))
            try Self.onlyKeys(write, ["mode", "version_attribute"], "write")
            if let modeName = try write.decodeIfPresent(String.self, forKey: Key("mode")) {
                guard let parsed = WriteMode(rawValue: modeName) else {
                    throw Self.invalid(write, "write.mode must be one of if-absent, if-newer, overwrite, not '\(modeName)'")
                }
                mode = parsed
            }
            version = try write.decodeIfPresent(String.self, forKey: Key("version_attribute"))
        }
        if mode == .ifNewer {
            guard let version, let type = byName[version] else {
                throw Self.invalid(doc, "write.mode 'if-newer' needs write.version_attribute naming an attribute")
            }
            guard type == .N || type == .S else { throw Self.invalid(doc, "version attribute '\(version)' must be N or S") }
            guard version != pk, version != sk else { throw Self.invalid(doc, "version attribute '\(version)' cannot be a key attribute") }
        } else {
            version = nil  // as the job: only if-newer reads it
        }
        if let bookmark, byName[bookmark] == nil {
            throw Self.invalid(doc, "bookmark attribute '\(bookmark)' is not in 'attributes'")
        }

        var sourcesContainer = try doc.nestedUnkeyedContainer(forKey: Key("sources"))
        var sources: [Source] = []
        while !sourcesContainer.isAtEnd {
            let where_ = "sources[\(sources.count)]"
            let raw = try sourcesContainer.nestedContainer(keyedBy: Key.self)
            try Self.onlyKeys(raw, ["entity", "view", "columns", "bounds"], where_)
            let entity = try raw.decodeIfPresent(String.self, forKey: Key("entity"))
            if entityColumn == nil, entity != nil {
                throw Self.invalid(raw, "\(where_).entity must be null: the table has no entity_column (single-entity)")
            }
            if entityColumn != nil, entity?.isEmpty ?? true {
                throw Self.invalid(raw, "\(where_).entity must name the entity (the table has entity_column '\(entityColumn!)')")
            }
            if let entity, sources.contains(where: { $0.entity == entity }) {
                throw Self.invalid(raw, "\(where_).entity '\(entity)' is listed twice")
            }
            let sourceView = try raw.decode(String.self, forKey: Key("view"))
            guard !sourceView.isEmpty, !sources.contains(where: { $0.view == sourceView }) else {
                throw Self.invalid(raw, "\(where_).view must be a non-empty view name no other source reads")
            }
            let columns = try raw.decode([String].self, forKey: Key("columns"))
            guard !columns.isEmpty, Set(columns).count == columns.count else {
                throw Self.invalid(raw, "\(where_).columns must be a non-empty array of distinct attribute names")
            }
            for column in columns where byName[column] == nil {
                throw Self.invalid(raw, "\(where_).columns names '\(column)', which is not in 'attributes'")
            }
            for key in [pk] + (sk.map { [$0] } ?? []) where !columns.contains(key) {
                throw Self.invalid(raw, "\(where_).columns lacks key attribute '\(key)': every item needs its table key")
            }
            if let version, !columns.contains(version) {
                throw Self.invalid(raw, "\(where_).columns lacks version attribute '\(version)', which write.mode 'if-newer' needs")
            }
            var bounds: (table: String, column: String)?
            if raw.contains(Key("bounds")), try !raw.decodeNil(forKey: Key("bounds")) {
                let rawBounds = try raw.nestedContainer(keyedBy: Key.self, forKey: Key("bounds"))
                try Self.onlyKeys(rawBounds, ["table", "column"], "\(where_).bounds")
                bounds = (try rawBounds.decode(String.self, forKey: Key("table")), try rawBounds.decode(String.self, forKey: Key("column")))
            }
            sources.append(Source(entity: entity, view: sourceView, columns: columns, bounds: bounds))
        }
        guard !sources.isEmpty else { throw Self.invalid(doc, "spec field 'sources' must be a non-empty array (one source view per entity)") }
        if entityColumn == nil, sources.count != 1 {
            throw Self.invalid(doc, "a single-entity table (entity_column null) must have exactly one source")
        }

        self.init(table: table, view: view, pk: pk, sk: sk, attributes: attributes, gsiKeys: gsiKeys, writeMode: mode,
                  versionAttribute: version, bookmarkAttribute: bookmark, entityColumn: entityColumn,
                  partitionColumn: partitionColumn, sources: sources)
    }

    private static func onlyKeys(_ container: KeyedDecodingContainer<Key>, _ allowed: Set<String>, _ where_: String) throws {
        let unknown = container.allKeys.map(\.stringValue).filter { !allowed.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw invalid(container, "\(where_) has unknown field(s) \(unknown.map { "'\($0)'" }.joined(separator: ", ")): "
                + "the spec comes from another ddb-migrate version; regenerate the directory")
        }
    }

    private static func invalid(_ container: KeyedDecodingContainer<Key>, _ message: String) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: container.codingPath, debugDescription: message))
    }
}
