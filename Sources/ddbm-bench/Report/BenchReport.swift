/// The bench's printed result: a table of timings per view, then every target with PASS/MISS.
struct BenchReport {
    static let referenceLimit = 1.25
    static let rangeSumLimit = 1.5
    static let slowestRangeLimit = 2.0
    static let generateLimit = 1.0

    var views: [ViewMeasurement] = []
    var generate: GenerateMeasurement?

    var targets: [Target] {
        var out: [Target] = []
        for view in views {
            if let reference = view.reference, reference.seconds > 0 {
                out.append(Target(subject: "\(view.view): full read / reference", measured: view.full / reference.seconds,
                                  limit: Self.referenceLimit, comparison: .atMost, format: Format.ratio))
            }
            if !view.ranges.isEmpty, view.full > 0 {
                out.append(Target(subject: "\(view.view): \(view.ranges.count) ranges summed / full read",
                                  measured: view.rangeSum / view.full, limit: Self.rangeSumLimit,
                                  comparison: .atMost, format: Format.ratio))
                out.append(Target(subject: "\(view.view): slowest range / (full read / \(view.ranges.count))",
                                  measured: view.slowestRange / view.fairShare, limit: Self.slowestRangeLimit,
                                  comparison: .atMost, format: Format.ratio))
            }
        }
        if let generate {
            out.append(Target(subject: "generate \(Format.count(generate.tables))-table contract (\(generate.how))",
                              measured: generate.seconds, limit: Self.generateLimit, comparison: .below,
                              format: Format.seconds))
        }
        return out
    }

    func render() -> String {
        var out = ""
        if !views.isEmpty {
            let header = ["view", "rows", "cols", "full read", "reference", "view/ref", "base tables", "view/base",
                          "bounds", "ranges sum", "slowest range"]
            let rows = views.map { v -> [String] in
                [v.view, Format.count(v.rows), String(v.columns), Format.seconds(v.full),
                 v.reference.map { Format.seconds($0.seconds) } ?? "none",
                 v.reference.map { $0.seconds > 0 ? Format.ratio(v.full / $0.seconds) : "-" } ?? "-",
                 Format.seconds(v.base), v.base > 0 ? Format.ratio(v.full / v.base) : "-",
                 Format.seconds(v.bounds),
                 v.ranges.isEmpty ? "-" : Format.seconds(v.rangeSum),
                 v.ranges.isEmpty ? "-" : Format.seconds(v.slowestRange)]
            }
            out += TextTable.render(header: header, rows: rows) + "\n"
            for v in views {
                out += "\(v.view) reads \(v.baseTables.joined(separator: ", "))"
                if let reference = v.reference { out += "; reference \(reference.path)" }
                out += "\n  ranges (rows, time): "
                out += v.ranges.map { "\(Format.count($0.rows)) \(Format.seconds($0.seconds))" }.joined(separator: " | ")
                out += "\n"
            }
            out += "\n"
        }
        let targets = targets
        out += TextTable.render(header: ["target", "measured", "limit", "result"], rows: targets.map(\.row))
        if let generate {
            out += "\ngenerate: \(Format.seconds(generate.seconds)) wall, \(Format.seconds(generate.cpuSeconds)) CPU (median)\n"
        }
        let misses = targets.filter { !$0.passed }.count
        out += "\n\(targets.count - misses) of \(targets.count) targets met"
        out += misses == 0 ? "\n" : "; \(misses) missed (see EXPLAIN above for views)\n"
        return out
    }
}
