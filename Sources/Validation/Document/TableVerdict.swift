import AWS

/// One table of the validation document: the measurement, the job's accounting, the score and
/// whether the table passes (`score ≥ min_score` and balanced books).
public struct TableVerdict: Codable, Equatable, Sendable {
    public var measurement: TableMeasurement
    public var accounting: Accounting
    public var integrity: IntegrityScore
    public var passed: Bool

    public init(measurement: TableMeasurement, accounting: Accounting, minScore: Double) {
        self.measurement = measurement
        self.accounting = accounting
        integrity = IntegrityScore(measurement)
        passed = integrity.score >= minScore && accounting.balanced
    }

    enum CodingKeys: String, CodingKey { case accounting, score, scoreTerms = "score_terms", passed }

    /// A table entry of a stored document (`report` reads the latest one): the score and verdict
    /// as written, not recomputed, so the report states what `validate` concluded.
    public init(from decoder: Decoder) throws {
        measurement = try TableMeasurement(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        accounting = try c.decode(Accounting.self, forKey: .accounting)
        integrity = IntegrityScore(score: try c.decode(Double.self, forKey: .score),
                                   terms: try c.decode(IntegrityScore.Terms.self, forKey: .scoreTerms))
        passed = try c.decode(Bool.self, forKey: .passed)
    }

    /// The measurement's fields, then the verdict's, in one flat object (docs/VALIDATE.md).
    public func encode(to encoder: Encoder) throws {
        try measurement.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(accounting, forKey: .accounting)
        try c.encode(integrity.score, forKey: .score)
        try c.encode(integrity.terms, forKey: .scoreTerms)
        try c.encode(passed, forKey: .passed)
    }
}

/// The whole validation document (docs/VALIDATE.md): `validate` prints it with `--format json`
/// and writes it next to the run summaries for `report`.
public struct ValidationDocument: Codable, Sendable {
    /// `validation_version`: a reader refuses a version it does not know.
    public static let version = 1

    public var run: String
    public var on: String
    public var startedAt: String
    public var finishedAt: String
    public var seed: Int
    public var minScore: Double
    public var tables: [TableVerdict]
    public var passed: Bool { tables.allSatisfy(\.passed) }

    public init(run: String, on: String, startedAt: String, finishedAt: String, seed: Int, minScore: Double, tables: [TableVerdict]) {
        self.run = run; self.on = on; self.startedAt = startedAt; self.finishedAt = finishedAt
        self.seed = seed; self.minScore = minScore; self.tables = tables
    }

    enum CodingKeys: String, CodingKey {
        case validationVersion = "validation_version", tool, run, on, startedAt = "started_at", finishedAt = "finished_at"
        case seed, minScore = "min_score", passed, tables
    }

    public struct UnknownVersion: Error, CustomStringConvertible {
        public var found: Int
        public var description: String { "validation_version \(found); this ddb-migrate reads version \(ValidationDocument.version)" }
    }

    /// A stored document (`<reports_prefix>validation/<run>.json`); another `validation_version`
    /// is refused (`UnknownVersion`).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try c.decode(Int.self, forKey: .validationVersion)
        guard version == Self.version else { throw UnknownVersion(found: version) }
        run = try c.decode(String.self, forKey: .run)
        on = try c.decode(String.self, forKey: .on)
        startedAt = try c.decode(String.self, forKey: .startedAt)
        finishedAt = try c.decode(String.self, forKey: .finishedAt)
        seed = try c.decode(Int.self, forKey: .seed)
        minScore = try c.decode(Double.self, forKey: .minScore)
        tables = try c.decode([TableVerdict].self, forKey: .tables)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.version, forKey: .validationVersion)
        try c.encode("ddb-migrate", forKey: .tool)
        try c.encode(run, forKey: .run)
        try c.encode(on, forKey: .on)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(finishedAt, forKey: .finishedAt)
        try c.encode(seed, forKey: .seed)
        try c.encode(minScore, forKey: .minScore)
        try c.encode(passed, forKey: .passed)
        try c.encode(tables, forKey: .tables)
    }
}
