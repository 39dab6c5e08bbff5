/// How bad a diagnostic is. Errors make `check` fail; warnings do not.
public enum Severity: String, Sendable, Codable, Comparable {
    case note, warning, error

    private var rank: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A suggested edit: replace the text at `location` (spanning `length` scalars) by `replacement`.
public struct FixIt: Hashable, Sendable, Codable {
    public var location: SourceLocation?
    public var length: Int
    public var replacement: String
    /// A one-line description a person reads ("use a self-join with a join_alias").
    public var message: String

    public init(message: String, location: SourceLocation? = nil, length: Int = 0, replacement: String = "") {
        self.message = message
        self.location = location
        self.length = length
        self.replacement = replacement
    }
}

/// A note attached to a diagnostic, optionally pointing somewhere else ("first declared here").
public struct Note: Hashable, Sendable, Codable {
    public var message: String
    public var location: SourceLocation?
    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }
}

/// One finding of a compiler stage. Stages never print or exit: they emit these values into a
/// `DiagnosticEngine`, and the CLI decides how to render them and which exit code follows.
public struct Diagnostic: Hashable, Sendable, Codable {
    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    /// A stable machine-readable identifier ("unknown-key", "degenerate-join", ...), for `--format json` and tests.
    public var code: String
    public var notes: [Note]
    public var fixIts: [FixIt]

    public init(_ severity: Severity, _ code: String, _ message: String, at location: SourceLocation?,
                notes: [Note] = [], fixIts: [FixIt] = []) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.notes = notes
        self.fixIts = fixIts
    }

    public static func error(_ code: String, _ message: String, at location: SourceLocation?,
                             notes: [Note] = [], fixIts: [FixIt] = []) -> Diagnostic {
        Diagnostic(.error, code, message, at: location, notes: notes, fixIts: fixIts)
    }

    public static func warning(_ code: String, _ message: String, at location: SourceLocation?,
                               notes: [Note] = [], fixIts: [FixIt] = []) -> Diagnostic {
        Diagnostic(.warning, code, message, at: location, notes: notes, fixIts: fixIts)
    }
}
