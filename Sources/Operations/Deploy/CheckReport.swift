/// What a read-only precondition check found: facts that hold (`notes`), things it cannot verify
/// or that look wrong but need not be (`warnings`), and what must be fixed before `deploy` may
/// write anything (`problems`, each naming what to create or change). `plan` prints all three;
/// `deploy` prints notes and warnings and refuses on any problem.
public struct CheckReport: Sendable, Equatable {
    public var notes: [String] = []
    public var warnings: [String] = []
    public var problems: [String] = []

    public init(notes: [String] = [], warnings: [String] = [], problems: [String] = []) {
        self.notes = notes; self.warnings = warnings; self.problems = problems
    }

    public mutating func merge(_ other: CheckReport) {
        notes += other.notes; warnings += other.warnings; problems += other.problems
    }

    /// `ok      ...`, `warning ...`, `error   ...`, one line each.
    public func render() -> String {
        (notes.map { "ok      " + $0 } + warnings.map { "warning " + $0 } + problems.map { "error   " + $0 })
            .map { $0 + "\n" }.joined()
    }
}
