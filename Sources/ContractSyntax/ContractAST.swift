import Diagnostics

// The contract as written, every value located. Tables, indexes, entities and attributes keep
// their fields optional (the decoder reports what is missing or of the wrong type and goes on);
// joins, calculations and transformations are sum types whose payloads hold exactly their kind's
// keys (Contract/ValueAST.swift), built only when complete. Enumerations are typed once the
// decoder has validated their spelling. Sema turns this into the IR; backends never see it.

public struct ContractAST: Sendable {
    public var file: String
    public var tables: [TableDecl]
    /// True when the document is a bare array of tables (older contracts).
    public var isBareArray: Bool
    public init(file: String, tables: [TableDecl], isBareArray: Bool) {
        self.file = file; self.tables = tables; self.isBareArray = isBareArray
    }
    public init(_ document: ContractDocument, tables: [TableDecl]) {
        self.init(file: document.file, tables: tables, isBareArray: document.isBareArray)
    }
}

/// What a contract is besides its tables (the streaming `ContractParser.parse` hands those over one by one).
public struct ContractDocument: Sendable {
    public var file: String
    /// True when the document is a bare array of tables (older contracts).
    public var isBareArray: Bool
}

public enum TableKind: String, Sendable, CaseIterable { case singleEntity = "single-entity", multiEntity = "multi-entity" }
public enum Projection: String, Sendable, CaseIterable { case all = "ALL", keysOnly = "KEYS_ONLY", include = "INCLUDE" }
public enum DynamoType: String, Sendable, CaseIterable { case S, N, B, SS, NS, BS, M, L, BOOL, NULL }
public enum WriteMode: String, Sendable, CaseIterable { case ifAbsent = "if-absent", ifNewer = "if-newer", overwrite }
public enum JoinKind: String, Sendable, CaseIterable {
    case selfJoin = "self-join", foreignKey = "foreign-key", multiColumn = "multi-column", conditional, chain
    case lookupTable = "lookup-table", jsonConstruction = "json-construction"
}
public enum ConstructionKind: String, Sendable, CaseIterable { case object, array }
public enum CalculationKind: String, Sendable, CaseIterable { case aggregate, `case`, concat, dateMath = "date-math" }
public enum AggregateOperation: String, Sendable, CaseIterable { case COUNT, SUM, AVG, MIN, MAX }
public enum DateMathOperation: String, Sendable, CaseIterable { case add, sub, diff, epoch }
public enum DateUnit: String, Sendable, CaseIterable {
    case second, minute, hour, day, week, month, quarter, year
}
public enum TransformationKind: String, Sendable, CaseIterable {
    case stringFormat = "string-format", dateFormat = "date-format", numberFormat = "number-format"
    case jsonParse = "json-parse", `static`, template
}
public enum SourceFormat: String, Sendable, CaseIterable { case timestamp, epoch, epochMs = "epoch_ms" }

public struct TableDecl: Sendable {
    public var location: SourceLocation
    public var name: LocatedString?
    public var kind: Located<TableKind>?
    public var sourceTable: LocatedString?
    public var pk: LocatedString?
    /// nil when absent or JSON null.
    public var sk: LocatedString?
    public var gsis: [GSIDecl] = []
    public var attributes: [AttributeDecl]?
    public var entities: [EntityDecl]?
    public var satisfies: [LocatedString] = []
    public var estimatedItemSizeBytes: Located<Double>?
    public var filter: LocatedString?
    public var write: WriteDecl?
    public var incremental: IncrementalDecl?
    public init(location: SourceLocation) { self.location = location }
}

public struct GSIDecl: Sendable {
    public var location: SourceLocation
    public var indexName: LocatedString?
    public var pk: LocatedString?
    public var sk: LocatedString?
    /// Absent means ALL (the schema's default).
    public var projection: Located<Projection>?
    public var projectedAttributes: [LocatedString] = []
    public init(location: SourceLocation) { self.location = location }
}

public struct EntityDecl: Sendable {
    public var location: SourceLocation
    public var entityType: LocatedString?
    public var sourceTable: LocatedString?
    public var pkTemplate: Template?
    public var skTemplate: Template?
    /// True when a written pk_template or sk_template is malformed (the decoder reported where).
    public var rejectsTemplate = false
    public var attributes: [AttributeDecl] = []
    public var filter: LocatedString?
    public init(location: SourceLocation) { self.location = location }
}

public struct WriteDecl: Sendable {
    public var location: SourceLocation
    public var mode: Located<WriteMode>?
    public var versionAttribute: LocatedString?
    public init(location: SourceLocation) { self.location = location }
}

public struct IncrementalDecl: Sendable {
    public var location: SourceLocation
    public var bookmarkAttribute: LocatedString?
    public init(location: SourceLocation) { self.location = location }
}

/// `source_column` is a string, or an array for transformations that read several columns.
public enum SourceColumnDecl: Sendable {
    case single(LocatedString)
    case multiple([LocatedString], at: SourceLocation)
}

public struct AttributeDecl: Sendable {
    public var location: SourceLocation
    public var name: LocatedString?
    public var type: Located<DynamoType>?
    public var sourceTable: LocatedString?
    public var sourceColumn: SourceColumnDecl?
    /// Each nil when absent, and also when written but rejected by the decoder (then
    /// `rejectsValue` is true). Boxed payloads keep the attribute small to copy.
    public var join: JoinDecl?
    public var calculation: CalculationDecl?
    public var transformation: TransformationDecl?
    /// True when a join, calculation or transformation was written but is incomplete or
    /// ill-typed: the decoder reported why, and Sema gives the attribute no value (no second
    /// diagnostic, no value computed from the parts that remain).
    public var rejectsValue = false
    public var denormalized: Located<Bool>?
    public var justification: LocatedString?
    public init(location: SourceLocation) { self.location = location }
}
