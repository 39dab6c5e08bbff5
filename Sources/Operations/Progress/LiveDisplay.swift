import Foundation

/// Shows a block of progress lines that updates in place on a terminal, with log lines
/// scrolling above it; elsewhere (a pipe, a CI log) it prints each line that changed, once.
///
/// On a terminal a redraw moves the cursor up over the block (`ESC [ n A`) and rewrites each
/// line after clearing it (`ESC [ 2 K`, ECMA-48 CUU and EL); lines the new block no longer has
/// are cleared too. Only ever used when standard output is a TTY (`isatty(1)`).
public final class LiveDisplay: @unchecked Sendable {
    private let isTerminal: Bool
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    private var block: [String] = []
    private var printed: [String: String] = [:]

    public init(isTerminal: Bool, write: @escaping @Sendable (String) -> Void) {
        self.isTerminal = isTerminal
        self.write = write
    }

    /// Standard output, redrawn in place when it is a terminal. Written through stdio and
    /// flushed, so it keeps its place among the command's other `print`ed lines.
    public static func standardOutput() -> LiveDisplay {
        LiveDisplay(isTerminal: isatty(STDOUT_FILENO) == 1) { text in
            print(text, terminator: "")
            fflush(stdout)
        }
    }

    /// A line that stays (started, state changes): printed above the block.
    public func log(_ line: String) {
        lock.lock(); defer { lock.unlock() }
        if isTerminal {
            write(Self.frame(previousLines: block.count, lines: [line] + block))
        } else {
            write(line + "\n")
        }
    }

    /// The progress block: one line per table, keyed by the text before the first two spaces.
    public func show(_ lines: [String]) {
        lock.lock(); defer { lock.unlock() }
        if isTerminal {
            guard lines != block else { return }
            write(Self.frame(previousLines: block.count, lines: lines))
            block = lines
            return
        }
        for line in lines {
            let key = String(line.prefix { $0 != " " })
            if printed[key] != line {
                printed[key] = line
                write(line + "\n")
            }
        }
    }

    /// Leaves the last block on screen and stops redrawing over it.
    public func finish() {
        lock.lock(); defer { lock.unlock() }
        block = []
        printed = [:]
    }

    /// The bytes that replace a block of `previousLines` lines (the cursor sits just below it)
    /// with `lines`: cursor up, then each line cleared and rewritten, then leftovers cleared.
    public static func frame(previousLines: Int, lines: [String]) -> String {
        var out = previousLines > 0 ? "\u{1B}[\(previousLines)A" : ""
        for line in lines { out += "\r\u{1B}[2K" + line + "\n" }
        let leftover = previousLines - lines.count
        if leftover > 0 {
            for _ in 0..<leftover { out += "\r\u{1B}[2K\n" }
            out += "\u{1B}[\(leftover)A"
        }
        return out
    }
}
