/// Collects diagnostics from every stage. Passed by reference through the pipeline so that a
/// stage can keep going after an error and report everything wrong in one run.
public final class DiagnosticEngine: @unchecked Sendable {
    public private(set) var diagnostics: [Diagnostic] = []
    /// Guards against pathological inputs producing millions of identical findings.
    public let limit: Int

    public init(limit: Int = 1000) { self.limit = limit }

    /// Counted as they are emitted: stages ask `hasErrors` after every step, and scanning the
    /// whole list each time cost more the more a contract had to report.
    public private(set) var errorCount = 0
    public private(set) var warningCount = 0

    public func emit(_ d: Diagnostic) {
        // Debug builds (and so every test) stop at a code DiagnosticCatalog does not list; release
        // builds never crash over it (`assert` compiles away there).
        assert(DiagnosticCatalog.lists(d), "diagnostic code '\(d.code)' (\(d.severity.rawValue)) is not in DiagnosticCatalog")
        guard diagnostics.count < limit else { return }
        diagnostics.append(d)
        switch d.severity {
        case .error: errorCount += 1
        case .warning: warningCount += 1
        case .note: break
        }
    }

    public func error(_ code: String, _ message: String, at location: SourceLocation?,
                      notes: [Note] = [], fixIts: [FixIt] = []) {
        emit(.error(code, message, at: location, notes: notes, fixIts: fixIts))
    }

    public func warning(_ code: String, _ message: String, at location: SourceLocation?,
                        notes: [Note] = [], fixIts: [FixIt] = []) {
        emit(.warning(code, message, at: location, notes: notes, fixIts: fixIts))
    }

    public var hasErrors: Bool { errorCount > 0 }

    /// Diagnostics in file order (then by severity), so output is stable whatever order stages ran in.
    public var sorted: [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let la = a.element.location, lb = b.element.location
            if let la, let lb, la != lb {
                // The file numbers first: the names are looked up only when the files differ.
                if la.fileID != lb.fileID, la.file != lb.file { return la.file < lb.file }
                if la.line != lb.line { return la.line < lb.line }
                return la.column < lb.column
            }
            if (la == nil) != (lb == nil) { return la == nil }
            return a.offset < b.offset
        }.map(\.element)
    }
}
