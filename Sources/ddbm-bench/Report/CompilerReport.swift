/// The compiler's figures (issue 8, "Speed"): `check` and `generate` of the synthetic contract
/// as processes, against their targets, with the in-process phase breakdown beside them.
struct CompilerReport {
    /// `check` of the 1,000-table contract, wall and CPU seconds.
    static let checkLimit = 0.15
    /// `generate` of it, everything it writes, wall and CPU seconds.
    static let generateLimit = 0.4
    /// `check`'s peak resident set over the contract's size in bytes.
    static let checkMemoryRatioLimit = 5.0

    let measurement: CompilerMeasurement

    var targets: [Target] {
        let m = measurement
        let what = "\(Format.count(m.phases.tables))-table contract"
        return [
            Target(subject: "check \(what), wall", measured: m.check.seconds, limit: Self.checkLimit,
                   comparison: .atMost, format: Format.seconds),
            Target(subject: "check \(what), CPU", measured: m.check.cpuSeconds, limit: Self.checkLimit,
                   comparison: .atMost, format: Format.seconds),
            Target(subject: "generate \(what), wall", measured: m.generate.seconds, limit: Self.generateLimit,
                   comparison: .atMost, format: Format.seconds),
            Target(subject: "generate \(what), CPU", measured: m.generate.cpuSeconds, limit: Self.generateLimit,
                   comparison: .atMost, format: Format.seconds),
            Target(subject: "check peak RSS / contract size", measured: Double(m.check.peakRSSBytes) / Double(max(m.contractBytes, 1)),
                   limit: Self.checkMemoryRatioLimit, comparison: .atMost, format: Format.ratio),
        ]
    }

    /// A warning when `generate` spent more time in the kernel than in itself. Creating its
    /// ~8,000 files in a fresh directory costs ~0.25 s of system time here; far more means the
    /// kernel is searching past inodes freed shortly before (a journal-less ext4 skips those
    /// freed in the last minutes, bench/README.md §2), and the figure is of that file system's
    /// state, not of the compiler.
    static func fileCreationNote(_ generate: CompilerMeasurement.Command) -> String? {
        let user = generate.cpuSeconds - generate.systemSeconds
        guard generate.systemSeconds > max(user, 0.5) else { return nil }
        return "  note: generate's system time (\(Format.seconds(generate.systemSeconds))) exceeds its user time "
            + "(\(Format.seconds(user))): files deleted shortly before on the scratch file system slow every file it creates; "
            + "run again later or pass --scratch on another file system\n"
    }

    func render() -> String {
        let m = measurement
        var out = "compiler: \(m.contract) (\(mebibytes(m.contractBytes)), \(Format.count(m.phases.tables)) tables), "
            + "median of the timed runs after a warm-up\n"
        func cpu(_ c: CompilerMeasurement.Command) -> String {
            "\(Format.seconds(c.cpuSeconds)) CPU (\(Format.seconds(c.systemSeconds)) of it system)"
        }
        out += "  check:    \(Format.seconds(m.check.seconds)) wall, \(cpu(m.check)), peak RSS \(mebibytes(m.check.peakRSSBytes))\n"
        out += "  generate: \(Format.seconds(m.generate.seconds)) wall, \(cpu(m.generate)), peak RSS \(mebibytes(m.generate.peakRSSBytes))\n"
        if let note = Self.fileCreationNote(m.generate) { out += note }
        out += "  regenerate over its output (untargeted; unchanged files are linked): \(Format.seconds(m.regenerate.seconds)) wall, "
            + "\(cpu(m.regenerate))\n"
        out += "  cp -r of its output (untargeted; the same files written, nothing compiled): \(Format.seconds(m.copy.seconds)) wall, "
            + "\(cpu(m.copy))\n"
        let total = m.phases.phases.reduce(0) { $0 + $1.seconds }
        out += "  phases in one process (untargeted; no process start or exit):\n"
        out += TextTable.render(header: ["phase", "time", "share"], rows: m.phases.phases.map { phase in
            [phase.name, Format.seconds(phase.seconds), total > 0 ? String(format: "%.0f %%", 100 * phase.seconds / total) : "-"]
        } + [["total", Format.seconds(total), ""]])
        out += "\n"
        let targets = targets
        out += TextTable.render(header: ["target", "measured", "limit", "result"], rows: targets.map(\.row))
        let misses = targets.filter { !$0.passed }.count
        out += "\n\(targets.count - misses) of \(targets.count) compiler targets met\n"
        return out
    }

    private func mebibytes(_ bytes: Int) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
}
