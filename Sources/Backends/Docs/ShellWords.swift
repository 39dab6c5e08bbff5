/// The one shell-quoting function of the generated documents: every command a runbook prints is
/// built as a list of words and joined here, so a name can never split a word or expand.
///
/// Names reaching commands are validated (table names `[A-Za-z0-9_.-]`, bucket names, job names),
/// so most words need no quotes; anything else (a JMESPath `Contents[].Key`, a name with a space
/// or a quote) is single-quoted POSIX-style, where nothing is special but `'` itself, written `'\''`.
public enum ShellWords {
    /// Characters that mean nothing to a POSIX shell anywhere in a word (no glob, no expansion,
    /// no separator, no `~` at the start, no `=` that could read as an assignment at the start).
    /// A table by ASCII byte: the runbooks quote every word of ~50 commands per table, and
    /// hashing each `Character` into a `Set` was a fifth of a 1,000-table generate. Any byte of a
    /// non-ASCII character is not plain, so such a word is quoted, as before.
    static let plain: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for b in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:@%+,=".utf8 { table[Int(b)] = true }
        return table
    }()

    public static func quote(_ word: String) -> String {
        if !word.isEmpty, word.utf8.allSatisfy({ $0 < 0x80 && plain[Int($0)] }), word.utf8.first != UInt8(ascii: "=") { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The words as one command line, each quoted as needed.
    public static func command(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }
}
