import ArgumentParser
import Diagnostics
import Foundation

enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Prints what the front end found: text diagnostics to standard error (with source excerpts),
/// or one JSON document to standard output.
func emitDiagnostics(_ engine: DiagnosticEngine, format: DiagnosticFormat, sources: [String: [UInt8]], summary: Bool) {
    let diags = engine.sorted
    switch format {
    case .json:
        FileHandle.standardOutput.write(Data(JSONRenderer.render(diags).utf8))
    case .text:
        // Only the files a diagnostic points into are made text: a clean check of an 11 MB
        // contract made a second 11 MB copy here (and validated its UTF-8) to print nothing.
        let located = Set(diags.compactMap { $0.location?.file })
        var texts: [String: String] = [:]
        for (k, v) in sources where located.contains(k) { texts[k] = String(decoding: v, as: UTF8.self) }
        var out = TextRenderer.render(diags, sources: texts)
        if summary || !diags.isEmpty { out += TextRenderer.summary(errors: engine.errorCount, warnings: engine.warningCount) + "\n" }
        FileHandle.standardError.write(Data(out.utf8))
    }
}
